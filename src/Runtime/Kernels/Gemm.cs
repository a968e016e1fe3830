using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Row-major single-precision matrix products for the shapes training and inference need:
/// <c>a·b</c> (forward), <c>aᵀ·b</c> (weight gradients), <c>a·bᵀ</c> (input gradients). Packed and register-blocked
/// (see Gemm.Driver.cs), on the widest vectors the machine accelerates. Single-threaded, allocation-free after the
/// first call on a thread, and deterministic: the same inputs give the same bits on every run on one machine.
/// </summary>
/// <remarks>
/// <c>c</c> must not overlap <c>a</c> or <c>b</c> (the result is undefined if it does). <c>accumulate</c> false
/// overwrites <c>c</c>, true adds to it. Spans may be longer than the matrices; only the leading elements are used.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Gemm
{
    /// <summary><c>c[m, n] (+)= a[m, k] · b[k, n]</c>.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(m, k, n, a.Length, (long)m * k, b.Length, (long)k * n, c.Length, (long)m * n);
        Dispatch(Path.Best, a, k, 1, b, n, 1, c, m, n, k, accumulate);
    }

    /// <summary><c>c[k, n] (+)= a[m, k]ᵀ · b[m, n]</c>: the weight gradient <c>xᵀ · dy</c> of a dense layer.</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
    {
        Check(m, k, n, a.Length, (long)m * k, b.Length, (long)m * n, c.Length, (long)k * n);
        Dispatch(Path.Best, a, 1, k, b, n, 1, c, k, n, m, accumulate);
    }

    /// <summary><c>c[m, k] (+)= a[m, n] · b[k, n]ᵀ</c>: the input gradient <c>dy · Wᵀ</c> of a dense layer.</summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool accumulate)
    {
        Check(m, n, k, a.Length, (long)m * n, b.Length, (long)k * n, c.Length, (long)m * k);
        Dispatch(Path.Best, a, n, 1, b, 1, n, c, m, k, n, accumulate);
    }

    /// <summary>
    /// <c>c[m, n] (+)= a[m, k] · b[k, n]</c>, the same as <see cref="Multiply"/> (kept for the convolution kernel, which
    /// called the register-tiled product by this name before <see cref="Multiply"/> was tiled too).
    /// </summary>
    public static void MultiplyTiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
        => Multiply(a, b, c, m, k, n, accumulate);

    /// <summary><c>c[k, n] (+)= a[m, k]ᵀ · b[m, n]</c>, the same as <see cref="MultiplyTransposedA"/> (see <see cref="MultiplyTiled"/>).</summary>
    public static void MultiplyTransposedATiled(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate)
        => MultiplyTransposedA(a, b, c, m, k, n, accumulate);

    /// <summary>Which micro-kernel family to run; <see cref="Best"/> is the widest the machine accelerates. The others exist for tests and benchmarks.</summary>
    internal enum Path { Best, Vector512, Vector256, Vector128, Scalar }

    /// <summary>The family <see cref="Path.Best"/> stands for on this machine.</summary>
    internal static Path BestPath =>
        Vector512.IsHardwareAccelerated ? Path.Vector512 :
        Vector256.IsHardwareAccelerated ? Path.Vector256 :
        Vector128.IsHardwareAccelerated ? Path.Vector128 : Path.Scalar;

    /// <summary>
    /// <c>C[M, N] (+)= A[M, K] · B[K, N]</c> with <c>A(i, p) = a[i·rsA + p·csA]</c>, <c>B(p, j) = b[p·rsB + j·csB]</c>,
    /// <c>C</c> row-major. Lengths must have been checked.
    /// </summary>
    internal static void Dispatch(Path path, ReadOnlySpan<float> a, nint rsA, nint csA, ReadOnlySpan<float> b, nint rsB, nint csB,
        Span<float> c, int m, int n, int k, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c.Slice(0, m * n).Clear();
            return;
        }
        ref float ar = ref MemoryMarshal.GetReference(a), br = ref MemoryMarshal.GetReference(b), cr = ref MemoryMarshal.GetReference(c);
        switch (path == Path.Best ? BestPath : path)
        {
            case Path.Vector512: Run<V512, Vector512<float>>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, m, n, k, accumulate); break;
            case Path.Vector256: Run<V256, Vector256<float>>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, m, n, k, accumulate); break;
            case Path.Vector128: Run<V128, Vector128<float>>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, m, n, k, accumulate); break;
            default: Run<Scalar, float>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, m, n, k, accumulate); break;
        }
    }

    /// <summary>
    /// The kernels read through unchecked references, so sizes and lengths are checked here once. Names follow the
    /// public signatures: the three sizes as given, then <c>a</c>, <c>b</c>, <c>c</c>.
    /// </summary>
    private static void Check(int s0, int s1, int s2, int aLength, long aNeeded, int bLength, long bNeeded, int cLength, long cNeeded)
    {
        if (s0 < 0 || s1 < 0 || s2 < 0) throw new ArgumentOutOfRangeException(null, $"Expected non-negative matrix sizes, but received {s0}, {s1}, {s2}.");
        if (aLength < aNeeded) throw new ArgumentException($"Expected a to hold at least {aNeeded} values, but its length is {aLength}.", "a");
        if (bLength < bNeeded) throw new ArgumentException($"Expected b to hold at least {bNeeded} values, but its length is {bLength}.", "b");
        if (cLength < cNeeded) throw new ArgumentException($"Expected c to hold at least {cNeeded} values, but its length is {cLength}.", "c");
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
}
