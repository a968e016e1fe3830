namespace GenNet;

/// <summary>What <see cref="O:GenNet.Model.Evaluate"/> returns: the loss and each compiled metric.</summary>
public sealed class Evaluation(double loss, IReadOnlyDictionary<string, double> metrics)
{
    /// <summary>Mean loss over the samples (Keras' "sum_over_batch_size" per batch, weighted by batch size).</summary>
    public double Loss { get; } = loss;

    /// <summary>Each compiled metric's value by name, e.g. <c>["accuracy"]</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; } = metrics;


    /// <summary><c>var (loss, accuracy) = model.Evaluate(x, y);</c> for a model compiled with one metric.</summary>
    public void Deconstruct(out double loss, out double firstMetric)
    {
        loss = Loss;
        firstMetric = Metrics.Count > 0 ? Metrics.First().Value : double.NaN;
    }
}

public abstract partial class Model
{
    /// <summary>
    /// Loss and metrics on <paramref name="x"/>/<paramref name="y"/> in inference mode, as Keras <c>evaluate</c>.
    /// </summary>
    public Evaluation Evaluate(Samples x, Samples y, int batchSize = 32, int verbose = 1)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        var data = DataSet.Create(this, x, y, null, null, "x", "y");
        if (data.Count == 0) throw new ArgumentException("Expected at least one sample to evaluate, got none.", nameof(x));
        var metrics = ResolveMetrics(data.LabelSize);
        int steps = (data.Count + batchSize - 1) / batchSize;
        var bar = new ProgressBar(Output, steps, verbose, ProgressBar.IsDynamic(Output)); // started before the work it times
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

    private Workspace? _evaluationWorkspace;

    /// <summary>Mean loss and metric means over <paramref name="data"/>, batch by batch, in inference mode.</summary>
    private (double Loss, double[] Metrics) EvaluateCore(DataSet data, int batchSize, Metric[] metrics)
    {
        var loss = Loss;
        int batch = Math.Min(batchSize, data.Count);
        var ws = EvaluationWorkspace(batch, data.LabelSize);
        double lossSum = 0;
        var sums = new double[metrics.Length];
        for (int start = 0; start < data.Count; start += batch)
        {
            int count = Math.Min(batch, data.Count - start);
            data.GatherRange(start, count, ws);
            EvaluateChunks(loss, ws, count, data.LabelSize);
            foreach (float l in ws.PerSample.AsSpan(0, count)) lossSum += l;
            AccumulateMetrics(metrics, ws, count, data.LabelSize, default, sums);
        }
        for (int m = 0; m < sums.Length; m++) sums[m] /= data.Count;
        return (lossSum / data.Count, sums);
    }
}
