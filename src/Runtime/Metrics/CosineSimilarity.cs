namespace GenNet.Metrics;

/// <summary>
/// Keras <c>CosineSimilarity</c> metric: the weighted mean of <c>t̂·p̂</c> over the last axis, <c>x̂ = x / max(‖x‖, ε)</c>
/// (1 is best). It is the negated <see cref="Losses.CosineSimilarity"/> loss.
/// </summary>
/// <param name="name">Display name; default <c>"cosine_similarity"</c>.</param>
public sealed class CosineSimilarity(string? name = null) : MeanMetric
{
    private static readonly Losses.CosineSimilarity s_loss = new();

    /// <inheritdoc/>
    public override string Name { get; } = name ?? "cosine_similarity";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        s_loss.PerSample(yTrue, yPred, values, batch, n);
        for (int i = 0; i < batch; i++) values[i] = -values[i];
    }
}
