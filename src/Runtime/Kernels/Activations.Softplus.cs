using System.Numerics;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// Keras <c>softplus</c>: <c>y = log(1 + eˣ)</c>, computed as Keras's <c>logaddexp(x, 0) = max(x, 0) +
    /// log1p(e^−|x|)</c>, which neither overflows nor switches to <c>x</c> for large inputs.
    /// </summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y) => Map(new SoftplusOperator(), x, y);

    /// <summary>Gradient of <see cref="Softplus"/>: <c>dx = σ(x)·dy</c>.</summary>
    public static void SoftplusGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new SoftplusGradientOperator(), x, y, dy, dx);

    /// <summary>Keras <c>softsign</c>: <c>y = x/(1 + |x|)</c>.</summary>
    public static void Softsign(ReadOnlySpan<float> x, Span<float> y) => Map(new SoftsignOperator(), x, y);

    /// <summary>Gradient of <see cref="Softsign"/>: <c>dx = dy/(1 + |x|)²</c>.</summary>
    public static void SoftsignGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new SoftsignGradientOperator(), x, y, dy, dx);

    /// <summary>Keras <c>mish</c>: <c>y = x·tanh(softplus(x))</c>.</summary>
    public static void Mish(ReadOnlySpan<float> x, Span<float> y) => Map(new MishOperator(), x, y);

    /// <summary>Gradient of <see cref="Mish"/>: <c>dx = (t + x·(1 − t²)·σ(x))·dy</c>, <c>t = tanh(softplus(x))</c>.</summary>
    public static void MishGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new MishGradientOperator(), x, y, dy, dx);

    /// <summary><c>y = max(x, 0) + log1p(e^−|x|)</c>.</summary>
    private readonly struct SoftplusOperator : IOperator
    {
        public float Invoke(float x) => (float)(Math.Max(x, 0.0) + Log1P(Math.Exp(-Math.Abs((double)x))));

        public Vector<float> Invoke(Vector<float> x) =>
            Vector.Max(x, Vector<float>.Zero) + Log1P(Vector.Exp(-Vector.Abs(x)));
    }

    /// <summary><c>dx = σ(x)·dy</c>.</summary>
    private readonly struct SoftplusGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => (float)(SigmoidPair(x).Sigmoid * dy);
        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) => SigmoidPair(x).Sigmoid * dy;
    }

    /// <summary><c>y = x/(1 + |x|)</c>.</summary>
    private readonly struct SoftsignOperator : IOperator
    {
        public float Invoke(float x) => x / (1f + MathF.Abs(x));
        public Vector<float> Invoke(Vector<float> x) => x / (Vector<float>.One + Vector.Abs(x));
    }

    /// <summary><c>dx = dy/(1 + |x|)²</c>.</summary>
    private readonly struct SoftsignGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy)
        {
            float d = 1f + MathF.Abs(x);
            return dy / (d * d);
        }

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector<float> d = Vector<float>.One + Vector.Abs(x);
            return dy / (d * d);
        }
    }

    // Mish with one exponential: with e = eˣ and n = e(e + 2) = (1 + e)² − 1, tanh(log(1 + e)) = n/(n + 2) exactly, and
    // (1 − t²)·σ(x) = 4(n + 1)e/((n + 2)²(1 + e)). Above x = 20, t is 1 in float, so e is taken at min(x, 20) to keep
    // n and (n + 2)² finite; below 0, n ≈ 2e keeps full relative accuracy where x·tanh(softplus x) is tiny.
    private const float MishClamp = 20f;

    /// <summary><c>y = x·n/(n + 2)</c>, <c>n = eˣ(eˣ + 2)</c>.</summary>
    private readonly struct MishOperator : IOperator
    {
        public float Invoke(float x)
        {
            double e = Math.Exp(Math.Min(x, MishClamp)), n = e * (e + 2);
            return (float)(x * n / (n + 2));
        }

        public Vector<float> Invoke(Vector<float> x)
        {
            Vector<float> e = Vector.Exp(Vector.Min(x, new Vector<float>(MishClamp)));
            Vector<float> n = e * (e + new Vector<float>(2f));
            return x * n / (n + new Vector<float>(2f));
        }
    }

    /// <summary><c>dx = (t + x·4(n + 1)e/((n + 2)²(1 + e)))·dy</c>, <c>t = n/(n + 2)</c>.</summary>
    private readonly struct MishGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy)
        {
            double e = Math.Exp(Math.Min(x, MishClamp)), n = e * (e + 2), d = n + 2;
            return (float)((n / d + x * 4 * (n + 1) * e / (d * d * (1 + e))) * dy);
        }

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector<float> e = Vector.Exp(Vector.Min(x, new Vector<float>(MishClamp)));
            Vector<float> n = e * (e + new Vector<float>(2f));
            Vector<float> d = n + new Vector<float>(2f);
            Vector<float> slope = new Vector<float>(4f) * (n + Vector<float>.One) * e / (d * d * (Vector<float>.One + e));
            return (n / d + x * slope) * dy;
        }
    }
}
