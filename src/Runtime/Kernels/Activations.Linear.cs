using System.Numerics;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>Keras <c>linear</c> (also <c>activation=None</c>): <c>y = x</c>, a copy (nothing when in place).</summary>
    public static void Linear(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        x.CopyTo(y);
    }

    /// <summary>Gradient of <see cref="Linear"/>: <c>dx = dy</c>.</summary>
    public static void LinearGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        CheckLengths(x, y, dy, dx);
        dy.CopyTo(dx);
    }

    /// <summary>Keras <c>exponential</c>: <c>y = eˣ</c> (<see cref="TensorPrimitives.Exp{T}(ReadOnlySpan{T}, Span{T})"/>).</summary>
    public static void Exponential(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        TensorPrimitives.Exp(x, y);
    }

    /// <summary>Gradient of <see cref="Exponential"/>: <c>dx = y·dy</c> (y = eˣ).</summary>
    public static void ExponentialGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new ExponentialGradientOperator(), x, y, dy, dx);

    /// <summary><c>dx = y·dy</c>.</summary>
    private readonly struct ExponentialGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => y * dy;
        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) => y * dy;
    }
}
