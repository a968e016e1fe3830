namespace GenNet.Losses;

/// <summary>
/// Keras <c>log_cosh</c>: <c>l_i = mean_j log cosh(e)</c>, <c>e = p − t</c>, <c>∂l_i/∂p_ij = tanh(e)/n</c>.
/// </summary>
public sealed class LogCosh : Loss
{
    /// <inheritdoc/>
    public override string Name => "log_cosh";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new LogCoshOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new LogCoshOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>
/// f = log cosh(e) computed as |e| + log1p(e^(−2|e|)) − log 2 (Keras' e + softplus(−2e) − log 2, which cannot overflow);
/// f′ = tanh(e). Value and derivative change together.
/// </summary>
internal readonly struct LogCoshOperator : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        double a = Math.Abs(p - t);
        return a + Math.Log(1.0 + Math.Exp(-2.0 * a)) - Math.Log(2.0);
    }

    public double Derivative(double t, double p) => Math.Tanh(p - t);
}
