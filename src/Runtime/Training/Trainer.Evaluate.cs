namespace GenNet;

internal sealed partial class Trainer
{
    private Workspace? _evaluationWorkspace;

    // The logs the test hooks see, reused by every evaluation (Fit validates once per epoch).
    private readonly Dictionary<string, double> _testLogs = new(StringComparer.Ordinal);

    /// <summary>Keras <c>evaluate</c> on arrays: loss and metrics in inference mode (<paramref name="batchSize"/> checked by the caller).</summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize, int verbose, int? steps, IEnumerable<Callback>? callbacks)
    {
        var data = DataSet.Create(this, x, y, null, null, "x", "y");
        if (data.Count == 0) throw new ArgumentException("Expected at least one sample to evaluate, got none.", nameof(x));
        return EvaluateSource(data, batchSize, verbose, steps, callbacks);
    }

    /// <summary>Keras <c>evaluate</c> on a source: a pass of its own from the first sample, <paramref name="steps"/> batches at most.</summary>
    public Evaluation Evaluate(DataSource data, int batchSize, int verbose, int? steps, IEnumerable<Callback>? callbacks)
    {
        CheckSource(data, nameof(data));
        return EvaluateSource(data, batchSize, verbose, steps, callbacks);
    }

    private Evaluation EvaluateSource(DataSource data, int batchSize, int verbose, int? steps, IEnumerable<Callback>? callbacks)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Expected steps of at least 1 (or null: the whole data).");
        var metrics = ResolveMetrics();
        var hooks = new List<Callback>(callbacks ?? []);
        foreach (var c in hooks) c.Model = _model;
        var cursor = new EpochCursor(data, batchSize, steps, null);
        var bar = new ProgressBar(_model.Output, cursor.Steps, verbose, ProgressBar.IsDynamic(_model.Output)); // started before the work it times
        var (loss, values) = EvaluateCore(cursor, metrics, hooks);
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
    /// Mean loss and the metrics' results over one epoch of <paramref name="cursor"/> (its steps, or a whole pass), batch by
    /// batch, in inference mode, calling the test hooks of <paramref name="callbacks"/> (Keras <c>on_test_begin</c>,
    /// <c>on_test_batch_begin/end</c>, <c>on_test_end</c>). The metrics are reset first (as Keras' evaluate does), so Fit
    /// reads its training values before validating. Sample weights are not applied (Fit's validation never had them).
    /// </summary>
    private (double Loss, double[] Metrics) EvaluateCore(EpochCursor cursor, Metric[] metrics, List<Callback> callbacks)
    {
        var data = cursor.Source;
        var ws = EvaluationWorkspace(cursor.BatchSize, data.LabelSize);
        double lossSum = 0;
        long samples = 0;
        // As in Keras' test step, every batch's loss includes the regularizers' penalty (the weights do not change here).
        double penalty = _rules?.Penalty(_model.ParameterValues) ?? 0;
        foreach (var metric in metrics) metric.ResetState();
        foreach (var c in callbacks) c.OnTestBegin();
        cursor.BeginEpoch();
        for (int step = 0; step < cursor.Steps && cursor.TryNext(out int start, out int count); step++)
        {
            foreach (var c in callbacks) c.OnTestBatchBegin(step);
            ReadBatch(data, ws, start, count);
            EvaluateChunks(ws, count, data.LabelSize);
            foreach (float l in ws.PerSample.AsSpan(0, count)) lossSum += l;
            lossSum += penalty * count;
            UpdateMetrics(metrics, ws, count, data.LabelSize, default);
            samples += count;
            if (callbacks.Count > 0)
            {
                SetTestLogs(lossSum / samples, metrics);
                foreach (var c in callbacks) c.OnTestBatchEnd(step, _testLogs);
            }
        }
        cursor.EndEpoch();
        var results = new double[metrics.Length];
        for (int m = 0; m < metrics.Length; m++) results[m] = metrics[m].Result();
        if (callbacks.Count > 0)
        {
            SetTestLogs(lossSum / samples, metrics);
            foreach (var c in callbacks) c.OnTestEnd(_testLogs);
        }
        return (lossSum / samples, results);
    }

    /// <summary>The test logs: the running mean <paramref name="loss"/> and every metric's result so far.</summary>
    private void SetTestLogs(double loss, Metric[] metrics)
    {
        _testLogs.Clear();
        _testLogs["loss"] = loss;
        for (int m = 0; m < metrics.Length; m++) _testLogs[metrics[m].Name] = metrics[m].Result();
    }
}
