using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>Adamax</c>: Adam with the infinity norm (Kingma and Ba 2014, §7.1). ε is added outside the max
/// (torch adds it inside).
/// <code>
/// m ← m + (g − m)(1 − β₁)
/// u ← max(β₂·u, |g|)
/// v ← v − lr·m / ((1 − β₁ᵗ)(u + ε))
/// </code>
/// Slots: <c>m</c>, <c>u</c>.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public Adamax(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        LearningRate = (float)learningRate;
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        Epsilon = (float)epsilon;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public Adamax(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : this(0.001, beta1, beta2, epsilon) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "adamax";

    /// <summary>Decay β₁ of the first moment (Keras <c>beta_1</c>).</summary>
    public float Beta1 { get; }

    /// <summary>Decay β₂ of the infinity norm (Keras <c>beta_2</c>).</summary>
    public float Beta2 { get; }

    /// <summary>ε added to u (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => 2;

    private protected override bool UpdatesInBlocks => true; // element-wise; the step size depends on the step only

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t)
    {
        double stepSize = LearningRate / (1 - Math.Pow(Beta1, t));
        UpdateLoop.Run(new Operator(Beta1, Beta2, (float)stepSize, Epsilon), parameters, gradients, slots, 2, ParameterCount);
    }

    /// <summary>The rule above with <c>stepSize = lr/(1 − β₁ᵗ)</c>. Slot 0 = m, slot 1 = u.</summary>
    private readonly struct Operator(float beta1, float beta2, float stepSize, float epsilon) : IUpdateOperator
    {
        private readonly Vector<float> _oneMinusBeta1 = new(1f - beta1);
        private readonly Vector<float> _beta2 = new(beta2);
        private readonly Vector<float> _stepSize = new(stepSize);
        private readonly Vector<float> _epsilon = new(epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> u, ref Vector<float> s2)
        {
            m += (g - m) * _oneMinusBeta1;
            u = Vector.Max(_beta2 * u, Vector.Abs(g));
            p -= _stepSize * m / (u + _epsilon);
        }
    }
}
