namespace GenNet;

/// <summary>
/// Keras <c>LearningRateScheduler</c>: before each epoch sets the optimizer's learning rate to
/// <c>schedule(epoch, currentRate)</c> (epoch 0-based), printing
/// <c>Epoch k: LearningRateScheduler setting learning rate to r.</c> when <c>verbose</c> &gt; 0; adds
/// <c>learning_rate</c> to the epoch logs. For a rate that changes every step, give the optimizer a
/// <see cref="LearningRateSchedule"/> instead.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private readonly Func<int, double, double> _schedule;
    private readonly int _verbose;

    /// <summary>Creates the callback with Keras' <c>schedule(epoch, lr)</c>: <c>(epoch, lr) =&gt; epoch &lt; 10 ? lr : lr * Math.Exp(-0.1)</c>.</summary>
    public LearningRateScheduler(Func<int, double, double> schedule, int verbose = 0)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
        _verbose = verbose;
    }

    /// <summary>Creates the callback with a schedule of the epoch alone (Keras' older one-argument form).</summary>
    public LearningRateScheduler(Func<int, double> schedule, int verbose = 0)
        : this(OfEpochOnly(schedule), verbose)
    {
    }

    private static Func<int, double, double> OfEpochOnly(Func<int, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return (epoch, _) => schedule(epoch);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The optimizer follows a <see cref="LearningRateSchedule"/>, whose rate
    /// cannot be set (Keras raises when the callback first sets it).</exception>
    public override void OnTrainBegin()
    {
        if (Model.Optimizer.Schedule is { } schedule)
            throw new InvalidOperationException(
                $"LearningRateScheduler cannot set the learning rate of optimizer '{Model.Optimizer.Name}': it follows a {schedule.GetType().Name}. " +
                "Give the optimizer a fixed learning rate, or drop the callback.");
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The schedule returned NaN or an infinite rate.</exception>
    public override void OnEpochBegin(int epoch)
    {
        var optimizer = Model.Optimizer;
        double rate = _schedule(epoch, optimizer.LearningRate);
        if (!double.IsFinite(rate))
            throw new InvalidOperationException($"The output of the schedule function should be a finite number. Got: {rate} at epoch {epoch}.");
        optimizer.LearningRate = (float)rate;
        if (_verbose > 0) Model.Output.WriteLine($"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {PythonFloat.Format(rate)}.");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (logs is IDictionary<string, double> writable) writable["learning_rate"] = Model.Optimizer.LearningRate;
    }
}
