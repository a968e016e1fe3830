namespace GenNet.Metrics;

/// <summary>
/// Keras <c>RootMeanSquaredError</c>: <c>√(Σ w_i·m_i / Σ w_i)</c>, <c>m_i = mean_j (t_ij − p_ij)²</c> — the root of the
/// streaming mean, not a mean of per-batch roots.
/// </summary>
/// <param name="name">Display name; default <c>"root_mean_squared_error"</c>.</param>
public sealed class RootMeanSquaredError(string? name = null) : MeanMetric
{
    private static readonly Losses.MeanSquaredError s_squaredError = new();

    /// <inheritdoc/>
    public override string Name { get; } = name ?? "root_mean_squared_error";

    /// <summary>Errors are minimized.</summary>
    public override bool HigherIsBetter => false;

    /// <summary>Per-sample squared errors <c>mean_j (t − p)²</c> (their weighted mean is squared RMSE).</summary>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n) =>
        s_squaredError.PerSample(yTrue, yPred, values, batch, n);

    /// <inheritdoc/>
    public override double Result() => Math.Sqrt(base.Result());
}
