namespace GenNet.Losses;

/// <summary>
/// Keras <c>mean_squared_error</c> ("mse"): <c>l_i = mean_j (t − p)²</c>, <c>∂l_i/∂p_ij = 2(p − t)/n</c>.
/// </summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_error";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new MeanSquaredErrorOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new MeanSquaredErrorOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = (t − p)², f′ = 2(p − t); value and derivative change together.</summary>
internal readonly struct MeanSquaredErrorOperator : IElementwiseLoss
{
    public double Value(double t, double p) => (t - p) * (t - p);

    public double Derivative(double t, double p) => 2.0 * (p - t);
}
