using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>Nadam</c>: Adam with Nesterov momentum (Dozat 2015), with Keras' momentum schedule.
/// <code>
/// μ_t = β₁(1 − ½·0.96ᵗ);  P_t = Π_{i≤t} μ_i        (one scalar for the optimizer, updated once per step)
/// m ← m + (g − m)(1 − β₁);  s ← s + (g² − s)(1 − β₂)
/// m̂ = μ_{t+1}·m / (1 − P_t·μ_{t+1}) + (1 − μ_t)·g / (1 − P_t)
/// ŝ = s / (1 − β₂ᵗ)
/// v ← v − lr·m̂ / (√ŝ + ε)
/// </code>
/// Slots: <c>m</c>, <c>s</c>. P_t is kept in double.
/// </summary>
public sealed class Nadam : Optimizer
{
    // Keras' _u_product: Π μ_i over the steps taken so far (1 before the first step).
    private double _momentumProduct = 1.0;
    // This step's coefficients of m and g, from BeginStep.
    private double _momentumCoefficient, _gradientCoefficient;

    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public Nadam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        LearningRate = (float)learningRate;
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        Epsilon = (float)epsilon;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public Nadam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : this(0.001, beta1, beta2, epsilon) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "nadam";

    /// <summary>Decay β₁ of the first moment (Keras <c>beta_1</c>).</summary>
    public float Beta1 { get; }

    /// <summary>Decay β₂ of the second moment (Keras <c>beta_2</c>).</summary>
    public float Beta2 { get; }

    /// <summary>ε added to √ŝ (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <summary>The momentum-schedule product P_t after the last step (Keras <c>_u_product</c>; 1 before any step).</summary>
    public double MomentumProduct { get => _momentumProduct; set => _momentumProduct = value; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => 2;

    /// <inheritdoc/>
    private protected override void BeginStep(long t)
    {
        double beta1 = Beta1;
        double mu = beta1 * (1 - 0.5 * Math.Pow(0.96, t));
        double muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, t + 1));
        _momentumProduct *= mu; // P_t, shared by every variable of this step
        _momentumCoefficient = muNext / (1 - _momentumProduct * muNext);
        _gradientCoefficient = (1 - mu) / (1 - _momentumProduct);
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t)
    {
        double secondCorrection = 1 / (1 - Math.Pow(Beta2, t));
        var op = new Operator(Beta1, Beta2, (float)_momentumCoefficient, (float)_gradientCoefficient, (float)secondCorrection, LearningRate, Epsilon);
        UpdateLoop.Run(op, parameters, gradients, slots, 2, ParameterCount);
    }

    /// <inheritdoc/>
    internal override IEnumerable<(string Name, double Value)> ScalarState => [("momentum_product", _momentumProduct)];

    /// <inheritdoc/>
    internal override void RestoreScalar(string name, double value)
    {
        if (name == "momentum_product") _momentumProduct = value;
        else base.RestoreScalar(name, value);
    }

    /// <summary>The rule above with the per-step coefficients precomputed. Slot 0 = m, slot 1 = s.</summary>
    private readonly struct Operator(float beta1, float beta2, float momentumCoefficient, float gradientCoefficient,
        float secondCorrection, float learningRate, float epsilon) : IUpdateOperator
    {
        private readonly Vector<float> _oneMinusBeta1 = new(1f - beta1);
        private readonly Vector<float> _oneMinusBeta2 = new(1f - beta2);
        private readonly Vector<float> _cm = new(momentumCoefficient);
        private readonly Vector<float> _cg = new(gradientCoefficient);
        private readonly Vector<float> _cs = new(secondCorrection);
        private readonly Vector<float> _lr = new(learningRate);
        private readonly Vector<float> _epsilon = new(epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> s, ref Vector<float> s2)
        {
            m += (g - m) * _oneMinusBeta1;
            s += (g * g - s) * _oneMinusBeta2;
            Vector<float> mHat = _cm * m + _cg * g;
            p -= mHat * _lr / (Vector.SquareRoot(s * _cs) + _epsilon);
        }
    }
}
