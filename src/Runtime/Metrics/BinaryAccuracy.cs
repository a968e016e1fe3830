namespace GenNet.Metrics;

/// <summary>
/// Keras <c>binary_accuracy</c>: <c>m_i = mean_j [t_ij = (p_ij &gt; threshold ? 1 : 0)]</c> — 1/0 for one output.
/// p equal to the threshold counts as 0; labels other than exactly 0/1 never match.
/// </summary>
public sealed class BinaryAccuracy : MeanMetric
{
    private readonly string _name;

    /// <summary>Creates the metric.</summary>
    /// <param name="threshold">Predictions strictly above it count as 1 (Keras default 0.5; apply to probabilities).</param>
    /// <param name="name">Display name; default <c>"binary_accuracy"</c>.</param>
    public BinaryAccuracy(double threshold = 0.5, string? name = null)
    {
        Threshold = (float)threshold;
        _name = name ?? "binary_accuracy";
    }

    /// <summary>Predictions strictly above this count as 1.</summary>
    public float Threshold { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MetricChecks.PerSample(yTrue, yPred, values, batch, n, n);
        for (int i = 0; i < batch; i++)
        {
            int matches = 0;
            for (int j = i * n; j < (i + 1) * n; j++)
                if (yTrue[j] == (yPred[j] > Threshold ? 1f : 0f)) matches++;
            values[i] = n == 1 ? matches : (float)((double)matches / n);
        }
    }
}
