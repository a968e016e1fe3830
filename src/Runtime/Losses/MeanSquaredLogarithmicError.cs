namespace GenNet.Losses;

/// <summary>
/// Keras <c>mean_squared_logarithmic_error</c> ("msle"): <c>l_i = mean_j (log(1 + max(p, ε)) − log(1 + max(t, ε)))²</c>,
/// <c>∂l_i/∂p_ij = 2(a − b)/((1 + p)·n)</c> for <c>p &gt; ε</c>, else 0 (the max clips p).
/// </summary>
public sealed class MeanSquaredLogarithmicError : Loss
{
    /// <inheritdoc/>
    public override string Name => "mean_squared_logarithmic_error";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new MeanSquaredLogarithmicErrorOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new MeanSquaredLogarithmicErrorOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = (log1p(max(p, ε)) − log1p(max(t, ε)))²; value and derivative change together.</summary>
internal readonly struct MeanSquaredLogarithmicErrorOperator : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        double d = Math.Log(1.0 + Math.Max(p, LossMath.Epsilon)) - Math.Log(1.0 + Math.Max(t, LossMath.Epsilon));
        return d * d;
    }

    public double Derivative(double t, double p)
    {
        if (p <= LossMath.Epsilon) return 0.0;
        double d = Math.Log(1.0 + p) - Math.Log(1.0 + Math.Max(t, LossMath.Epsilon));
        return 2.0 * d / (1.0 + p);
    }
}
