using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

/// <summary>
/// Row-major single-precision matrix products for the three shapes training needs. Inputs are assumed
/// valid (the generated code passes constant, checked sizes); public entry points that take user data
/// validate before they get here.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// <c>c[m, n] (+)= a[m, k] · b[k, n]</c>. Each row of <c>c</c> is built as a sum of scaled rows of <c>b</c>
    /// (an axpy per element of <c>a</c>), which streams <c>b</c> contiguously and vectorizes over <c>n</c>.
    /// </summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c.Slice(0, m * n).Clear();
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * n, n);
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                float s = aRow[p];
                if (s != 0f) Axpy(s, b.Slice(p * n, n), cRow);
            }
        }
    }

    /// <summary>
    /// <c>c[k, n] (+)= a[m, k]ᵀ · b[m, n]</c>: the weight gradient <c>xᵀ · dy</c> of a dense layer.
    /// </summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c.Slice(0, k * n).Clear();
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * k, k);
            ReadOnlySpan<float> bRow = b.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float s = aRow[p];
                if (s != 0f) Axpy(s, bRow, c.Slice(p * n, n));
            }
        }
    }

    /// <summary>
    /// <c>c[m, k] (+)= a[m, n] · b[k, n]ᵀ</c>: the input gradient <c>dy · Wᵀ</c> of a dense layer, as dot products
    /// of contiguous rows.
    /// </summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<float> aRow = a.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                float dot = Dot(aRow, b.Slice(p * n, n));
                c[i * k + p] = accumulate ? c[i * k + p] + dot : dot;
            }
        }
    }

    /// <summary>
    /// <c>c[m, n] (+)= a[m, k] · b[k, n]</c>, as <see cref="Multiply"/>, but register-tiled: each 4 × 2-vector block of
    /// <c>c</c> stays in registers while <c>k</c> is walked, so <c>c</c> is loaded and stored once instead of once per
    /// element of <c>a</c>. Best when <c>n</c> is a few vectors wide (the filters of a convolution).
    /// </summary>
    public static void MultiplyTiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        CheckTiled(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        if (!accumulate) c.Slice(0, m * n).Clear();
        TiledCore(ref MemoryMarshal.GetReference(a), k, 1, ref MemoryMarshal.GetReference(b), ref MemoryMarshal.GetReference(c), m, k, n);
    }

    /// <summary>
    /// <c>c[k, n] (+)= a[m, k]ᵀ · b[m, n]</c>, as <see cref="MultiplyTransposedA"/>, register-tiled like
    /// <see cref="MultiplyTiled"/> (the weight gradient of a convolution: patchesᵀ · dy).
    /// </summary>
    public static void MultiplyTransposedATiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        CheckTiled(a.Length, m * k, b.Length, m * n, c.Length, k * n);
        if (!accumulate) c.Slice(0, k * n).Clear();
        TiledCore(ref MemoryMarshal.GetReference(a), 1, k, ref MemoryMarshal.GetReference(b), ref MemoryMarshal.GetReference(c), k, m, n);
    }

    private static void CheckTiled(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        // The tiled core reads through unchecked references, so the lengths are checked here once.
        if (aLength < aNeeded) throw new ArgumentException($"Expected a to hold at least {aNeeded} values, but its length is {aLength}.", "a");
        if (bLength < bNeeded) throw new ArgumentException($"Expected b to hold at least {bNeeded} values, but its length is {bLength}.", "b");
        if (cLength < cNeeded) throw new ArgumentException($"Expected c to hold at least {cNeeded} values, but its length is {cLength}.", "c");
    }

    /// <summary>
    /// <c>c[r, j] += Σ_q A(r, q) · b[q, j]</c> for <c>r &lt; rows</c>, <c>q &lt; inner</c>, <c>j &lt; n</c>, where
    /// <c>A(r, q) = a[r·rowStride + q·innerStride]</c> (so one core serves <c>a</c> and <c>aᵀ</c>), <c>b</c> and
    /// <c>c</c> row-major with row length <c>n</c>. Blocks of 4 rows × 2 vectors, then 1 row × 2 vectors, then single
    /// vectors, then a scalar column tail: the classic register-blocked micro-kernel (Goto and van de Geijn,
    /// "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), 2008), without packing.
    /// </summary>
    private static void TiledCore(ref float a, int rowStride, int innerStride, ref float b, ref float c, int rows, int inner, int n)
    {
        int w = Vector<float>.Count;
        int j = 0;
        for (; j + 2 * w <= n; j += 2 * w)
        {
            int r = 0;
            for (; r + 4 <= rows; r += 4) Tile4x2(ref a, rowStride, innerStride, ref b, ref c, r, j, inner, n);
            for (; r < rows; r++) Tile1x2(ref a, rowStride, innerStride, ref b, ref c, r, j, inner, n);
        }
        for (; j + w <= n; j += w)
        {
            for (int r = 0; r < rows; r++)
            {
                ref float cr = ref Unsafe.Add(ref c, r * n + j);
                Vector<float> acc = Vector.LoadUnsafe(ref cr);
                ref float ar = ref Unsafe.Add(ref a, r * rowStride);
                for (int q = 0; q < inner; q++)
                    acc = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref ar, q * innerStride)), Vector.LoadUnsafe(ref b, (nuint)(q * n + j)), acc);
                acc.StoreUnsafe(ref cr);
            }
        }
        for (; j < n; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                ref float ar = ref Unsafe.Add(ref a, r * rowStride);
                float sum = 0f;
                for (int q = 0; q < inner; q++) sum += Unsafe.Add(ref ar, q * innerStride) * Unsafe.Add(ref b, q * n + j);
                Unsafe.Add(ref c, r * n + j) += sum;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2(ref float a, int rowStride, int innerStride, ref float b, ref float c, int r, int j, int inner, int n)
    {
        int w = Vector<float>.Count;
        ref float c0 = ref Unsafe.Add(ref c, r * n + j);
        ref float c1 = ref Unsafe.Add(ref c0, n);
        ref float c2 = ref Unsafe.Add(ref c1, n);
        ref float c3 = ref Unsafe.Add(ref c2, n);
        Vector<float> s00 = Vector.LoadUnsafe(ref c0), s01 = Vector.LoadUnsafe(ref c0, (nuint)w);
        Vector<float> s10 = Vector.LoadUnsafe(ref c1), s11 = Vector.LoadUnsafe(ref c1, (nuint)w);
        Vector<float> s20 = Vector.LoadUnsafe(ref c2), s21 = Vector.LoadUnsafe(ref c2, (nuint)w);
        Vector<float> s30 = Vector.LoadUnsafe(ref c3), s31 = Vector.LoadUnsafe(ref c3, (nuint)w);
        ref float a0 = ref Unsafe.Add(ref a, r * rowStride);
        ref float a1 = ref Unsafe.Add(ref a0, rowStride);
        ref float a2 = ref Unsafe.Add(ref a1, rowStride);
        ref float a3 = ref Unsafe.Add(ref a2, rowStride);
        ref float bj = ref Unsafe.Add(ref b, j);
        for (int q = 0; q < inner; q++)
        {
            ref float bq = ref Unsafe.Add(ref bj, q * n);
            Vector<float> b0 = Vector.LoadUnsafe(ref bq), b1 = Vector.LoadUnsafe(ref bq, (nuint)w);
            int o = q * innerStride;
            var v = new Vector<float>(Unsafe.Add(ref a0, o));
            s00 = Vector.MultiplyAddEstimate(v, b0, s00); s01 = Vector.MultiplyAddEstimate(v, b1, s01);
            v = new Vector<float>(Unsafe.Add(ref a1, o));
            s10 = Vector.MultiplyAddEstimate(v, b0, s10); s11 = Vector.MultiplyAddEstimate(v, b1, s11);
            v = new Vector<float>(Unsafe.Add(ref a2, o));
            s20 = Vector.MultiplyAddEstimate(v, b0, s20); s21 = Vector.MultiplyAddEstimate(v, b1, s21);
            v = new Vector<float>(Unsafe.Add(ref a3, o));
            s30 = Vector.MultiplyAddEstimate(v, b0, s30); s31 = Vector.MultiplyAddEstimate(v, b1, s31);
        }
        s00.StoreUnsafe(ref c0); s01.StoreUnsafe(ref c0, (nuint)w);
        s10.StoreUnsafe(ref c1); s11.StoreUnsafe(ref c1, (nuint)w);
        s20.StoreUnsafe(ref c2); s21.StoreUnsafe(ref c2, (nuint)w);
        s30.StoreUnsafe(ref c3); s31.StoreUnsafe(ref c3, (nuint)w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x2(ref float a, int rowStride, int innerStride, ref float b, ref float c, int r, int j, int inner, int n)
    {
        int w = Vector<float>.Count;
        ref float c0 = ref Unsafe.Add(ref c, r * n + j);
        Vector<float> s0 = Vector.LoadUnsafe(ref c0), s1 = Vector.LoadUnsafe(ref c0, (nuint)w);
        ref float a0 = ref Unsafe.Add(ref a, r * rowStride);
        ref float bj = ref Unsafe.Add(ref b, j);
        for (int q = 0; q < inner; q++)
        {
            ref float bq = ref Unsafe.Add(ref bj, q * n);
            var v = new Vector<float>(Unsafe.Add(ref a0, q * innerStride));
            s0 = Vector.MultiplyAddEstimate(v, Vector.LoadUnsafe(ref bq), s0);
            s1 = Vector.MultiplyAddEstimate(v, Vector.LoadUnsafe(ref bq, (nuint)w), s1);
        }
        s0.StoreUnsafe(ref c0); s1.StoreUnsafe(ref c0, (nuint)w);
    }

    /// <summary><c>y += s · x</c>, element-wise over equal lengths.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Axpy(float s, ReadOnlySpan<float> x, Span<float> y)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var vs = new Vector<float>(s);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var yv = Vector.LoadUnsafe(ref yr, (nuint)i);
                var xv = Vector.LoadUnsafe(ref xr, (nuint)i);
                (yv + xv * vs).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) += s * Unsafe.Add(ref xr, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length >= 16) return TensorPrimitives.Dot(x, y);
        float sum = 0f;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }
}
