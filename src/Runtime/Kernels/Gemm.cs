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
