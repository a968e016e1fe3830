using System.Numerics;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>Keras <c>tanh</c>: <c>y = tanh(x)</c> (<see cref="TensorPrimitives.Tanh{T}"/>).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        TensorPrimitives.Tanh(x, y);
    }

    /// <summary>Gradient of <see cref="Tanh"/>: <c>dx = (1 − y²)·dy</c>, evaluated as <c>(1 − y)(1 + y)</c>.</summary>
    public static void TanhGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new TanhGradientOperator(), x, y, dy, dx);

    /// <summary><c>dx = (1 − y)(1 + y)·dy</c>.</summary>
    private readonly struct TanhGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => (1f - y) * (1f + y) * dy;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            (Vector<float>.One - y) * (Vector<float>.One + y) * dy;
    }
}
