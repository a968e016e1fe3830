using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>RMSprop</c>. ε sits inside the square root (unlike torch).
/// <code>
/// s ← ρ·s + (1−ρ)·g²
/// centered:  a ← ρ·a + (1−ρ)·g;  D = s − a² + ε      otherwise D = s + ε
/// Δ = lr·g / √D
/// momentum μ > 0:  b ← μ·b + Δ;  v ← v − b            otherwise v ← v − Δ
/// </code>
/// Slots: <c>s</c>, then <c>a</c> if centered, then <c>b</c> if momentum &gt; 0.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public RMSprop(double learningRate = 0.001, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false)
    {
        LearningRate = (float)learningRate;
        Rho = (float)rho;
        Momentum = (float)momentum;
        Epsilon = (float)epsilon;
        Centered = centered;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public RMSprop(LearningRateSchedule learningRate, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false)
        : this(0.001, rho, momentum, epsilon, centered) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "rmsprop";

    /// <summary>Decay ρ of the squared-gradient average (Keras <c>rho</c>).</summary>
    public float Rho { get; }

    /// <summary>Momentum μ (Keras <c>momentum</c>).</summary>
    public float Momentum { get; }

    /// <summary>ε inside the square root (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <summary>Normalise by the variance instead of the second moment (Keras <c>centered</c>).</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => 1 + (Centered ? 1 : 0) + (Momentum > 0f ? 1 : 0);

    private protected override bool UpdatesInBlocks => true; // element-wise, no per-step state

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t) =>
        UpdateLoop.Run(new Operator(LearningRate, Rho, Momentum, Epsilon, Centered), parameters, gradients, slots, SlotsPerParameter, ParameterCount);

    /// <summary>The rule above; slot 0 = s, slot 1 = a (centered) or b, slot 2 = b (centered with momentum).</summary>
    private readonly struct Operator(float learningRate, float rho, float momentum, float epsilon, bool centered) : IUpdateOperator
    {
        private readonly Vector<float> _lr = new(learningRate);
        private readonly Vector<float> _rho = new(rho);
        private readonly Vector<float> _oneMinusRho = new(1f - rho);
        private readonly Vector<float> _mu = new(momentum);
        private readonly Vector<float> _epsilon = new(epsilon);
        private readonly bool _momentum = momentum > 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> s, ref Vector<float> s1, ref Vector<float> s2)
        {
            s = _rho * s + _oneMinusRho * (g * g);
            Vector<float> denominator;
            if (centered)
            {
                s1 = _rho * s1 + _oneMinusRho * g;
                denominator = s - s1 * s1 + _epsilon;
            }
            else
            {
                denominator = s + _epsilon;
            }
            Vector<float> increment = _lr * g / Vector.SquareRoot(denominator);
            if (_momentum)
            {
                ref Vector<float> b = ref centered ? ref s2 : ref s1;
                b = _mu * b + increment;
                p -= b;
            }
            else
            {
                p -= increment;
            }
        }
    }
}
