namespace GenNet.Losses;

/// <summary>
/// Keras <c>hinge</c>: <c>l_i = mean_j max(0, 1 − t′p)</c>, <c>∂l_i/∂p_ij = −t′/n</c> where <c>1 − t′p &gt; 0</c>, else 0.
/// Labels: if every <c>y_true</c> entry of the batch is 0 or 1, <c>t′ = 2t − 1</c>; otherwise <c>t′ = t</c> (expected ±1).
/// </summary>
public sealed class Hinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "hinge";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new HingeOperator(LossMath.HingeLabelsAreBinary(yTrue, batch, n)), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new HingeOperator(LossMath.HingeLabelsAreBinary(yTrue, batch, n)), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = max(0, 1 − t′p), f′ = −t′ where 1 − t′p &gt; 0; value and derivative change together.</summary>
internal readonly struct HingeOperator(bool binaryLabels) : IElementwiseLoss
{
    public double Value(double t, double p) => Math.Max(0.0, 1.0 - Label(t) * p);

    public double Derivative(double t, double p) => 1.0 - Label(t) * p > 0.0 ? -Label(t) : 0.0;

    private double Label(double t) => binaryLabels ? 2.0 * t - 1.0 : t;
}
