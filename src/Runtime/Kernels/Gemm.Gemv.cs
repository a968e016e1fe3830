using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// Batch-1 products (M = 1): memory-bound, so no packing; the weights stream once from cache.
public static partial class Gemm
{
    /// <summary>
    /// <c>c[j] (+)= Σ_p A(0, p) · B(p, j)</c>: one row of output (batch-1 inference). Row-major b: blocks of columns
    /// whose accumulators stay in registers while b streams by rows, each block with enough independent chains (rows
    /// taken two or four at a time into separate sums, added at the end) that the loop is bound by loading b, not by
    /// the latency of the multiply-adds; transposed b with contiguous a: one dot product per output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Gemv<TV, TVec>(ref float a, nint csA, ref float b, nint rsB, nint csB, ref float c, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint w = TV.Count;
        int j = 0;
        if (csB == 1)
        {
            for (; j + 4 * w <= n; j += 4 * (int)w) GemvBlock4<TV, TVec>(ref a, csA, ref Unsafe.Add(ref b, j), rsB, ref Unsafe.Add(ref c, j), k, accumulate);
            for (; j + w <= n; j += (int)w) GemvBlock1<TV, TVec>(ref a, csA, ref Unsafe.Add(ref b, j), rsB, ref Unsafe.Add(ref c, j), k, accumulate);
            // Fewer columns than a vector: 4-wide vectors where the machine has them, then single columns.
            if (TV.Count > 4 && Vector128.IsHardwareAccelerated)
                for (; j + 4 <= n; j += 4) GemvBlock1<V128, Vector128<float>>(ref a, csA, ref Unsafe.Add(ref b, j), rsB, ref Unsafe.Add(ref c, j), k, accumulate);
            for (; j < n; j++)
            {
                ref float bj = ref Unsafe.Add(ref b, j);
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int p = 0;
                for (; p + 4 <= k; p += 4)
                {
                    s0 = float.MultiplyAddEstimate(Unsafe.Add(ref a, p * csA), Unsafe.Add(ref bj, p * rsB), s0);
                    s1 = float.MultiplyAddEstimate(Unsafe.Add(ref a, (p + 1) * csA), Unsafe.Add(ref bj, (p + 1) * rsB), s1);
                    s2 = float.MultiplyAddEstimate(Unsafe.Add(ref a, (p + 2) * csA), Unsafe.Add(ref bj, (p + 2) * rsB), s2);
                    s3 = float.MultiplyAddEstimate(Unsafe.Add(ref a, (p + 3) * csA), Unsafe.Add(ref bj, (p + 3) * rsB), s3);
                }
                for (; p < k; p++) s0 = float.MultiplyAddEstimate(Unsafe.Add(ref a, p * csA), Unsafe.Add(ref bj, p * rsB), s0);
                float s = (s0 + s1) + (s2 + s3);
                Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + s : s;
            }
            return;
        }
        // csA = 1 here (Run checks): each output is a dot product of two contiguous runs when rsB = 1.
        for (; j < n; j++)
        {
            float dot = Dot<TV, TVec>(ref a, ref Unsafe.Add(ref b, j * csB), rsB, k);
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + dot : dot;
        }
    }

    /// <summary>Four vectors of columns of a GEMV, rows two at a time into two sets of sums (eight chains).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemvBlock4<TV, TVec>(ref float a, nint csA, ref float b, nint rsB, ref float c, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint w = TV.Count;
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, t0 = TV.Zero, t1 = TV.Zero, t2 = TV.Zero, t3 = TV.Zero;
        ref float bp = ref b;
        int p = 0;
        for (; p + 2 <= k; p += 2, bp = ref Unsafe.Add(ref bp, 2 * rsB))
        {
            TVec x = TV.Broadcast(Unsafe.Add(ref a, p * csA)), y = TV.Broadcast(Unsafe.Add(ref a, (p + 1) * csA));
            s0 = TV.MultiplyAdd(x, TV.Load(ref bp, 0), s0);
            s1 = TV.MultiplyAdd(x, TV.Load(ref bp, w), s1);
            s2 = TV.MultiplyAdd(x, TV.Load(ref bp, 2 * w), s2);
            s3 = TV.MultiplyAdd(x, TV.Load(ref bp, 3 * w), s3);
            t0 = TV.MultiplyAdd(y, TV.Load(ref bp, rsB), t0);
            t1 = TV.MultiplyAdd(y, TV.Load(ref bp, rsB + w), t1);
            t2 = TV.MultiplyAdd(y, TV.Load(ref bp, rsB + 2 * w), t2);
            t3 = TV.MultiplyAdd(y, TV.Load(ref bp, rsB + 3 * w), t3);
        }
        if (p < k)
        {
            TVec x = TV.Broadcast(Unsafe.Add(ref a, p * csA));
            s0 = TV.MultiplyAdd(x, TV.Load(ref bp, 0), s0);
            s1 = TV.MultiplyAdd(x, TV.Load(ref bp, w), s1);
            s2 = TV.MultiplyAdd(x, TV.Load(ref bp, 2 * w), s2);
            s3 = TV.MultiplyAdd(x, TV.Load(ref bp, 3 * w), s3);
        }
        s0 = TV.Add(s0, t0); s1 = TV.Add(s1, t1); s2 = TV.Add(s2, t2); s3 = TV.Add(s3, t3);
        if (accumulate)
        {
            s0 = TV.Add(TV.Load(ref c, 0), s0); s1 = TV.Add(TV.Load(ref c, w), s1);
            s2 = TV.Add(TV.Load(ref c, 2 * w), s2); s3 = TV.Add(TV.Load(ref c, 3 * w), s3);
        }
        TV.Store(s0, ref c, 0); TV.Store(s1, ref c, w); TV.Store(s2, ref c, 2 * w); TV.Store(s3, ref c, 3 * w);
    }

    /// <summary>One vector of columns of a GEMV, rows four at a time into four sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemvBlock1<TV, TVec>(ref float a, nint csA, ref float b, nint rsB, ref float c, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
        ref float bp = ref b;
        int p = 0;
        for (; p + 4 <= k; p += 4, bp = ref Unsafe.Add(ref bp, 4 * rsB))
        {
            s0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, p * csA)), TV.Load(ref bp, 0), s0);
            s1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, (p + 1) * csA)), TV.Load(ref bp, rsB), s1);
            s2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, (p + 2) * csA)), TV.Load(ref bp, 2 * rsB), s2);
            s3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, (p + 3) * csA)), TV.Load(ref bp, 3 * rsB), s3);
        }
        for (; p < k; p++, bp = ref Unsafe.Add(ref bp, rsB)) s0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref a, p * csA)), TV.Load(ref bp, 0), s0);
        TVec s = TV.Add(TV.Add(s0, s1), TV.Add(s2, s3));
        TV.Store(accumulate ? TV.Add(TV.Load(ref c, 0), s) : s, ref c, 0);
    }

    /// <summary><c>Σ_p x[p] · y[p·strideY]</c> with four vector accumulators, summed in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot<TV, TVec>(ref float x, ref float y, nint strideY, int k)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint w = TV.Count;
        int p = 0;
        float sum = 0f;
        if (strideY == 1)
        {
            TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
            for (; p + 4 * w <= k; p += 4 * (int)w)
            {
                s0 = TV.MultiplyAdd(TV.Load(ref x, p), TV.Load(ref y, p), s0);
                s1 = TV.MultiplyAdd(TV.Load(ref x, p + w), TV.Load(ref y, p + w), s1);
                s2 = TV.MultiplyAdd(TV.Load(ref x, p + 2 * w), TV.Load(ref y, p + 2 * w), s2);
                s3 = TV.MultiplyAdd(TV.Load(ref x, p + 3 * w), TV.Load(ref y, p + 3 * w), s3);
            }
            for (; p + w <= k; p += (int)w) s0 = TV.MultiplyAdd(TV.Load(ref x, p), TV.Load(ref y, p), s0);
            sum = TV.Sum(TV.Add(TV.Add(s0, s1), TV.Add(s2, s3)));
        }
        for (; p < k; p++) sum = float.MultiplyAddEstimate(Unsafe.Add(ref x, p), Unsafe.Add(ref y, p * strideY), sum);
        return sum;
    }
}
