namespace GenNet.Losses;

/// <summary>
/// Keras <c>huber</c>: <c>l_i = mean_j h(e)</c>, <c>e = p − t</c>, <c>h(e) = ½e²</c> if <c>|e| ≤ δ</c> else <c>δ|e| − ½δ²</c>;
/// <c>∂l_i/∂p_ij = clip(e, −δ, δ)/n</c>.
/// </summary>
public sealed class Huber : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">δ, where the loss turns from quadratic to linear (Keras default 1.0). Must be positive.</param>
    public Huber(double delta = 1)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber delta must be positive.");
        Delta = (float)delta;
    }

    /// <summary>δ, where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override string Name => "huber";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new HuberOperator(Delta), yTrue, yPred, perSample, batch, n);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new HuberOperator(Delta), yTrue, yPred, sampleWeight, scale, dyPred, batch, n);
}

/// <summary>f = ½e² (|e| ≤ δ) or δ|e| − ½δ², f′ = clip(e, −δ, δ); value and derivative change together.</summary>
internal readonly struct HuberOperator(double delta) : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        double e = p - t, a = Math.Abs(e);
        return a <= delta ? 0.5 * e * e : delta * a - 0.5 * delta * delta;
    }

    public double Derivative(double t, double p) => Math.Clamp(p - t, -delta, delta);
}
