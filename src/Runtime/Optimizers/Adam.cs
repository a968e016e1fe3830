using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>Adam</c> (Kingma and Ba 2014), in the "epsilon-hat" form: ε is added to √s before the bias
/// correction, which is folded into the step size.
/// <code>
/// m ← m + (g − m)(1 − β₁)
/// s ← s + (g² − s)(1 − β₂)
/// amsgrad:  ŝ ← max(ŝ, s), used in place of s
/// α = lr·√(1 − β₂ᵗ) / (1 − β₁ᵗ)
/// v ← v − α·m / (√s + ε)
/// </code>
/// Slots: <c>m</c>, <c>s</c>, and <c>ŝ</c> with amsgrad.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
    {
        LearningRate = (float)learningRate;
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        Epsilon = (float)epsilon;
        Amsgrad = amsgrad;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public Adam(LearningRateSchedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
        : this(0.001, beta1, beta2, epsilon, amsgrad) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "adam";

    /// <summary>Decay β₁ of the first moment (Keras <c>beta_1</c>).</summary>
    public float Beta1 { get; }

    /// <summary>Decay β₂ of the second moment (Keras <c>beta_2</c>).</summary>
    public float Beta2 { get; }

    /// <summary>ε added to √s (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <summary>Use the running maximum of s (Keras <c>amsgrad</c>, Reddi et al. 2018).</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => Amsgrad ? 3 : 2;

    private protected override bool UpdatesInBlocks => true; // element-wise; the bias correction depends on the step only

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t)
    {
        // Bias corrections once per step, in double; β as float because the moments are updated with the float β.
        double alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        var op = new Operator(Beta1, Beta2, (float)alpha, Epsilon, Amsgrad);
        UpdateLoop.Run(op, parameters, gradients, slots, SlotsPerParameter, ParameterCount);
    }

    /// <summary>The rule above. Slot 0 = m, slot 1 = s, slot 2 = ŝ (amsgrad).</summary>
    private readonly struct Operator(float beta1, float beta2, float alpha, float epsilon, bool amsgrad) : IUpdateOperator
    {
        private readonly Vector<float> _oneMinusBeta1 = new(1f - beta1);
        private readonly Vector<float> _oneMinusBeta2 = new(1f - beta2);
        private readonly Vector<float> _alpha = new(alpha);
        private readonly Vector<float> _epsilon = new(epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> s, ref Vector<float> sMax)
        {
            m += (g - m) * _oneMinusBeta1;
            s += (g * g - s) * _oneMinusBeta2;
            Vector<float> second = s;
            if (amsgrad)
            {
                sMax = Vector.Max(sMax, s);
                second = sMax;
            }
            p -= m * _alpha / (Vector.SquareRoot(second) + _epsilon);
        }
    }
}
