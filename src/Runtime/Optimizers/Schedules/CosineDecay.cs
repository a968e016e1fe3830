namespace GenNet;

/// <summary>
/// Keras <c>CosineDecay</c> (Loshchilov and Hutter 2016, without restarts), with an optional linear warm-up (Goyal et
/// al. 2017). Without <c>warmupTarget</c>: <c>initial · ((1 − α)·½(1 + cos(π·s/d)) + α)</c>, <c>s = min(step, d)</c>,
/// <c>d = decaySteps</c>. With it: for <c>step &lt; warmupSteps</c> the rate rises linearly,
/// <c>initial + (target − initial)·step/warmupSteps</c>; afterwards the same cosine decays from <c>target</c> over
/// <c>step − warmupSteps</c> (capped at <c>d</c>).
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule; defaults are Keras 3's (no warm-up).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decaySteps"/> not positive, <paramref name="warmupSteps"/>
    /// negative, or a value not finite.</exception>
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha = 0.0, double? warmupTarget = null, double warmupSteps = 0)
    {
        InitialLearningRate = Finite(initialLearningRate, nameof(initialLearningRate));
        DecaySteps = PositiveSteps(decaySteps, nameof(decaySteps));
        Alpha = Finite(alpha, nameof(alpha));
        if (warmupTarget is double target) WarmupTarget = Finite(target, nameof(warmupTarget));
        if (!(warmupSteps >= 0 && double.IsFinite(warmupSteps)))
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Expected warmupSteps >= 0. Received: warmupSteps={warmupSteps}.");
        WarmupSteps = warmupSteps;
    }

    /// <summary>The rate at step 0 (Keras <c>initial_learning_rate</c>).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the cosine decay (Keras <c>decay_steps</c>).</summary>
    public double DecaySteps { get; }

    /// <summary>The final rate as a fraction of the decay's starting rate (Keras <c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <summary>The rate the warm-up reaches, where the decay starts (Keras <c>warmup_target</c>); null for no warm-up.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of the warm-up (Keras <c>warmup_steps</c>); used only with <see cref="WarmupTarget"/>.</summary>
    public double WarmupSteps { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(long step)
    {
        double s = step;
        if (WarmupTarget is not double target) return Decayed(Math.Min(s, DecaySteps), InitialLearningRate);
        s = Math.Min(s, DecaySteps + WarmupSteps);
        return s < WarmupSteps
            ? (target - InitialLearningRate) * (s / WarmupSteps) + InitialLearningRate
            : Decayed(s - WarmupSteps, target);
    }

    private double Decayed(double s, double from) => from * ((1 - Alpha) * (0.5 * (1 + Math.Cos(Math.PI * (s / DecaySteps)))) + Alpha);
}
