using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras activations over flat spans: <c>Name(x, y)</c> computes <c>y = f(x)</c> element-wise and
/// <c>NameGradient(x, y, dy, dx)</c> computes <c>dx = f′(x) · dy</c>, where <c>y</c> is what <c>Name</c> produced
/// from the same <c>x</c>. Softmax and log-softmax work on consecutive rows of <c>rowLength</c> values.
/// </summary>
/// <remarks>
/// All spans have the same length (checked once per call). <c>y</c> may be the very same span as <c>x</c> (in place)
/// and <c>dx</c> the very same span as <c>dy</c>; partially overlapping spans are not supported. Nothing allocates.
/// Formulas follow Keras 3 (<c>keras/src/activations</c>); at kinks the gradient takes Keras's side (relu′(0) = 0).
/// Each forward method and its gradient live in the same file and change together.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Activations
{
    /// <summary><c>y = f(x)</c> for one element, scalar and <see cref="Vector{T}"/> wide; both must agree.</summary>
    private interface IOperator
    {
        float Invoke(float x);
        Vector<float> Invoke(Vector<float> x);
    }

    /// <summary><c>dx = f′(x)·dy</c> for one element, from the input <c>x</c> and/or the output <c>y</c>.</summary>
    private interface IGradientOperator
    {
        float Invoke(float x, float y, float dy);
        Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy);
    }

    /// <summary>
    /// Applies <paramref name="op"/> to every element. Vectors of the hardware width (<see cref="Vector{T}"/>), then a
    /// scalar tail. Each block is loaded before it is stored, so <c>y</c> may alias <c>x</c>.
    /// </summary>
    private static void Map<TOperator>(TOperator op, ReadOnlySpan<float> x, Span<float> y)
        where TOperator : struct, IOperator
    {
        CheckLength(x.Length, y.Length, nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                op.Invoke(Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary>Applies a gradient operator element-wise; <c>dx</c> may alias <c>dy</c>.</summary>
    private static void MapGradient<TOperator>(TOperator op, ReadOnlySpan<float> x, ReadOnlySpan<float> y,
        ReadOnlySpan<float> dy, Span<float> dx)
        where TOperator : struct, IGradientOperator
    {
        CheckLengths(x, y, dy, dx);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        int n = x.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                op.Invoke(Vector.LoadUnsafe(ref xr, (nuint)i), Vector.LoadUnsafe(ref yr, (nuint)i),
                    Vector.LoadUnsafe(ref dyr, (nuint)i)).StoreUnsafe(ref dxr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dxr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), Unsafe.Add(ref dyr, i));
    }

    private static void CheckLength(int expected, int actual, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {name} to have length {expected} (the length of x), but its length is {actual}.", name);
    }

    private static void CheckLengths(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        CheckLength(x.Length, dy.Length, nameof(dy));
        CheckLength(x.Length, dx.Length, nameof(dx));
    }

    private static void CheckRowLength(int length, int rowLength)
    {
        if (rowLength <= 0 || length % rowLength != 0)
            throw new ArgumentException($"Expected rowLength to be positive and to divide the length {length}, but rowLength is {rowLength}.", nameof(rowLength));
    }

    /// <summary>
    /// <c>(1 − s, s) = (σ(−x), σ(x))</c> from a single <c>e = exp(−|x|) ∈ (0, 1]</c>, so neither side overflows or
    /// loses digits to <c>1 − s</c>: for <c>x ≥ 0</c>, <c>σ(x) = 1/(1+e)</c> and <c>σ(−x) = e/(1+e)</c>, mirrored below 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector<float> Sigmoid, Vector<float> Complement) SigmoidPair(Vector<float> x)
    {
        Vector<float> e = Vector.Exp(-Vector.Abs(x));
        Vector<float> p = Vector<float>.One / (Vector<float>.One + e);
        Vector<float> q = e * p;
        Vector<int> positive = Vector.GreaterThanOrEqual(x, Vector<float>.Zero);
        return (Vector.ConditionalSelect(positive, p, q), Vector.ConditionalSelect(positive, q, p));
    }

    /// <inheritdoc cref="SigmoidPair(Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Sigmoid, double Complement) SigmoidPair(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        double p = 1 / (1 + e), q = e * p;
        return x >= 0 ? (p, q) : (q, p);
    }

    /// <summary>
    /// <c>exp(x) − 1</c> without cancellation near 0: a degree-6 Taylor polynomial for |x| &lt; 0.1 (truncation
    /// error |x|⁷/5040 ≈ 2e-10 relative), <c>exp(x) − 1</c> beyond, where the subtraction loses under a digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<float> ExpM1(Vector<float> x)
    {
        Vector<float> p = new Vector<float>(1f / 720);
        p = p * x + new Vector<float>(1f / 120);
        p = p * x + new Vector<float>(1f / 24);
        p = p * x + new Vector<float>(1f / 6);
        p = p * x + new Vector<float>(0.5f);
        p = (p * x + Vector<float>.One) * x;
        Vector<float> big = Vector.Exp(x) - Vector<float>.One;
        return Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(0.1f)), p, big);
    }

    /// <summary>
    /// <c>exp(x) − 1</c> in double: <c>x + x²/2</c> below |x| = 1e-5 (relative error &lt; 2e-11), else the plain
    /// difference, which then loses at most 1e-11 relative.
    /// </summary>
    private static double ExpM1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x : Math.Exp(x) - 1;

    /// <summary>
    /// <c>log(1 + u)</c> for <c>u ≥ 0</c> accurate for tiny <c>u</c>: with <c>w = 1 + u</c> rounded,
    /// <c>log(w)·u/(w − 1)</c> cancels the rounding of <c>w</c> (D. Goldberg, "What every computer scientist should
    /// know about floating-point arithmetic", 1991, Theorem 4); <c>u</c> itself when <c>w</c> rounds to 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Log1P(Vector<float> u)
    {
        Vector<float> w = Vector<float>.One + u;
        Vector<float> r = Vector.Log(w) * u / (w - Vector<float>.One);
        return Vector.ConditionalSelect(Vector.Equals(w, Vector<float>.One), u, r);
    }

    /// <inheritdoc cref="Log1P(Vector{float})"/>
    private static double Log1P(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }
}
