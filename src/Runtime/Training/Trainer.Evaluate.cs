namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _evaluationWorkspace;

    /// <summary>Keras <c>evaluate</c> on arrays: loss and metrics in inference mode (<paramref name="batchSize"/> checked by the caller).</summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize, int verbose, int? steps)
    {
        var data = DataSet.Create(this, x, y, null, null, "x", "y");
        if (data.Count == 0) throw new ArgumentException("Expected at least one sample to evaluate, got none.", nameof(x));
        return EvaluateSource(data, batchSize, verbose, steps);
    }

    /// <summary>Keras <c>evaluate</c> on a source: a pass of its own from the first sample, <paramref name="steps"/> batches at most.</summary>
    public Evaluation Evaluate(DataSource data, int batchSize, int verbose, int? steps)
    {
        CheckSource(data, nameof(data));
        return EvaluateSource(data, batchSize, verbose, steps);
    }

    private Evaluation EvaluateSource(DataSource data, int batchSize, int verbose, int? steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Expected steps of at least 1 (or null: the whole data).");
        var metrics = ResolveMetrics();
        var cursor = new EpochCursor(data, batchSize, steps, null);
        var bar = new ProgressBar(_model.Output, cursor.Steps, verbose, ProgressBar.IsDynamic(_model.Output)); // started before the work it times
        var (loss, values) = EvaluateCore(cursor, metrics);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int m = 0; m < metrics.Length; m++) result[metrics[m].Name] = values[m];
        if (verbose > 0)
        {
            var logs = new Dictionary<string, double>(result) { ["loss"] = loss };
            bar.Update(cursor.Steps, logs, logs.Keys.Order(StringComparer.Ordinal).ToArray(), finalize: true);
        }
        return new Evaluation(loss, result);
    }

    /// <summary>
    /// Mean loss and metric means over one epoch of <paramref name="cursor"/> (its steps, or a whole pass), batch by
    /// batch, in inference mode. Sample weights are not applied (Fit's validation never had them).
    /// </summary>
    private (double Loss, double[] Metrics) EvaluateCore(EpochCursor cursor, Metric[] metrics)
    {
        var data = cursor.Source;
        var ws = EvaluationWorkspace(cursor.BatchSize, data.LabelSize);
        double lossSum = 0;
        long samples = 0;
        var sums = new double[metrics.Length];
        cursor.BeginEpoch();
        for (int step = 0; step < cursor.Steps && cursor.TryNext(out int start, out int count); step++)
        {
            ReadBatch(data, ws, start, count);
            EvaluateChunks(ws, count, data.LabelSize);
            foreach (float l in ws.PerSample.AsSpan(0, count)) lossSum += l;
            AccumulateMetrics(metrics, ws, count, data.LabelSize, default, sums);
            samples += count;
        }
        cursor.EndEpoch();
        for (int m = 0; m < sums.Length; m++) sums[m] /= samples;
        return (lossSum / samples, sums);
    }
}
