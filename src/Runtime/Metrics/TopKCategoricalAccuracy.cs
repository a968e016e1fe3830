namespace GenNet.Metrics;

/// <summary>
/// Keras <c>top_k_categorical_accuracy</c>: <c>m_i = [c_i is in the top k of p_i]</c>, <c>c_i = argmax_j t_ij</c> (one-hot labels).
/// Keras' <c>in_top_k</c> rule: in the top k iff fewer than k scores are strictly greater, so boundary ties count as in.
/// </summary>
public sealed class TopKCategoricalAccuracy : MeanMetric
{
    private readonly string _name;

    /// <summary>Creates the metric.</summary>
    /// <param name="k">How many of the highest scores count (Keras default 5). Must be ≥ 1.</param>
    /// <param name="name">Display name; default <c>"top_k_categorical_accuracy"</c>.</param>
    public TopKCategoricalAccuracy(int k = 5, string? name = null)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 1.");
        K = k;
        _name = name ?? "top_k_categorical_accuracy";
    }

    /// <summary>How many of the highest scores count.</summary>
    public int K { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MetricChecks.PerSample(yTrue, yPred, values, batch, n, n);
        for (int i = 0; i < batch; i++)
        {
            var p = yPred.Slice(i * n, n);
            values[i] = MetricChecks.InTopK(p, MetricChecks.ArgMax(yTrue.Slice(i * n, n)), K) ? 1f : 0f;
        }
    }
}
