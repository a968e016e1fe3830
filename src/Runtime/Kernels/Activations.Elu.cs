using System.Numerics;

namespace GenNet.Kernels;

public static partial class Activations
{
    private const float SeluAlpha = 1.6732632423543772f, SeluScale = 1.0507009873554805f;

    /// <summary>Keras <c>elu(x, alpha=α)</c>: <c>y = x</c> for x ≥ 0, <c>α·(eˣ − 1)</c> below (computed as expm1).</summary>
    public static void Elu(ReadOnlySpan<float> x, Span<float> y, float alpha = 1f) => Map(new EluOperator(alpha, 1f), x, y);

    /// <summary>Gradient of <see cref="Elu"/>: <c>dx = dy</c> for x ≥ 0 (Keras's side at 0), <c>α·eˣ·dy</c> below.</summary>
    public static void EluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        float alpha = 1f) =>
        MapGradient(new EluGradientOperator(alpha, 1f), x, y, dy, dx);

    /// <summary>Keras <c>selu</c>: <c>y = λ·elu(x, α)</c> with α = 1.6732632423543772, λ = 1.0507009873554805.</summary>
    public static void Selu(ReadOnlySpan<float> x, Span<float> y) => Map(new EluOperator(SeluAlpha, SeluScale), x, y);

    /// <summary>Gradient of <see cref="Selu"/>: <c>dx = λ·dy</c> for x ≥ 0, <c>λα·eˣ·dy</c> below.</summary>
    public static void SeluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new EluGradientOperator(SeluAlpha, SeluScale), x, y, dy, dx);

    /// <summary><c>y = λ·(x ≥ 0 ? x : α·expm1(x))</c>.</summary>
    private readonly struct EluOperator(float alpha, float scale) : IOperator
    {
        public float Invoke(float x) => x >= 0f ? scale * x : (float)(scale * alpha * ExpM1((double)x));

        public Vector<float> Invoke(Vector<float> x) =>
            new Vector<float>(scale) * Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero),
                x, new Vector<float>(alpha) * ExpM1(x));
    }

    /// <summary>
    /// <c>dx = λ·dy</c> for x ≥ 0, <c>λα·eˣ·dy</c> below. Uses <c>eˣ</c> rather than <c>y + α</c>, which cancels to
    /// few digits for very negative x.
    /// </summary>
    private readonly struct EluGradientOperator(float alpha, float scale) : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) =>
            x >= 0f ? scale * dy : (float)(scale * alpha * Math.Exp(x) * dy);

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            new Vector<float>(scale) * Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero),
                dy, new Vector<float>(alpha) * Vector.Exp(x) * dy);
    }
}
