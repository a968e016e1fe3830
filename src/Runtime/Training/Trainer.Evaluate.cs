namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _evaluationWorkspace;

    // The logs the test hooks see, reused by every evaluation (Fit validates once per epoch).
    private readonly Dictionary<string, double> _testLogs = new(StringComparer.Ordinal);

    /// <summary>Keras <c>evaluate</c>: loss and metrics in inference mode (<paramref name="batchSize"/> checked by the caller).</summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize, int verbose, IEnumerable<Callback>? callbacks)
    {
        var data = DataSet.Create(this, x, y, null, null, "x", "y");
        if (data.Count == 0) throw new ArgumentException("Expected at least one sample to evaluate, got none.", nameof(x));
        var metrics = ResolveMetrics();
        var hooks = new List<Callback>(callbacks ?? []);
        foreach (var c in hooks) c.Model = _model;
        int steps = (data.Count + batchSize - 1) / batchSize;
        var bar = new ProgressBar(_model.Output, steps, verbose, ProgressBar.IsDynamic(_model.Output)); // started before the work it times
        var (loss, values) = EvaluateCore(data, batchSize, metrics, hooks);
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
    /// Mean loss and the metrics' results over <paramref name="data"/>, batch by batch, in inference mode, calling the test
    /// hooks of <paramref name="callbacks"/> (Keras <c>on_test_begin</c>, <c>on_test_batch_begin/end</c>, <c>on_test_end</c>).
    /// The metrics are reset first (as Keras' evaluate does), so Fit reads its training values before validating.
    /// </summary>
    private (double Loss, double[] Metrics) EvaluateCore(DataSet data, int batchSize, Metric[] metrics, List<Callback> callbacks)
    {
        int batch = Math.Min(batchSize, data.Count);
        var ws = EvaluationWorkspace(batch, data.LabelSize);
        double lossSum = 0;
        foreach (var metric in metrics) metric.ResetState();
        foreach (var c in callbacks) c.OnTestBegin();
        for (int start = 0, step = 0; start < data.Count; start += batch, step++)
        {
            int count = Math.Min(batch, data.Count - start);
            foreach (var c in callbacks) c.OnTestBatchBegin(step);
            data.GatherRange(start, count, ws);
            EvaluateChunks(ws, count, data.LabelSize);
            foreach (float l in ws.PerSample.AsSpan(0, count)) lossSum += l;
            UpdateMetrics(metrics, ws, count, data.LabelSize, default);
            if (callbacks.Count > 0)
            {
                SetTestLogs(lossSum / (start + count), metrics);
                foreach (var c in callbacks) c.OnTestBatchEnd(step, _testLogs);
            }
        }
        var results = new double[metrics.Length];
        for (int m = 0; m < metrics.Length; m++) results[m] = metrics[m].Result();
        if (callbacks.Count > 0)
        {
            SetTestLogs(lossSum / data.Count, metrics);
            foreach (var c in callbacks) c.OnTestEnd(_testLogs);
        }
        return (lossSum / data.Count, results);
    }

    /// <summary>The test logs: the running mean <paramref name="loss"/> and every metric's result so far.</summary>
    private void SetTestLogs(double loss, Metric[] metrics)
    {
        _testLogs.Clear();
        _testLogs["loss"] = loss;
        for (int m = 0; m < metrics.Length; m++) _testLogs[metrics[m].Name] = metrics[m].Result();
    }
}
