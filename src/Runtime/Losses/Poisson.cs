namespace GenNet.Losses;

/// <summary>
/// Keras <c>poisson</c>: <c>l_i = mean_j p − t·log(p + ε)</c>, <c>∂l_i/∂p_ij = (1 − t/(p + ε))/n</c>.
/// </summary>
public sealed class Poisson : Loss
{
    /// <inheritdoc/>
    public override string Name => "poisson";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new PoissonOperator(), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new PoissonOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = p − t·log(p + ε), ε = 1e-7; value and derivative change together.</summary>
internal readonly struct PoissonOperator : IElementwiseLoss
{
    public double Value(double t, double p) => p - t * Math.Log(p + LossMath.Epsilon);

    public double Derivative(double t, double p) => 1.0 - t / (p + LossMath.Epsilon);
}
