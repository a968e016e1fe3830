namespace GenNet.Losses;

/// <summary>
/// Keras <c>binary_crossentropy</c> ("bce"). Labels are smoothed first: <c>t ← t(1 − s) + s/2</c>.
/// Probabilities: <c>l_i = mean_j −[t log p̃ + (1 − t) log(1 − p̃)]</c>, <c>p̃ = clip(p, ε, 1 − ε)</c>,
/// <c>∂l_i/∂p_ij = (p − t)/(p(1 − p)·n)</c> inside the clip, 0 outside.
/// Logits (<c>fromLogits</c>, z = the output): <c>l_i = mean_j max(z, 0) − z·t + log(1 + e^−|z|)</c>, <c>∂l_i/∂z_ij = (σ(z) − t)/n</c>.
/// </summary>
public sealed class BinaryCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether the model output is a logit z (linear output) rather than a probability.</param>
    /// <param name="labelSmoothing">s in [0, 1]: labels become <c>t(1 − s) + s/2</c>.</param>
    public BinaryCrossentropy(bool fromLogits = false, double labelSmoothing = 0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label_smoothing must be in [0, 1].");
        FromLogits = fromLogits;
        LabelSmoothing = (float)labelSmoothing;
    }

    /// <summary>Whether the model output is a logit rather than a probability.</summary>
    public bool FromLogits { get; }

    /// <summary>s: labels become <c>t(1 − s) + s/2</c>.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc/>
    public override string Name => "binary_crossentropy";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n)
    {
        if (FromLogits) ElementwiseLoss.PerSample(new BinaryCrossentropyLogitsOperator(LabelSmoothing), yTrue, yPred, perSample, batch, n);
        else ElementwiseLoss.PerSample(new BinaryCrossentropyOperator(LabelSmoothing), yTrue, yPred, perSample, batch, n);
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n)
    {
        if (FromLogits)
            ElementwiseLoss.Gradient(new BinaryCrossentropyLogitsOperator(LabelSmoothing), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
        else
            ElementwiseLoss.Gradient(new BinaryCrossentropyOperator(LabelSmoothing), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
    }

    /// <summary>
    /// Sigmoid output with probabilities: the gradient with respect to the sigmoid's input,
    /// <c>dLogits[i, j] = scale · w_i · (p − t)/n</c> (t smoothed). Not clipped: this is the exact derivative of the
    /// unclipped loss, which is what makes the fusion stable where p saturates.
    /// </summary>
    public override bool TryLogitGradient(string outputActivation, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred,
        ReadOnlySpan<float> sampleWeight, float scale, Span<float> dLogits, int batch, int n)
    {
        if (FromLogits || !string.Equals(outputActivation, Act.Sigmoid, StringComparison.Ordinal)) return false;
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dLogits, batch, n, n, nameof(dLogits));
        double s = LabelSmoothing;
        for (int i = 0; i < batch; i++)
        {
            double c = scale * LossMath.Weight(sampleWeight, i) / n;
            for (int j = i * n; j < (i + 1) * n; j++)
                dLogits[j] = (float)(c * (yPred[j] - (yTrue[j] * (1.0 - s) + 0.5 * s)));
        }
        return true;
    }
}

/// <summary>
/// f = −[t log p̃ + (1 − t) log(1 − p̃)], p̃ = clip(p, ε, 1 − ε) in double (in float32 1 − ε rounds to 1 − 1.19e-7,
/// which would move −log(1 − p̃) from 16.118 to 15.942); f′ = (p − t)/(p(1 − p)) inside the clip.
/// Value and derivative change together.
/// </summary>
internal readonly struct BinaryCrossentropyOperator(double smoothing) : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        t = t * (1.0 - smoothing) + 0.5 * smoothing;
        double q = Math.Clamp(p, LossMath.Epsilon, 1.0 - LossMath.Epsilon);
        return -(t * Math.Log(q) + (1.0 - t) * Math.Log(1.0 - q));
    }

    public double Derivative(double t, double p)
    {
        if (p < LossMath.Epsilon || p > 1.0 - LossMath.Epsilon) return 0.0;
        t = t * (1.0 - smoothing) + 0.5 * smoothing;
        return (p - t) / (p * (1.0 - p));
    }
}

/// <summary>
/// f = max(z, 0) − z·t + log(1 + e^−|z|) (never overflows), f′ = σ(z) − t. Value and derivative change together.
/// </summary>
internal readonly struct BinaryCrossentropyLogitsOperator(double smoothing) : IElementwiseLoss
{
    public double Value(double t, double z)
    {
        t = t * (1.0 - smoothing) + 0.5 * smoothing;
        return Math.Max(z, 0.0) - z * t + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));
    }

    public double Derivative(double t, double z) => LossMath.Sigmoid(z) - (t * (1.0 - smoothing) + 0.5 * smoothing);
}
