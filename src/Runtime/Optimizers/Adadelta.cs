using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>Adadelta</c> (Zeiler 2012), scaled by the learning rate.
/// <code>
/// E_g ← ρ·E_g + (1−ρ)·g²
/// d   = −√(E_d + ε)·g / √(E_g + ε)
/// E_d ← ρ·E_d + (1−ρ)·d²
/// v   ← v + lr·d
/// </code>
/// Slots: <c>E_g</c>, <c>E_d</c>.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public Adadelta(double learningRate = 0.001, double rho = 0.95, double epsilon = 1e-7)
    {
        LearningRate = (float)learningRate;
        Rho = (float)rho;
        Epsilon = (float)epsilon;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public Adadelta(LearningRateSchedule learningRate, double rho = 0.95, double epsilon = 1e-7)
        : this(0.001, rho, epsilon) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "adadelta";

    /// <summary>Decay ρ of both running averages (Keras <c>rho</c>).</summary>
    public float Rho { get; }

    /// <summary>ε inside both square roots (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => 2;

    private protected override bool UpdatesInBlocks => true; // element-wise, no per-step state

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t) =>
        UpdateLoop.Run(new Operator(LearningRate, Rho, Epsilon), parameters, gradients, slots, 2, ParameterCount);

    /// <summary>The rule above. Slot 0 = E_g, slot 1 = E_d.</summary>
    private readonly struct Operator(float learningRate, float rho, float epsilon) : IUpdateOperator
    {
        private readonly Vector<float> _lr = new(learningRate);
        private readonly Vector<float> _rho = new(rho);
        private readonly Vector<float> _oneMinusRho = new(1f - rho);
        private readonly Vector<float> _epsilon = new(epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> eg, ref Vector<float> ed, ref Vector<float> s2)
        {
            eg = _rho * eg + _oneMinusRho * (g * g);
            Vector<float> d = -Vector.SquareRoot(ed + _epsilon) * g / Vector.SquareRoot(eg + _epsilon);
            ed = _rho * ed + _oneMinusRho * (d * d);
            p += _lr * d;
        }
    }
}
