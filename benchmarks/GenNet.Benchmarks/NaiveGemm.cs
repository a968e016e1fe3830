using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Benchmarks;

/// <summary>
/// The baseline: GenNet's first Gemm (before packing and micro-kernels), kept verbatim so every benchmark can report
/// the ratio against it side by side. <c>a·b</c> as axpys of rows of b, <c>aᵀ·b</c> likewise, <c>a·bᵀ</c> as dot products.
/// </summary>
public static class NaiveGemm
{
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float s, ReadOnlySpan<float> x, Span<float> y)
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
