namespace GenNet;

/// <summary>
/// Keras <c>ReduceLROnPlateau</c>: when <see cref="Monitor"/> has not improved by more than <c>minDelta</c> for
/// <c>patience</c> epochs, multiplies the learning rate by <c>factor</c> (not below <c>minLr</c>) and waits
/// <c>cooldown</c> epochs before counting again. Adds <c>learning_rate</c> to the epoch logs. An optimizer that follows a
/// <see cref="LearningRateSchedule"/> is refused when training begins (its rate cannot be set; Keras raises only when it
/// first tries to reduce it).
/// </summary>
public sealed class ReduceLROnPlateau(
    string monitor = "val_loss",
    double factor = 0.1,
    int patience = 10,
    int verbose = 0,
    MonitorMode mode = MonitorMode.Auto,
    double minDelta = 1e-4,
    int cooldown = 0,
    double minLr = 0) : Callback
{
    private bool _higherIsBetter;
    private double _best;
    private int _wait;
    private int _cooldownCounter;

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; } = monitor;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A factor of 1 or more.</exception>
    /// <exception cref="InvalidOperationException">The optimizer follows a <see cref="LearningRateSchedule"/>.</exception>
    public override void OnTrainBegin()
    {
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau expects factor < 1.");
        if (Model.Optimizer.Schedule is { } schedule)
            throw new InvalidOperationException(
                $"ReduceLROnPlateau cannot reduce the learning rate of optimizer '{Model.Optimizer.Name}': it follows a {schedule.GetType().Name}, " +
                "whose rate is not settable. Give the optimizer a fixed learning rate, or drop the callback.");
        _higherIsBetter = GenNet.Monitor.HigherIsBetter(Model, Monitor, mode);
        _best = _higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownCounter = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        var optimizer = Model.Optimizer;
        if (logs is IDictionary<string, double> writable) writable["learning_rate"] = optimizer.LearningRate;
        if (!logs.TryGetValue(Monitor, out double current)) return;
        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (GenNet.Monitor.IsImprovement(current, _best, minDelta, _higherIsBetter))
        {
            _best = current;
            _wait = 0;
        }
        else if (_cooldownCounter <= 0 && ++_wait >= patience && optimizer.LearningRate > minLr)
        {
            // Keras multiplies the float32 rate in double and prints that double (e.g. 0.00010000000474974513).
            double reduced = Math.Max((double)optimizer.LearningRate * factor, minLr);
            optimizer.LearningRate = (float)reduced;
            if (verbose > 0)
                Model.Output.WriteLine($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {PythonFloat.Format(reduced)}.");
            _cooldownCounter = cooldown;
            _wait = 0;
        }
    }
}
