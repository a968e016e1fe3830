namespace GenNet;

/// <summary>
/// Keras <c>PolynomialDecay</c>: from <c>initial</c> to <c>end</c> over <c>decaySteps</c>,
/// <c>(initial − end)·(1 − s/d)^power + end</c> with <c>s = min(step, d)</c>, <c>d = decaySteps</c>. With <c>cycle</c>,
/// <c>d</c> is instead the first multiple of <c>decaySteps</c> not below the step (<c>decaySteps</c> itself at step 0),
/// so the decay restarts from a lower height each period.
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule; defaults are Keras 3's.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> not positive, or a value not finite.</exception>
    public PolynomialDecay(double initialLearningRate, double decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false)
    {
        InitialLearningRate = Finite(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = PositiveSteps(decaySteps, nameof(decaySteps));
        EndLearningRate = Finite(endLearningRate, nameof(endLearningRate));
        Power = Finite(power, nameof(power));
        Cycle = cycle;
    }

    /// <summary>The rate at step 0 (Keras <c>initial_learning_rate</c>).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps to reach <see cref="EndLearningRate"/> (Keras <c>decay_steps</c>).</summary>
    public double DecaySteps { get; }

    /// <summary>The rate after the decay (Keras <c>end_learning_rate</c>).</summary>
    public double EndLearningRate { get; }

    /// <summary>The polynomial's power (Keras <c>power</c>).</summary>
    public double Power { get; }

    /// <summary>Restart the decay after each period (Keras <c>cycle</c>).</summary>
    public bool Cycle { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(long step)
    {
        double s = step, d = DecaySteps;
        if (Cycle) d *= step == 0 ? 1 : Math.Ceiling(s / DecaySteps);
        else s = Math.Min(s, d);
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - s / d, Power) + EndLearningRate;
    }
}
