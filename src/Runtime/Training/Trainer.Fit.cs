namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _trainingWorkspace;
    private Rng? _shuffleRng;
    private int _frozenVersion = -1; // the Model.TrainableVersion the optimizer's frozen ranges reflect

    /// <summary>Keras <c>fit</c> on arrays, as <see cref="O:GenNet.Model.Fit"/> documents it: they become a <see cref="DataSet"/> source.</summary>
    public History Fit(Samples x, Samples y, int epochs, int batchSize, int verbose, IEnumerable<Callback>? callbacks, double validationSplit,
        (Samples X, Samples Y)? validationData, bool shuffle, int initialEpoch, float[]? sampleWeight, IReadOnlyDictionary<int, float>? classWeight,
        FitSteps steps, CancellationToken cancellationToken)
    {
        CheckFitArguments(epochs, batchSize, initialEpoch, steps);
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "Expected a validation split in [0, 1).");

        var data = DataSet.Create(this, x, y, sampleWeight, classWeight, "x", "y");
        DataSet? validation = null;
        if (validationData is { } vd)
        {
            validation = DataSet.Create(this, vd.X, vd.Y, null, null, "validationData.X", "validationData.Y");
        }
        else if (validationSplit > 0)
        {
            int splitAt = (int)Math.Floor(data.Count * (1 - validationSplit));
            if (splitAt == 0 || splitAt == data.Count)
                throw new ArgumentException($"validationSplit={validationSplit} of {data.Count} samples leaves an empty training or validation set.", nameof(validationSplit));
            (data, validation) = data.Split(splitAt);
        }
        if (data.Count == 0) throw new ArgumentException("Expected at least one training sample, got none.", nameof(x));
        return FitCore(data, validation, epochs, batchSize, verbose, callbacks, shuffle, initialEpoch, steps, cancellationToken);
    }

    /// <summary>Keras <c>fit</c> on a <see cref="DataSource"/> (and optional validation source).</summary>
    public History Fit(DataSource data, DataSource? validationData, int epochs, int batchSize, int verbose, IEnumerable<Callback>? callbacks,
        bool shuffle, int initialEpoch, FitSteps steps, CancellationToken cancellationToken)
    {
        CheckFitArguments(epochs, batchSize, initialEpoch, steps);
        CheckSource(data, nameof(data));
        if (validationData is not null) CheckSource(validationData, nameof(validationData));
        return FitCore(data, validationData, epochs, batchSize, verbose, callbacks, shuffle, initialEpoch, steps, cancellationToken);
    }

    /// <summary>The one training loop: epochs of steps over <paramref name="data"/>, validation, callbacks, History.</summary>
    private History FitCore(DataSource data, DataSource? validation, int epochs, int batchSize, int verbose, IEnumerable<Callback>? callbacks,
        bool shuffle, int initialEpoch, FitSteps fitSteps, CancellationToken cancellationToken)
    {
        var metrics = ResolveMetrics();
        var cursor = new EpochCursor(data, batchSize, fitSteps.StepsPerEpoch, shuffle ? ShuffleRng : null);
        var validationCursor = validation is null ? null : new EpochCursor(validation, fitSteps.ValidationBatchSize ?? batchSize, fitSteps.ValidationSteps, null);
        var ws = TrainingWorkspace(cursor.BatchSize, data.LabelSize);
        int steps = cursor.Steps;

        var history = new History { Params = new Dictionary<string, int> { ["verbose"] = verbose, ["epochs"] = epochs, ["steps"] = steps } };
        var all = new List<Callback>(callbacks ?? []) { history };
        foreach (var c in all) c.Model = _model;

        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        var batchKeys = new[] { "loss" }.Concat(metrics.Select(m => m.Name)).Order(StringComparer.Ordinal).ToArray();

        _model.StopTraining = false;
        FitCompleted = false;
        ResumeEpoch = null;
        foreach (var c in all) c.OnTrainBegin();
        try
        {
            // A callback that restored a checkpoint (BackupAndRestore) continues from the checkpoint's epoch.
            int first = ResumeEpoch ?? initialEpoch;
            ResumeEpoch = null;
            for (int epoch = first; epoch < epochs && !_model.StopTraining; epoch++)
            {
                if (verbose > 0 && epochs > 1) _model.Output.WriteLine($"Epoch {epoch + 1}/{epochs}");
                foreach (var c in all) c.OnEpochBegin(epoch);
                // A new pass reshuffles from the identity order (DataSet.BeginPass), so an epoch's order depends only on the
                // shuffle stream's state, which a checkpoint saves.
                cursor.BeginEpoch();
                var bar = new ProgressBar(_model.Output, steps, verbose, ProgressBar.IsDynamic(_model.Output));

                double lossSum = 0, sampleSum = 0;
                foreach (var metric in metrics) metric.ResetState();
                logs.Clear();
                int step = 0;
                for (; step < steps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!cursor.TryNext(out int start, out int count)) break;
                    // In-memory rows are gathered by the chunks themselves (in parallel): the step reads them only after.
                    var batch = StageBatch(data, ws, start, count);
                    var weights = data.HasSampleWeights ? ws.SampleWeights.AsSpan(0, count) : default;
                    foreach (var c in all) c.OnBatchBegin(step);
                    double batchLoss = TrainStep(ws, count, data.LabelSize, weights, batch);

                    // Keras shows the epoch's running values: the loss weighted by batch size, the metrics' state since the reset.
                    lossSum += batchLoss * count;
                    sampleSum += count;
                    logs["loss"] = lossSum / sampleSum;
                    UpdateMetrics(metrics, ws, count, data.LabelSize, weights);
                    foreach (var metric in metrics) logs[metric.Name] = metric.Result();
                    foreach (var c in all) c.OnBatchEnd(step, logs);
                    if (step < steps - 1) bar.Update(step + 1, logs, batchKeys, finalize: false);
                    if (_model.StopTraining) break;
                }
                cursor.EndEpoch();
                if (cursor.RanOut)
                {
                    if (verbose > 0)
                        _model.Output.WriteLine($"Warning: the data ran out after {step} of {steps} steps in epoch {epoch + 1} " +
                            $"(one pass holds {cursor.BatchesPerPass} batches); the next epoch starts a new pass.");
                    bar.EndEarly(step);
                }

                if (validationCursor is not null && fitSteps.ValidationFreq.Includes(epoch))
                {
                    var (valLoss, valMetrics) = EvaluateCore(validationCursor, metrics, all);
                    logs["val_loss"] = valLoss;
                    for (int m = 0; m < metrics.Length; m++) logs["val_" + metrics[m].Name] = valMetrics[m];
                }
                Epoch = epoch + 1;
                foreach (var c in all) c.OnEpochEnd(epoch, logs);
                bar.Update(cursor.RanOut ? step : steps, logs, EpochKeys(logs), finalize: true);
            }
            FitCompleted = true;
        }
        finally
        {
            foreach (var c in all) c.OnTrainEnd();
        }
        return history;
    }

    /// <summary>Keras <c>train_on_batch</c>: one step on the given rows; returns the batch loss.</summary>
    public double TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int labelSize = _labelSize;
        int count = Model.CountRows(x, _info.InputSize, "x");
        if (y.Length != count * labelSize)
            throw new ArgumentException($"Expected y of {count} × {labelSize} = {count * labelSize} values for {count} samples, got {y.Length}.", nameof(y));
        if (count == 0) throw new ArgumentException("Expected at least one sample, got none.", nameof(x));
        var ws = TrainingWorkspace(count, labelSize);
        x.CopyTo(ws.Inputs);
        y.CopyTo(ws.Labels);
        return TrainStep(ws, count, labelSize, default, default);
    }

    /// <summary>
    /// One training step on the <paramref name="count"/> rows staged in <paramref name="ws"/>, or gathered into it from
    /// <paramref name="batch"/> when that is set: forward, loss and backward chunk by chunk (on up to
    /// <see cref="Model.Threads"/> threads), then the optimizer step; returns the weighted mean loss.
    /// </summary>
    private double TrainStep(Workspace ws, int count, int labelSize, ReadOnlySpan<float> weights, BatchRows batch)
    {
        if (_frozenVersion != _model.TrainableVersion)
        {
            // A layer's Trainable changed since the last step (rarely: between Fit calls); only then is anything allocated.
            _optimizer.SetFrozen(_model.FrozenRanges());
            _frozenVersion = _model.TrainableVersion;
        }
        // Keras' batch loss includes the regularizers' penalty of the weights this step's forward pass used.
        double penalty = _rules?.Penalty(_model.ParameterValues) ?? 0;
        int chunks = ComputeChunkGradients(ws, count, labelSize, weighted: !weights.IsEmpty, batch);
        SumGradientsAndStep(ws, chunks);
        var perSample = ws.PerSample.AsSpan(0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) sum += weights.IsEmpty ? perSample[i] : perSample[i] * weights[i];
        return sum / count + penalty;
    }

    /// <summary>Train keys in ordinal order, then the val_ keys, as Keras prints them at epoch end.</summary>
    private static string[] EpochKeys(Dictionary<string, double> logs) =>
        logs.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Concat(logs.Keys.Where(k => k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)).ToArray();

    /// <summary>
    /// The rows of one training batch: positions <c>Start …</c> of the pass over <c>Source</c>, which the chunks read
    /// themselves (default: already staged in the workspace).
    /// </summary>
    private readonly record struct BatchRows(DataSource? Source, int Start)
    {
        /// <summary>Reads batch rows <c>[at, at + rows)</c> into <paramref name="ws"/>, if this batch is to be gathered.</summary>
        public void Gather(Workspace ws, int at, int rows)
        {
            if (Source is null) return;
            int inputSize = Source.InputSize, labelSize = Source.LabelSize;
            Source.Read(Start + at, rows, ws.Inputs.AsSpan(at * inputSize, rows * inputSize), ws.Labels.AsSpan(at * labelSize, rows * labelSize),
                Source.HasSampleWeights ? ws.SampleWeights.AsSpan(at, rows) : default);
        }
    }
}
