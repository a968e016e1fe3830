using System.Numerics;
using System.Runtime.CompilerServices;

namespace GenNet;

/// <summary>
/// Keras <c>Adagrad</c>. ε sits inside the square root (unlike torch).
/// <code>
/// A ← A + g²          (A starts at initial_accumulator_value)
/// v ← v − lr·g / √(A + ε)
/// </code>
/// Slots: <c>A</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras 3's.</summary>
    public Adagrad(double learningRate = 0.001, double initialAccumulatorValue = 0.1, double epsilon = 1e-7)
    {
        LearningRate = (float)learningRate;
        InitialAccumulatorValue = (float)initialAccumulatorValue;
        Epsilon = (float)epsilon;
    }

    /// <summary>Creates the optimizer with a learning-rate schedule in place of the fixed rate (see <see cref="Optimizer.Schedule"/>).</summary>
    public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue = 0.1, double epsilon = 1e-7)
        : this(0.001, initialAccumulatorValue, epsilon) => Schedule = learningRate;

    /// <inheritdoc/>
    public override string Name => "adagrad";

    /// <summary>Starting value of the accumulator A (Keras <c>initial_accumulator_value</c>).</summary>
    public float InitialAccumulatorValue { get; }

    /// <summary>ε inside the square root (Keras <c>epsilon</c>).</summary>
    public float Epsilon { get; }

    /// <inheritdoc/>
    public override int SlotsPerParameter => 1;

    /// <inheritdoc/>
    protected override void InitializeSlots(Span<float> slots, int parameterCount) => slots.Fill(InitialAccumulatorValue);

    private protected override bool UpdatesInBlocks => true; // element-wise, no per-step state

    /// <inheritdoc/>
    protected override void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> slots, long t) =>
        UpdateLoop.Run(new Operator(LearningRate, Epsilon), parameters, gradients, slots, 1, ParameterCount);

    /// <summary><c>A ← A + g²; v ← v − lr·g/√(A + ε)</c>. Slot 0 = A.</summary>
    private readonly struct Operator(float learningRate, float epsilon) : IUpdateOperator
    {
        private readonly Vector<float> _lr = new(learningRate);
        private readonly Vector<float> _epsilon = new(epsilon);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Invoke(ref Vector<float> p, Vector<float> g, ref Vector<float> a, ref Vector<float> s1, ref Vector<float> s2)
        {
            a += g * g;
            p -= _lr * g / Vector.SquareRoot(a + _epsilon);
        }
    }
}
