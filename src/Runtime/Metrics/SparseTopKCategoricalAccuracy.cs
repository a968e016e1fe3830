namespace GenNet.Metrics;

/// <summary>
/// Keras <c>sparse_top_k_categorical_accuracy</c>: <c>m_i = [label_i is in the top k of p_i]</c>, one float class id per sample.
/// Keras' <c>in_top_k</c> rule: in the top k iff fewer than k scores are strictly greater (boundary ties count as in).
/// A label that is not a class id in <c>[0, n − 1]</c> never matches.
/// </summary>
public sealed class SparseTopKCategoricalAccuracy : MeanMetric
{
    private readonly string _name;

    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many of the highest scores count (Keras default 5). Must be ≥ 1.</param>
    /// <param name="name">Display name; default <c>"sparse_top_k_categorical_accuracy"</c>.</param>
    public SparseTopKCategoricalAccuracy(int k = 5, string? name = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 1.");
        K = k;
        _name = name ?? "sparse_top_k_categorical_accuracy";
    }

    /// <summary>How many of the highest scores count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <summary>Per-sample 1/0 matches: <c>yPred[batch, n]</c>, <c>yTrue[batch]</c> (class ids), <c>values[batch]</c>.</summary>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MetricChecks.PerSample(yTrue, yPred, values, batch, n, 1);
        for (int i = 0; i < batch; i++)
        {
            int label = MetricChecks.ClassId(yTrue[i], n);
            values[i] = label >= 0 && MetricChecks.InTopK(yPred.Slice(i * n, n), label, K) ? 1f : 0f;
        }
    }
}
