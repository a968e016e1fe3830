namespace GenNet.Losses;

/// <summary>
/// Keras <c>squared_hinge</c>: <c>l_i = mean_j max(0, 1 − t′p)²</c>, <c>∂l_i/∂p_ij = −2t′·max(0, 1 − t′p)/n</c>.
/// Labels as in <see cref="GenNet.Losses.Hinge"/>: all 0/1 in the batch → <c>t′ = 2t − 1</c>, else as given.
/// </summary>
public sealed class SquaredHinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "squared_hinge";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new SquaredHingeOperator(LossMath.HingeLabelsAreBinary(yTrue, batch, n)), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new SquaredHingeOperator(LossMath.HingeLabelsAreBinary(yTrue, batch, n)), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = max(0, 1 − t′p)², f′ = −2t′·max(0, 1 − t′p); value and derivative change together.</summary>
internal readonly struct SquaredHingeOperator(bool binaryLabels) : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        double m = Math.Max(0.0, 1.0 - Label(t) * p);
        return m * m;
    }

    public double Derivative(double t, double p) => -2.0 * Label(t) * Math.Max(0.0, 1.0 - Label(t) * p);

    private double Label(double t) => binaryLabels ? 2.0 * t - 1.0 : t;
}
