namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _evaluationWorkspace;

    /// <summary>Keras <c>evaluate</c>: loss and metrics in inference mode (<paramref name="batchSize"/> checked by the caller).</summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize, int verbose)
    {
        var data = DataSet.Create(this, x, y, null, null, "x", "y");
        if (data.Count == 0) throw new ArgumentException("Expected at least one sample to evaluate, got none.", nameof(x));
        var metrics = ResolveMetrics();
        int steps = (data.Count + batchSize - 1) / batchSize;
        var bar = new ProgressBar(_model.Output, steps, verbose, ProgressBar.IsDynamic(_model.Output)); // started before the work it times
        var (loss, values) = EvaluateCore(data, batchSize, metrics);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int m = 0; m < metrics.Length; m++) result[metrics[m].Name] = values[m];
        if (verbose > 0)
        {
            var logs = new Dictionary<string, double>(result) { ["loss"] = loss };
            bar.Update(steps, logs, logs.Keys.Order(StringComparer.Ordinal).ToArray(), finalize: true);
        }
        return new Evaluation(loss, result);
    }

    /// <summary>
    /// Mean loss and the metrics' results over <paramref name="data"/>, batch by batch, in inference mode. The metrics are
    /// reset first (as Keras' evaluate does), so Fit reads its training values before validating.
    /// </summary>
    private (double Loss, double[] Metrics) EvaluateCore(DataSet data, int batchSize, Metric[] metrics)
    {
        int batch = Math.Min(batchSize, data.Count);
        var ws = EvaluationWorkspace(batch, data.LabelSize);
        double lossSum = 0;
        foreach (var metric in metrics) metric.ResetState();
        for (int start = 0; start < data.Count; start += batch)
        {
            int count = Math.Min(batch, data.Count - start);
            data.GatherRange(start, count, ws);
            EvaluateChunks(ws, count, data.LabelSize);
            foreach (float l in ws.PerSample.AsSpan(0, count)) lossSum += l;
            UpdateMetrics(metrics, ws, count, data.LabelSize, default);
        }
        var results = new double[metrics.Length];
        for (int m = 0; m < metrics.Length; m++) results[m] = metrics[m].Result();
        return (lossSum / data.Count, results);
    }
}
