using System.Numerics;

namespace GenNet.Kernels;

public static partial class Activations
{
    /// <summary>
    /// Keras <c>relu(x, negative_slope=a, max_value=m, threshold=θ)</c>:
    /// <c>y = clip(x·[x &gt; θ], 0, m) − a·max(θ − x, 0)</c>, i.e. <c>x</c> above θ (capped at <c>m</c>),
    /// <c>−a·(θ − x)</c> below. The defaults give <c>max(x, 0)</c>.
    /// </summary>
    /// <remarks>
    /// <paramref name="maxValue"/> = +∞ means Keras's <c>max_value=None</c>: no clipping at all (which differs from a clip
    /// to [0, ∞) only for a negative threshold, where <c>θ &lt; x ≤ 0</c> keeps <c>x</c>). With a slope, no cap and no
    /// threshold Keras calls leaky_relu, and so does this method.
    /// </remarks>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y, float negativeSlope = 0f,
        float maxValue = float.PositiveInfinity, float threshold = 0f)
    {
        if (negativeSlope != 0f && float.IsPositiveInfinity(maxValue) && threshold == 0f)
            LeakyRelu(x, y, negativeSlope);
        else
            Map(new ReluOperator(negativeSlope, maxValue, threshold), x, y);
    }

    /// <summary>
    /// Gradient of <see cref="Relu"/>: <c>dx = dy</c> on <c>θ &lt; x &lt; m</c> (and <c>x &gt; 0</c> when capped),
    /// <c>a·dy</c> below θ, 0 elsewhere; 0 at <c>x = θ</c>.
    /// </summary>
    public static void ReluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        float negativeSlope = 0f, float maxValue = float.PositiveInfinity, float threshold = 0f)
    {
        if (negativeSlope != 0f && float.IsPositiveInfinity(maxValue) && threshold == 0f)
            LeakyReluGradient(x, y, dy, dx, negativeSlope);
        else
            MapGradient(new ReluGradientOperator(negativeSlope, maxValue, threshold), x, y, dy, dx);
    }

    /// <summary>Keras <c>relu6</c>: <c>y = min(max(x, 0), 6)</c>.</summary>
    public static void Relu6(ReadOnlySpan<float> x, Span<float> y) => Map(new Relu6Operator(), x, y);

    /// <summary>Gradient of <see cref="Relu6"/>: <c>dx = dy</c> on 0 &lt; x &lt; 6, else 0.</summary>
    public static void Relu6Gradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        MapGradient(new Relu6GradientOperator(), x, y, dy, dx);

    /// <summary>Keras <c>leaky_relu(x, negative_slope=α)</c>: <c>y = x</c> for x ≥ 0, <c>α·x</c> below.</summary>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, float alpha = 0.2f) =>
        Map(new LeakyReluOperator(alpha), x, y);

    /// <summary>Gradient of <see cref="LeakyRelu"/>: <c>dx = dy</c> for x &gt; 0, <c>α·dy</c> for x ≤ 0.</summary>
    public static void LeakyReluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        float alpha = 0.2f) =>
        MapGradient(new LeakyReluGradientOperator(alpha), x, y, dy, dx);

    /// <summary><c>y = clip(x·[x &gt; θ], 0, m) − a·max(θ − x, 0)</c>; no clip when <c>m</c> = +∞.</summary>
    private readonly struct ReluOperator(float slope, float max, float threshold) : IOperator
    {
        private readonly bool _clip = !float.IsPositiveInfinity(max);

        public float Invoke(float x)
        {
            float positive = x > threshold ? x : 0f;
            if (_clip) positive = Math.Clamp(positive, 0f, max);
            // Keras adds the negative part only with a slope; 0·∞ would turn relu(−∞) into NaN.
            return slope == 0f ? positive : positive - slope * MathF.Max(threshold - x, 0f);
        }

        public Vector<float> Invoke(Vector<float> x)
        {
            var t = new Vector<float>(threshold);
            Vector<float> positive = Vector.ConditionalSelect(Vector.GreaterThan(x, t), x, Vector<float>.Zero);
            if (_clip) positive = Vector.Min(Vector.Max(positive, Vector<float>.Zero), new Vector<float>(max));
            return slope == 0f ? positive : positive - new Vector<float>(slope) * Vector.Max(t - x, Vector<float>.Zero);
        }
    }

    /// <summary><c>dx = dy·([θ &lt; x &lt; m, and x &gt; 0 if capped] + a·[x &lt; θ])</c>.</summary>
    private readonly struct ReluGradientOperator(float slope, float max, float threshold) : IGradientOperator
    {
        // The cap clips to [0, m], so with a negative threshold θ < x ≤ 0 is flat when capped.
        private readonly float _low = float.IsPositiveInfinity(max) ? threshold : Math.Max(threshold, 0f);

        public float Invoke(float x, float y, float dy) =>
            x > _low && x < max ? dy : x < threshold ? slope * dy : 0f;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector<int> pass = Vector.GreaterThan(x, new Vector<float>(_low)) & Vector.LessThan(x, new Vector<float>(max));
            Vector<int> below = Vector.LessThan(x, new Vector<float>(threshold));
            return Vector.ConditionalSelect(pass, dy,
                Vector.ConditionalSelect(below, new Vector<float>(slope) * dy, Vector<float>.Zero));
        }
    }

    /// <summary><c>y = min(max(x, 0), 6)</c>.</summary>
    private readonly struct Relu6Operator : IOperator
    {
        public float Invoke(float x) => Math.Clamp(x, 0f, 6f);
        public Vector<float> Invoke(Vector<float> x) => Vector.Min(Vector.Max(x, Vector<float>.Zero), new Vector<float>(6f));
    }

    /// <summary><c>dx = dy·[0 &lt; x &lt; 6]</c>.</summary>
    private readonly struct Relu6GradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => x > 0f && x < 6f ? dy : 0f;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero) & Vector.LessThan(x, new Vector<float>(6f)),
                dy, Vector<float>.Zero);
    }

    /// <summary><c>y = x ≥ 0 ? x : α·x</c>.</summary>
    private readonly struct LeakyReluOperator(float alpha) : IOperator
    {
        public float Invoke(float x) => x >= 0f ? x : alpha * x;

        public Vector<float> Invoke(Vector<float> x) =>
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), x, new Vector<float>(alpha) * x);
    }

    /// <summary><c>dx = x &gt; 0 ? dy : α·dy</c>.</summary>
    private readonly struct LeakyReluGradientOperator(float alpha) : IGradientOperator
    {
        public float Invoke(float x, float y, float dy) => x > 0f ? dy : alpha * dy;

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), dy, new Vector<float>(alpha) * dy);
    }
}
