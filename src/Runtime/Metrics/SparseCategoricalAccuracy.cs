namespace GenNet.Metrics;

/// <summary>
/// Keras <c>sparse_categorical_accuracy</c>: <c>m_i = [label_i = argmax_j p_ij]</c>; one float label (a class id) per sample.
/// A label that is not a class id in <c>[0, n − 1]</c> never matches.
/// </summary>
public sealed class SparseCategoricalAccuracy : MeanMetric
{
    private readonly string _name;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name; default <c>"sparse_categorical_accuracy"</c>.</param>
    public SparseCategoricalAccuracy(string? name = null) => _name = name ?? "sparse_categorical_accuracy";

    /// <inheritdoc/>
    public override string Name => _name;

    /// <summary>Per-sample 1/0 matches: <c>yPred[batch, n]</c>, <c>yTrue[batch]</c> (class ids), <c>values[batch]</c>.</summary>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MetricChecks.PerSample(yTrue, yPred, values, batch, n, 1);
        for (int i = 0; i < batch; i++)
            values[i] = MetricChecks.ClassId(yTrue[i], n) == MetricChecks.ArgMax(yPred.Slice(i * n, n)) ? 1f : 0f;
    }
}
