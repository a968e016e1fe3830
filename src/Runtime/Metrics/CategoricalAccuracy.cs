namespace GenNet.Metrics;

/// <summary>
/// Keras <c>categorical_accuracy</c>: <c>m_i = [argmax_j t_ij = argmax_j p_ij]</c> (first index on ties), for one-hot labels.
/// </summary>
public sealed class CategoricalAccuracy : MeanMetric
{
    private readonly string _name;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name; default <c>"categorical_accuracy"</c>.</param>
    public CategoricalAccuracy(string? name = null) => _name = name ?? "categorical_accuracy";

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MetricChecks.PerSample(yTrue, yPred, values, batch, n, n);
        for (int i = 0; i < batch; i++)
            values[i] = MetricChecks.ArgMax(yTrue.Slice(i * n, n)) == MetricChecks.ArgMax(yPred.Slice(i * n, n)) ? 1f : 0f;
    }
}
