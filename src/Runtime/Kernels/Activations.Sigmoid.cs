using System.Numerics;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>Keras <c>sigmoid</c>: <c>y = σ(x) = 1/(1 + e^−x)</c> (<see cref="TensorPrimitives.Sigmoid{T}"/>).</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLength(x.Length, y.Length, nameof(y));
        if (!x.IsEmpty) TensorPrimitives.Sigmoid(x, y); // it rejects empty spans, unlike the other operations
    }

    /// <summary>Gradient of <see cref="Sigmoid"/>: <c>dx = y(1 − y)·dy</c>.</summary>
    public static void SigmoidGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new SigmoidGradientOperator(), x, y, dy, dx);

    /// <summary>Keras 3 <c>hard_sigmoid</c>: <c>y = relu6(x + 3)/6 = clip(x/6 + ½, 0, 1)</c>.</summary>
    public static void HardSigmoid(ReadOnlySpan<float> x, Span<float> y) => Map(new HardSigmoidOperator(), x, y);

    /// <summary>Gradient of <see cref="HardSigmoid"/>: <c>dx = dy/6</c> on −3 &lt; x &lt; 3, else 0.</summary>
    public static void HardSigmoidGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new HardSigmoidGradientOperator(), x, y, dy, dx);

    /// <summary>The old Keras 2 <c>hard_sigmoid</c> (for loading old models): <c>y = clip(0.2x + 0.5, 0, 1)</c>.</summary>
    public static void HardSigmoidKeras2(ReadOnlySpan<float> x, Span<float> y) => Map(new HardSigmoidKeras2Operator(), x, y);

    /// <summary>Gradient of <see cref="HardSigmoidKeras2"/>: <c>dx = 0.2·dy</c> on −2.5 &lt; x &lt; 2.5, else 0.</summary>
    public static void HardSigmoidKeras2Gradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new HardSigmoidKeras2GradientOperator(), x, y, dy, dx);

    /// <summary>Keras <c>hard_silu</c> (= <c>hard_swish</c>): <c>y = x·relu6(x + 3)/6</c>.</summary>
    public static void HardSilu(ReadOnlySpan<float> x, Span<float> y) => Map(new HardSiluOperator(), x, y);

    /// <summary>Gradient of <see cref="HardSilu"/>: <c>dx = 0</c> below −3, <c>(2x + 3)/6·dy</c> on [−3, 3], <c>dy</c> above 3.</summary>
    public static void HardSiluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new HardSiluGradientOperator(), x, y, dy, dx);

    /// <summary>Keras <c>silu</c> (= <c>swish</c>): <c>y = x·σ(x)</c>.</summary>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Map(new SiluOperator(), x, y);

    /// <summary>Gradient of <see cref="Silu"/>: <c>dx = σ(x)(1 + x(1 − σ(x)))·dy</c>.</summary>
    public static void SiluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new SiluGradientOperator(), x, y, dy, dx);

    /// <summary><c>dx = y(1 − y)·dy</c>.</summary>
    private readonly struct SigmoidGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => y * (1f - y) * dy;
        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) => y * (Vector<float>.One - y) * dy;
    }

    /// <summary><c>y = clip(x + 3, 0, 6)/6</c>.</summary>
    private readonly struct HardSigmoidOperator : IOperator
    {
        public float Invoke(float x) => Math.Clamp(x + 3f, 0f, 6f) / 6f;

        public Vector<float> Invoke(Vector<float> x) =>
            Vector.Min(Vector.Max(x + new Vector<float>(3f), Vector<float>.Zero), new Vector<float>(6f)) / new Vector<float>(6f);
    }

    /// <summary><c>dx = [−3 &lt; x &lt; 3]·dy/6</c>.</summary>
    private readonly struct HardSigmoidGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => x > -3f && x < 3f ? dy / 6f : 0f;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(3f)), dy / new Vector<float>(6f), Vector<float>.Zero);
    }

    /// <summary><c>y = clip(0.2x + 0.5, 0, 1)</c>.</summary>
    private readonly struct HardSigmoidKeras2Operator : IOperator
    {
        public float Invoke(float x) => Math.Clamp(0.2f * x + 0.5f, 0f, 1f);

        public Vector<float> Invoke(Vector<float> x) =>
            Vector.Min(Vector.Max(new Vector<float>(0.2f) * x + new Vector<float>(0.5f), Vector<float>.Zero), Vector<float>.One);
    }

    /// <summary><c>dx = [−2.5 &lt; x &lt; 2.5]·0.2·dy</c>.</summary>
    private readonly struct HardSigmoidKeras2GradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => x > -2.5f && x < 2.5f ? 0.2f * dy : 0f;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(2.5f)), new Vector<float>(0.2f) * dy, Vector<float>.Zero);
    }

    /// <summary><c>y = x·clip(x + 3, 0, 6)/6</c>.</summary>
    private readonly struct HardSiluOperator : IOperator
    {
        public float Invoke(float x) => x * Math.Clamp(x + 3f, 0f, 6f) / 6f;

        public Vector<float> Invoke(Vector<float> x) =>
            x * Vector.Min(Vector.Max(x + new Vector<float>(3f), Vector<float>.Zero), new Vector<float>(6f)) / new Vector<float>(6f);
    }

    /// <summary><c>dx = 0</c> for x &lt; −3, <c>dy</c> for x &gt; 3, else <c>(2x + 3)/6·dy</c>.</summary>
    private readonly struct HardSiluGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => x < -3f ? 0f : x > 3f ? dy : (2f * x + 3f) / 6f * dy;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector<float> middle = (x + x + new Vector<float>(3f)) / new Vector<float>(6f) * dy;
            return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(-3f)), Vector<float>.Zero,
                Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(3f)), dy, middle));
        }
    }

    /// <summary><c>y = x·σ(x)</c>, σ from <see cref="SigmoidPair(Vector{float})"/>.</summary>
    private readonly struct SiluOperator : IOperator
    {
        public float Invoke(float x) => (float)(x * SigmoidPair(x).Sigmoid);
        public Vector<float> Invoke(Vector<float> x) => x * SigmoidPair(x).Sigmoid;
    }

    /// <summary><c>dx = s(1 + x·(1 − s))·dy</c>, with <c>1 − s = σ(−x)</c> computed directly.</summary>
    private readonly struct SiluGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy)
        {
            var (s, c) = SigmoidPair(x);
            return (float)(s * (1 + x * c) * dy);
        }

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            var (s, c) = SigmoidPair(x);
            return s * (Vector<float>.One + x * c) * dy;
        }
    }
}
