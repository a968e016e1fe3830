namespace GenNet;

/// <summary>
/// What <see cref="ExponentialDecay"/> and <see cref="InverseTimeDecay"/> share (Keras gives both the same arguments): a
/// decay by <see cref="DecayRate"/> measured in periods of <see cref="DecaySteps"/>, <c>p = step / decaySteps</c>, or
/// <c>⌊p⌋</c> with <see cref="Staircase"/>.
/// </summary>
public abstract class PeriodicDecay : LearningRateSchedule
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> not positive, or a value not finite.</exception>
    private protected PeriodicDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase)
    {
        InitialLearningRate = Finite(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = PositiveSteps(decaySteps, nameof(decaySteps));
        DecayRate = Finite(decayRate, nameof(decayRate));
        Staircase = staircase;
    }

    /// <summary>The rate at step 0 (Keras <c>initial_learning_rate</c>).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per period (Keras <c>decay_steps</c>).</summary>
    public double DecaySteps { get; }

    /// <summary>The decay rate (Keras <c>decay_rate</c>).</summary>
    public double DecayRate { get; }

    /// <summary>Decay in whole periods (Keras <c>staircase</c>).</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    public sealed override double LearningRateAt(long step)
    {
        double periods = step / DecaySteps;
        return Decay(Staircase ? Math.Floor(periods) : periods);
    }

    /// <summary>The rate after <paramref name="periods"/> periods.</summary>
    private protected abstract double Decay(double periods);
}
