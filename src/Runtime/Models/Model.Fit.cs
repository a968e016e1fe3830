namespace GenNet;

public abstract partial class Model
{
    private Workspace? _trainingWorkspace;
    private Rng? _shuffleRng;

    /// <summary>
    /// Trains the model, as Keras <c>fit</c>: <paramref name="epochs"/> passes over <paramref name="x"/> in batches of
    /// <paramref name="batchSize"/> (the last batch may be smaller), shuffled afresh each epoch from the model's seed,
    /// with the validation rows taken from the end of the data before any shuffling when
    /// <paramref name="validationSplit"/> is set (or given as <paramref name="validationData"/>).
    /// </summary>
    /// <param name="x">Inputs, <c>samples × InputSize</c>.</param>
    /// <param name="y">Targets, <c>samples × OutputSize</c> (or one class id per sample for sparse losses).</param>
    /// <param name="epochs">Final epoch number (Keras counts from <paramref name="initialEpoch"/>).</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="verbose">0 silent, 1 progress bar (one line per epoch when output is redirected), 2 one line per epoch.</param>
    /// <param name="callbacks">Called in the given order, before the History.</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the last rows held out for validation.</param>
    /// <param name="validationData">Validation inputs and targets; overrides <paramref name="validationSplit"/>.</param>
    /// <param name="shuffle">Shuffle the training rows before each epoch.</param>
    /// <param name="initialEpoch">Epoch to start from (for resuming).</param>
    /// <param name="sampleWeight">One weight per training sample, scaling its loss and metrics.</param>
    /// <param name="classWeight">Weight per class id, turned into sample weights (not with <paramref name="sampleWeight"/>).</param>
    /// <param name="cancellationToken">Checked between batches; cancellation leaves the weights of the last full step.</param>
    public History Fit(Samples x, Samples y, int epochs = 1, int batchSize = 32, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, double validationSplit = 0, (Samples X, Samples Y)? validationData = null,
        bool shuffle = true, int initialEpoch = 0, float[]? sampleWeight = null, IReadOnlyDictionary<int, float>? classWeight = null,
        CancellationToken cancellationToken = default)
    {
        var loss = Loss;
        var optimizer = Optimizer;
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

        var metrics = ResolveMetrics(data.LabelSize);
        int effectiveBatch = Math.Min(batchSize, data.Count);
        var ws = TrainingWorkspace(effectiveBatch, data.LabelSize);
        int steps = (data.Count + batchSize - 1) / batchSize;

        var history = new History { Params = new Dictionary<string, int> { ["verbose"] = verbose, ["epochs"] = epochs, ["steps"] = steps } };
        var all = new List<Callback>(callbacks ?? []) { history };
        foreach (var c in all) c.Model = this;

        var indices = new int[data.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        _shuffleRng ??= new Rng(((ulong)(uint)Seed << 32) ^ 0x5348554646UL);

        var logs = new Dictionary<string, double>(StringComparer.Ordinal);
        var batchKeys = new[] { "loss" }.Concat(metrics.Select(m => m.Name)).Order(StringComparer.Ordinal).ToArray();
        var metricSums = new double[metrics.Length];

        StopTraining = false;
        foreach (var c in all) c.OnTrainBegin();
        try
        {
            for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
            {
                if (verbose > 0 && epochs > 1) Output.WriteLine($"Epoch {epoch + 1}/{epochs}");
                foreach (var c in all) c.OnEpochBegin(epoch);
                if (shuffle) _shuffleRng.Shuffle(indices.AsSpan());
                var bar = new ProgressBar(Output, steps, verbose, ProgressBar.IsDynamic(Output));

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
                    double batchLoss = TrainStep(loss, optimizer, ws, count, data.LabelSize, weights, batch);

                    // Keras shows the epoch's running means: the loss weighted by batch size, metrics by sample weight.
                    lossSum += batchLoss * count;
                    sampleSum += count;
                    logs["loss"] = lossSum / sampleSum;
                    metricWeightSum += AccumulateMetrics(metrics, ws, count, data.LabelSize, weights, metricSums);
                    for (int m = 0; m < metrics.Length; m++) logs[metrics[m].Name] = metricWeightSum == 0 ? 0 : metricSums[m] / metricWeightSum;
                    foreach (var c in all) c.OnBatchEnd(step, logs);
                    if (step < steps - 1) bar.Update(step + 1, logs, batchKeys, finalize: false);
                    if (StopTraining) break;
                }

                if (validation is not null)
                {
                    var (valLoss, valMetrics) = EvaluateCore(validation, batchSize, metrics);
                    logs["val_loss"] = valLoss;
                    for (int m = 0; m < metrics.Length; m++) logs["val_" + metrics[m].Name] = valMetrics[m];
                }
                foreach (var c in all) c.OnEpochEnd(epoch, logs);
                bar.Update(steps, logs, EpochKeys(logs), finalize: true);
            }
        }
        finally
        {
            foreach (var c in all) c.OnTrainEnd();
        }
        return history;
    }

    /// <summary>
    /// One optimizer step on one batch, as Keras <c>train_on_batch</c>; returns the batch loss. After the first call
    /// for a batch size it allocates nothing.
    /// </summary>
    public double TrainOnBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var loss = Loss;
        int labelSize = LabelSize();
        int count = CountRows(x, Info.InputSize, "x");
        if (y.Length != count * labelSize)
            throw new ArgumentException($"Expected y of {count} × {labelSize} = {count * labelSize} values for {count} samples, got {y.Length}.", nameof(y));
        if (count == 0) throw new ArgumentException("Expected at least one sample, got none.", nameof(x));
        var ws = TrainingWorkspace(count, labelSize);
        x.CopyTo(ws.Inputs);
        y.CopyTo(ws.Labels);
        return TrainStep(loss, Optimizer, ws, count, labelSize, default, default);
    }

    /// <summary>
    /// Forward, loss, backward (chunk by chunk, on up to <see cref="Threads"/> threads) and the optimizer step for the
    /// <paramref name="count"/> rows staged in <paramref name="ws"/>, or gathered into it from <paramref name="batch"/>
    /// when that is set; returns the weighted mean loss.
    /// </summary>
    private double TrainStep(Loss loss, Optimizer optimizer, Workspace ws, int count, int labelSize, ReadOnlySpan<float> weights, BatchRows batch)
    {
        bool stepped = ComputeGradients(loss, ws, count, labelSize, weighted: !weights.IsEmpty, batch, optimizer);
        var perSample = ws.PerSample.AsSpan(0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) sum += weights.IsEmpty ? perSample[i] : perSample[i] * weights[i];
        if (!stepped) optimizer.Apply(_parameters, _gradients);
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
        int n = Info.OutputSize;
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

    private Metric[] ResolveMetrics(int labelSize)
    {
        if (_heads is { } heads) return ResolveHeadMetrics(heads);
        var resolved = new Metric[_metrics.Length];
        for (int i = 0; i < resolved.Length; i++) resolved[i] = _metrics[i].Resolve(Info.OutputSize, labelSize);
        return resolved;
    }

    /// <summary>Train keys in ordinal order, then the val_ keys, as Keras prints them at epoch end.</summary>
    private static string[] EpochKeys(Dictionary<string, double> logs) =>
        logs.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Concat(logs.Keys.Where(k => k.StartsWith("val_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)).ToArray();

    private static int CountRows(ReadOnlySpan<float> data, int rowSize, string what)
    {
        if (data.Length % rowSize != 0)
            throw new ArgumentException($"Expected {what} length to be a multiple of {rowSize} (values per sample), got {data.Length}.", what);
        return data.Length / rowSize;
    }

    /// <summary>The rows of one training batch: <c>Indices[Start …]</c> of <c>Data</c> (default: already staged in the workspace).</summary>
    private readonly record struct BatchRows(DataSet? Data, int[]? Indices, int Start)
    {
        /// <summary>Gathers batch rows <c>[at, at + rows)</c> into <paramref name="ws"/>, if this batch is to be gathered.</summary>
        public void Gather(Workspace ws, int at, int rows) => Data?.Gather(Indices.AsSpan(Start + at, rows), ws, at);
    }
}
