using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// Batch-1 products (M = 1): memory-bound, so no packing; the weights stream once from cache.
public static partial class Gemm
{
    /// <summary>
    /// <c>c[j] (+)= Σ_p A(0, p) · B(p, j)</c>: one row of output (batch-1 inference). Row-major b streams once, row by
    /// row, through <see cref="GemvPass{TV, TVec, TVectors}"/>: up to <see cref="GemvMaxVectors"/> vectors of columns
    /// per pass with their sums in registers (the MLP's 784 × 100 layer is a single pass over contiguous memory, which
    /// the hardware prefetcher follows; several narrower passes over the same rows each refetched the lines they
    /// shared). Transposed b with contiguous a: one dot product per output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Gemv<TV, TVec>(ref float a, nint csA, ref float b, nint rsB, nint csB, ref float c, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        if (csB == 1)
        {
            int w = TV.Count;
            for (int j = 0; j < n;)
            {
                // Whole vectors of this pass, and whether the last columns (fewer than a vector) ride along in it.
                int vectors = Math.Min((n - j) / w, GemvMaxVectors);
                int tail = n - j - vectors * w;
                if (tail >= w) tail = 0;
                ref float bj = ref Unsafe.Add(ref b, j);
                ref float cj = ref Unsafe.Add(ref c, j);
                switch (vectors)
                {
                    case 0: GemvPass<TV, TVec, Const0>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 1: GemvPass<TV, TVec, Const1>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 2: GemvPass<TV, TVec, Const2>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 3: GemvPass<TV, TVec, Const3>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 4: GemvPass<TV, TVec, Const4>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 5: GemvPass<TV, TVec, Const5>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 6: GemvPass<TV, TVec, Const6>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    case 7: GemvPass<TV, TVec, Const7>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                    default: GemvPass<TV, TVec, Const8>(ref a, csA, ref bj, rsB, ref cj, tail, n - j, k, accumulate); break;
                }
                j += vectors * w + tail;
            }
            return;
        }
        // csA = 1 here (Run checks): each output is a dot product of two contiguous runs when rsB = 1.
        for (int j = 0; j < n; j++)
        {
            float dot = Dot<TV, TVec>(ref a, ref Unsafe.Add(ref b, j * csB), rsB, k);
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + dot : dot;
        }
    }

    /// <summary>Vectors of columns one GEMV pass keeps in registers: 2 × (8 + 1) sums + 2 broadcasts fit 32 zmm.</summary>
    internal const int GemvMaxVectors = 8;

    /// <summary>
    /// One pass of a GEMV over all k rows of b for <typeparamref name="TVectors"/> vectors of columns plus
    /// <paramref name="tail"/> (&lt; one vector) more. Rows go two at a time into two sets of sums (enough independent
    /// chains to hide the multiply-add latency when the pass is narrow), added at the end. The tail is a whole vector
    /// whose extra lanes read the next row's first floats and are discarded; the last rows, where that read would pass
    /// the end of b (<paramref name="remaining"/> columns from here to the end of a row), add their tail one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GemvPass<TV, TVec, TVectors>(ref float a, nint csA, ref float b, nint rsB, ref float c, int tail, int remaining, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TVectors : struct, IConstant
    {
        int v = TVectors.Value;
        nint w = TV.Count;
        nint tailAt = v * w;
        // Rows whose whole tail vector lies within b: p·rsB + tailAt + w ≤ (k − 1)·rsB + remaining.
        nint lastStart = (k - 1) * rsB + remaining - tailAt - w;
        int vectorRows = tail == 0 || lastStart < 0 ? 0 : (int)Math.Min(lastStart / rsB + 1, k);
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, s4 = TV.Zero, s5 = TV.Zero, s6 = TV.Zero, s7 = TV.Zero, sT = TV.Zero;
        TVec t0 = TV.Zero, t1 = TV.Zero, t2 = TV.Zero, t3 = TV.Zero, t4 = TV.Zero, t5 = TV.Zero, t6 = TV.Zero, t7 = TV.Zero, tT = TV.Zero;
        // b larger than L1 streams from L2: prefetch it (see below).
        bool prefetch = (long)k * rsB * sizeof(float) > GemvPrefetchAbove;
        ref float bp = ref b;
        int p = 0;
        for (; p + 2 <= k; p += 2, bp = ref Unsafe.Add(ref bp, 2 * rsB))
        {
            TVec x = TV.Broadcast(Unsafe.Add(ref a, p * csA)), y = TV.Broadcast(Unsafe.Add(ref a, (p + 1) * csA));
            ref float bq = ref Unsafe.Add(ref bp, rsB);
            // Ask for the lines GemvPrefetchRows ahead now: the hardware prefetcher alone streams b from L2 at about
            // two thirds of the rate these hints reach (measured: 112 vs 163 GB/s reading 313 KB on Zen 5).
            if (prefetch)
            {
                ref float ahead = ref Unsafe.Add(ref bp, GemvPrefetchRows * rsB);
                for (int row = 0; row < 2; row++, ahead = ref Unsafe.Add(ref ahead, rsB))
                {
                    if (v > 0) Prefetch(ref ahead, 0);
                    if (v > 1) Prefetch(ref ahead, w);
                    if (v > 2) Prefetch(ref ahead, 2 * w);
                    if (v > 3) Prefetch(ref ahead, 3 * w);
                    if (v > 4) Prefetch(ref ahead, 4 * w);
                    if (v > 5) Prefetch(ref ahead, 5 * w);
                    if (v > 6) Prefetch(ref ahead, 6 * w);
                    if (v > 7) Prefetch(ref ahead, 7 * w);
                    if (tail > 0) Prefetch(ref ahead, tailAt);
                }
            }
            if (v > 0) { s0 = TV.MultiplyAdd(x, TV.Load(ref bp, 0), s0); t0 = TV.MultiplyAdd(y, TV.Load(ref bq, 0), t0); }
            if (v > 1) { s1 = TV.MultiplyAdd(x, TV.Load(ref bp, w), s1); t1 = TV.MultiplyAdd(y, TV.Load(ref bq, w), t1); }
            if (v > 2) { s2 = TV.MultiplyAdd(x, TV.Load(ref bp, 2 * w), s2); t2 = TV.MultiplyAdd(y, TV.Load(ref bq, 2 * w), t2); }
            if (v > 3) { s3 = TV.MultiplyAdd(x, TV.Load(ref bp, 3 * w), s3); t3 = TV.MultiplyAdd(y, TV.Load(ref bq, 3 * w), t3); }
            if (v > 4) { s4 = TV.MultiplyAdd(x, TV.Load(ref bp, 4 * w), s4); t4 = TV.MultiplyAdd(y, TV.Load(ref bq, 4 * w), t4); }
            if (v > 5) { s5 = TV.MultiplyAdd(x, TV.Load(ref bp, 5 * w), s5); t5 = TV.MultiplyAdd(y, TV.Load(ref bq, 5 * w), t5); }
            if (v > 6) { s6 = TV.MultiplyAdd(x, TV.Load(ref bp, 6 * w), s6); t6 = TV.MultiplyAdd(y, TV.Load(ref bq, 6 * w), t6); }
            if (v > 7) { s7 = TV.MultiplyAdd(x, TV.Load(ref bp, 7 * w), s7); t7 = TV.MultiplyAdd(y, TV.Load(ref bq, 7 * w), t7); }
            if (p + 1 < vectorRows) { sT = TV.MultiplyAdd(x, TV.Load(ref bp, tailAt), sT); tT = TV.MultiplyAdd(y, TV.Load(ref bq, tailAt), tT); }
        }
        if (p < k)
        {
            TVec x = TV.Broadcast(Unsafe.Add(ref a, p * csA));
            if (v > 0) s0 = TV.MultiplyAdd(x, TV.Load(ref bp, 0), s0);
            if (v > 1) s1 = TV.MultiplyAdd(x, TV.Load(ref bp, w), s1);
            if (v > 2) s2 = TV.MultiplyAdd(x, TV.Load(ref bp, 2 * w), s2);
            if (v > 3) s3 = TV.MultiplyAdd(x, TV.Load(ref bp, 3 * w), s3);
            if (v > 4) s4 = TV.MultiplyAdd(x, TV.Load(ref bp, 4 * w), s4);
            if (v > 5) s5 = TV.MultiplyAdd(x, TV.Load(ref bp, 5 * w), s5);
            if (v > 6) s6 = TV.MultiplyAdd(x, TV.Load(ref bp, 6 * w), s6);
            if (v > 7) s7 = TV.MultiplyAdd(x, TV.Load(ref bp, 7 * w), s7);
        }
        if (v > 0) StoreSum<TV, TVec>(TV.Add(s0, t0), ref c, 0, accumulate);
        if (v > 1) StoreSum<TV, TVec>(TV.Add(s1, t1), ref c, w, accumulate);
        if (v > 2) StoreSum<TV, TVec>(TV.Add(s2, t2), ref c, 2 * w, accumulate);
        if (v > 3) StoreSum<TV, TVec>(TV.Add(s3, t3), ref c, 3 * w, accumulate);
        if (v > 4) StoreSum<TV, TVec>(TV.Add(s4, t4), ref c, 4 * w, accumulate);
        if (v > 5) StoreSum<TV, TVec>(TV.Add(s5, t5), ref c, 5 * w, accumulate);
        if (v > 6) StoreSum<TV, TVec>(TV.Add(s6, t6), ref c, 6 * w, accumulate);
        if (v > 7) StoreSum<TV, TVec>(TV.Add(s7, t7), ref c, 7 * w, accumulate);
        if (tail > 0) GemvTail<TV, TVec>(TV.Add(sT, tT), ref a, csA, ref Unsafe.Add(ref b, tailAt), rsB, ref Unsafe.Add(ref c, tailAt), tail, vectorRows & ~1, k, accumulate);
    }

    /// <summary>The tail columns: the vector sums of rows below <paramref name="fromRow"/>, then the other rows one by one.</summary>
    private static void GemvTail<TV, TVec>(TVec sums, ref float a, nint csA, ref float b, nint rsB, ref float c, int tail, int fromRow, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        Span<float> lanes = stackalloc float[TV.Count];
        TV.Store(sums, ref lanes[0], 0);
        for (int j = 0; j < tail; j++)
        {
            float s = lanes[j];
            for (int p = fromRow; p < k; p++) s = float.MultiplyAddEstimate(Unsafe.Add(ref a, p * csA), Unsafe.Add(ref b, p * rsB + j), s);
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + s : s;
        }
    }

    /// <summary>Rows of b ahead of the current pair whose cache lines a GEMV pass requests early.</summary>
    private const int GemvPrefetchRows = 4;

    /// <summary>Bytes of b above which a GEMV pass prefetches (below, b stays in the 48 KB L1 between calls).</summary>
    private const long GemvPrefetchAbove = 32 * 1024;

    /// <summary>A hint to load the cache line holding <c>at[offset]</c> into L1; no fault past the end, no effect without SSE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float at, nint offset)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref at, offset)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSum<TV, TVec>(TVec sum, ref float c, nint offset, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => TV.Store(accumulate ? TV.Add(TV.Load(ref c, offset), sum) : sum, ref c, offset);

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
