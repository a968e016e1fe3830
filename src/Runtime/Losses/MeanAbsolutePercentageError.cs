namespace GenNet.Losses;

/// <summary>
/// Keras <c>mean_absolute_percentage_error</c> ("mape"): <c>l_i = 100 · mean_j |t − p| / max(|t|, ε)</c>, <c>∂l_i/∂p_ij = 100 · sign(p − t) / (max(|t|, ε) · n)</c>.
/// </summary>
public sealed class MeanAbsolutePercentageError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_absolute_percentage_error";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new MeanAbsolutePercentageErrorOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new MeanAbsolutePercentageErrorOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = 100·|t − p|/max(|t|, ε), ε = 1e-7 guards t = 0; value and derivative change together.</summary>
internal readonly struct MeanAbsolutePercentageErrorOperator : IElementwiseLoss
{
    public double Value(double t, double p) => 100.0 * Math.Abs(t - p) / Math.Max(Math.Abs(t), LossMath.Epsilon);

    public double Derivative(double t, double p) => 100.0 * Math.Sign(p - t) / Math.Max(Math.Abs(t), LossMath.Epsilon);
}
