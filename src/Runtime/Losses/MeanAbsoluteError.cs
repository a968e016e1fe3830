namespace GenNet.Losses;

/// <summary>
/// Keras <c>mean_absolute_error</c> ("mae"): <c>l_i = mean_j |t − p|</c>, <c>∂l_i/∂p_ij = sign(p − t)/n (0 where p = t)</c>.
/// </summary>
public sealed class MeanAbsoluteError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_error";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new MeanAbsoluteErrorOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new MeanAbsoluteErrorOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = |t − p|, f′ = sign(p − t); value and derivative change together.</summary>
internal readonly struct MeanAbsoluteErrorOperator : IElementwiseLoss
{
    public double Value(double t, double p) => Math.Abs(t - p);

    public double Derivative(double t, double p) => Math.Sign(p - t);
}
