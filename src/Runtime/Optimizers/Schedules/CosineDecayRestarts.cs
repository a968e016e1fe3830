namespace GenNet;

/// <summary>
/// Keras <c>CosineDecayRestarts</c> (SGDR, Loshchilov and Hutter 2016): cosine decays from <c>initial</c> towards
/// <c>α·initial</c>, restarted warm. Period <c>i</c> (from 0) lasts <c>firstDecaySteps·tMulⁱ</c> steps and starts at
/// <c>mMulⁱ</c> times the initial height; within it, at fraction <c>f</c> of the period, the rate is
/// <c>initial · ((1 − α)·½·mMulⁱ·(1 + cos(π f)) + α)</c>.
/// </summary>
/// <remarks>
/// Keras finds the period with <c>⌊log(1 − c(1 − tMul)) / log tMul⌋</c> (<c>c = step / firstDecaySteps</c>), which
/// rounding can put one period off exactly at a restart; GenNet then settles it on the period the step lies in.
/// </remarks>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule; defaults are Keras 3's.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstDecaySteps"/> or <paramref name="tMul"/> not
    /// positive, or a value not finite.</exception>
    public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0)
    {
        InitialLearningRate = Finite(initialLearningRate, nameof(initialLearningRate));
        FirstDecaySteps = PositiveSteps(firstDecaySteps, nameof(firstDecaySteps));
        TMul = PositiveSteps(tMul, nameof(tMul));
        MMul = Finite(mMul, nameof(mMul));
        Alpha = Finite(alpha, nameof(alpha));
    }

    /// <summary>The rate at step 0 (Keras <c>initial_learning_rate</c>).</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps of the first period (Keras <c>first_decay_steps</c>).</summary>
    public double FirstDecaySteps { get; }

    /// <summary>Each period's length over the previous one's (Keras <c>t_mul</c>).</summary>
    public double TMul { get; }

    /// <summary>Each period's starting height over the previous one's (Keras <c>m_mul</c>).</summary>
    public double MMul { get; }

    /// <summary>The lowest rate as a fraction of the initial one (Keras <c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">With <see cref="TMul"/> &lt; 1 the periods shrink and end after
    /// <c>firstDecaySteps / (1 − tMul)</c> steps; a later step has no rate (Keras returns NaN).</exception>
    public override double LearningRateAt(long step)
    {
        double completed = step / FirstDecaySteps; // in units of the first period
        double restart;
        if (TMul == 1.0)
        {
            restart = Math.Floor(completed);
            completed -= restart;
        }
        else
        {
            if (TMul < 1.0 && completed >= 1 / (1 - TMul))
                throw new InvalidOperationException(
                    $"CosineDecayRestarts with tMul={TMul} < 1 runs out after {FirstDecaySteps / (1 - TMul)} steps; step {step} is past the last period.");
            restart = Math.Floor(Math.Log(1 - completed * (1 - TMul)) / Math.Log(TMul));
            while (PeriodStart(restart + 1) <= completed) restart++;
            while (restart > 0 && PeriodStart(restart) > completed) restart--;
            completed = (completed - PeriodStart(restart)) / Math.Pow(TMul, restart);
        }
        double cosine = 0.5 * Math.Pow(MMul, restart) * (1 + Math.Cos(Math.PI * completed));
        return InitialLearningRate * ((1 - Alpha) * cosine + Alpha);
    }

    /// <summary>Where period <paramref name="i"/> starts, in first periods: <c>1 + tMul + … + tMul^(i−1)</c>.</summary>
    private double PeriodStart(double i) => (1 - Math.Pow(TMul, i)) / (1 - TMul);
}
