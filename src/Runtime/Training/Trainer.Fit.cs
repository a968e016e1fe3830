namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _trainingWorkspace;
    private Rng? _shuffleRng;
    private int _frozenVersion = -1; // the Model.TrainableVersion the optimizer's frozen ranges reflect

    /// <summary>Keras <c>fit</c>, as <see cref="O:GenNet.Model.Fit"/> documents it: validation, the epoch loop, callbacks, History.</summary>
    public History Fit(Samples x, Samples y, int epochs, int batchSize, int verbose, IEnumerable<Callback>? callbacks, double validationSplit,
        (Samples X, Samples Y)? validationData, bool shuffle, int initialEpoch, float[]? sampleWeight, IReadOnlyDictionary<int, float>? classWeight,
        CancellationToken cancellationToken)
    {
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Expected at least 1 epoch.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (initialEpoch < 0 || initialEpoch >= epochs)
            throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, $"Expected an initial epoch in [0, {epochs}).");
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

        var metrics = ResolveMetrics();
        int effectiveBatch = Math.Min(batchSize, data.Count);
        var ws = TrainingWorkspace(effectiveBatch, data.LabelSize);
        int steps = (data.Count + batchSize - 1) / batchSize;

        var history = new History { Params = new Dictionary<string, int> { ["verbose"] = verbose, ["epochs"] = epochs, ["steps"] = steps } };
        var all = new List<Callback>(callbacks ?? []) { history };
        foreach (var c in all) c.Model = _model;

        var indices = new int[data.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        var shuffleRng = ShuffleRng;

        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        var batchKeys = new[] { "loss" }.Concat(metrics.Select(m => m.Name)).Order(StringComparer.Ordinal).ToArray();
        var metricSums = new double[metrics.Length];

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
                // Each epoch's order is drawn afresh from the identity, so it depends only on the stream's state (which a
                // checkpoint saves), not on the orders of earlier epochs or Fit calls.
                if (shuffle)
                {
                    for (int i = 0; i < indices.Length; i++) indices[i] = i;
                    shuffleRng.Shuffle(indices.AsSpan());
                }
                var bar = new ProgressBar(_model.Output, steps, verbose, ProgressBar.IsDynamic(_model.Output));

                double lossSum = 0, sampleSum = 0, metricWeightSum = 0;
                Array.Clear(metricSums);
                logs.Clear();
                for (int step = 0; step < steps; step++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int start = step * batchSize, count = Math.Min(batchSize, data.Count - start);
                    // The chunks gather their rows themselves (in parallel): the step reads them only after.
                    var batch = new BatchRows(data, indices, start);
                    var weights = data.HasWeights ? ws.SampleWeights.AsSpan(0, count) : default;
                    double batchLoss = TrainStep(ws, count, data.LabelSize, weights, batch);

                    // Keras shows the epoch's running means: the loss weighted by batch size, metrics by sample weight.
                    lossSum += batchLoss * count;
                    sampleSum += count;
                    logs["loss"] = lossSum / sampleSum;
                    metricWeightSum += AccumulateMetrics(metrics, ws, count, data.LabelSize, weights, metricSums);
                    for (int m = 0; m < metrics.Length; m++) logs[metrics[m].Name] = metricWeightSum == 0 ? 0 : metricSums[m] / metricWeightSum;
                    foreach (var c in all) c.OnBatchEnd(step, logs);
                    if (step < steps - 1) bar.Update(step + 1, logs, batchKeys, finalize: false);
                    if (_model.StopTraining) break;
                }

                if (validation is not null)
                {
                    var (valLoss, valMetrics) = EvaluateCore(validation, batchSize, metrics);
                    logs["val_loss"] = valLoss;
                    for (int m = 0; m < metrics.Length; m++) logs["val_" + metrics[m].Name] = valMetrics[m];
                }
                Epoch = epoch + 1;
                foreach (var c in all) c.OnEpochEnd(epoch, logs);
                bar.Update(steps, logs, EpochKeys(logs), finalize: true);
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
        int chunks = ComputeChunkGradients(ws, count, labelSize, weighted: !weights.IsEmpty, batch);
        SumGradientsAndStep(ws, chunks);
        var perSample = ws.PerSample.AsSpan(0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) sum += weights.IsEmpty ? perSample[i] : perSample[i] * weights[i];
        return sum / count;
    }

    /// <summary>
    /// Adds Σ w·m of this batch to <paramref name="sums"/> for every metric (running means over the epoch) and
    /// returns the batch's Σ w.
    /// </summary>
    private double AccumulateMetrics(Metric[] metrics, Workspace ws, int count, int labelSize, ReadOnlySpan<float> weights, double[] sums)
    {
        double weightSum = count;
        if (!weights.IsEmpty)
        {
            weightSum = 0;
            foreach (float w in weights) weightSum += w;
        }
        int n = _info.OutputSize;
        var labels = ws.Labels.AsSpan(0, count * labelSize);
        var output = ws.Output.AsSpan(0, count * n);
        var values = ws.PerSample.AsSpan(0, count);
        for (int m = 0; m < metrics.Length; m++)
        {
            metrics[m].PerSample(labels, output, values, count, n);
            for (int i = 0; i < count; i++) sums[m] += weights.IsEmpty ? values[i] : values[i] * weights[i];
        }
        return weightSum;
    }

    /// <summary>Train keys in ordinal order, then the val_ keys, as Keras prints them at epoch end.</summary>
    private static string[] EpochKeys(Dictionary<string, double> logs) =>
        logs.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Concat(logs.Keys.Where(k => k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)).ToArray();

    /// <summary>The rows of one training batch: <c>Indices[Start …]</c> of <c>Data</c> (default: already staged in the workspace).</summary>
    private readonly record struct BatchRows(DataSet? Data, int[]? Indices, int Start)
    {
        /// <summary>Gathers batch rows <c>[at, at + rows)</c> into <paramref name="ws"/>, if this batch is to be gathered.</summary>
        public void Gather(Workspace ws, int at, int rows) => Data?.Gather(Indices.AsSpan(Start + at, rows), ws, at);
    }
}
