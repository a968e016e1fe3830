using System.Numerics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace GenNet;

/// <summary>
/// Keras <c>SGD</c>: gradient descent with optional (Nesterov) momentum.
/// <code>
/// momentum = 0:  v ← v − lr·g
/// otherwise:     m ← μ·m − lr·g;  v ← v + m            (Nesterov: v ← v + μ·m − lr·g, with m already updated)
/// </code>
/// Slots: none without momentum, else <c>m</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> outside [0, 1] (as Keras).</exception>
    public SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false)
    {
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be a float between [0, 1].");
        LearningRate = (float)learningRate;
        Momentum = (float)momentum;
        Nesterov = nesterov;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> outside [0, 1] (as Keras).</exception>
    public SGD(LearningRateSchedule learningRate, double momentum = 0.0, bool nesterov = false)
        : this(0.01, momentum, nesterov) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <summary>Momentum μ (Keras <c>momentum</c>).</summary>
    public float Momentum { get; }

    /// <summary>Nesterov momentum (Keras <c>nesterov</c>).</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => Momentum == 0f ? 0 : 1;

    /// <inheritdoc/>
    private protected override bool UpdatesInBlocks => true; // element-wise, slot m (if any) alone, no per-step state

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t)
    {
        if (Momentum == 0f)
        {
            // g·(−lr) + v
            TensorPrimitives.MultiplyAdd(gradients, -LearningRate, parameters, parameters);
            return;
        }
        UpdateLoop.Run(new MomentumOperator(LearningRate, Momentum, Nesterov), parameters, gradients, slots, 1, ParameterCount);
    }

    /// <summary><c>m ← μm − lr·g; v ← v + m</c>, or Nesterov <c>v ← v + μm − lr·g</c>. Slot 0 = m.</summary>
    private readonly struct MomentumOperator(float learningRate, float momentum, bool nesterov) : IUpdateOperator
    {
        private readonly Vector<float> _lr = new(learningRate);
        private readonly Vector<float> _mu = new(momentum);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> m, ref Vector<float> s1, ref Vector<float> s2)
        {
            Vector<float> step = _lr * g;
            m = _mu * m - step;
            p += nesterov ? _mu * m - step : m;
        }
    }
}
