namespace GenNet;

/// <summary>
/// Keras <c>EarlyStopping</c>: stops training when <see cref="Monitor"/> has not improved by more than
/// <c>minDelta</c> for <c>patience</c> epochs, optionally restoring the best epoch's weights at the end (Keras 3
/// restores them even when training was not stopped early).
/// </summary>
public sealed class EarlyStopping(
    string monitor = "val_loss",
    double minDelta = 0,
    int patience = 0,
    int verbose = 0,
    MonitorMode mode = MonitorMode.Auto,
    double? baseline = null,
    bool restoreBestWeights = false,
    int startFromEpoch = 0) : Callback
{
    private bool _higherIsBetter;
    private double _best;
    private int _wait;
    private float[]? _bestParameters;
    private float[]? _bestState;

    /// <summary>The monitored log key.</summary>
    public string Monitor { get; } = monitor;

    /// <summary>The epoch (0-based) at which training was stopped, or 0 if it ran to the end.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The epoch (0-based) with the best monitored value.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _higherIsBetter = GenNet.Monitor.HigherIsBetter(Model, Monitor, mode);
        _best = _higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        StoppedEpoch = 0;
        BestEpoch = 0;
        _bestParameters = null;
        _bestState = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (!logs.TryGetValue(Monitor, out double current) || epoch < startFromEpoch) return;
        if (restoreBestWeights && _bestParameters is null) SaveBest();
        _wait++;
        if (GenNet.Monitor.IsImprovement(current, _best, minDelta, _higherIsBetter))
        {
            _best = current;
            BestEpoch = epoch;
            if (restoreBestWeights) SaveBest();
            if (baseline is null || GenNet.Monitor.IsImprovement(current, baseline.Value, minDelta, _higherIsBetter)) _wait = 0;
            return;
        }
        if (_wait >= patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        if (StoppedEpoch > 0 && verbose > 0) Model.Output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (restoreBestWeights && _bestParameters is not null)
        {
            if (verbose > 0) Model.Output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            _bestParameters.CopyTo(Model.Parameters);
            _bestState!.CopyTo(Model.State);
        }
    }

    private void SaveBest()
    {
        _bestParameters ??= new float[Model.Parameters.Length];
        _bestState ??= new float[Model.State.Length];
        Model.Parameters.CopyTo(_bestParameters);
        Model.State.CopyTo(_bestState);
    }
}
