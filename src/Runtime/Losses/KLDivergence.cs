namespace GenNet.Losses;

/// <summary>
/// Keras <c>kl_divergence</c> ("kld"): <c>l_i = Σ_j t̃ log(t̃/p̃)</c> with <c>t̃, p̃</c> clipped to <c>[ε, 1]</c> — a sum over the
/// row, not a mean; <c>∂l_i/∂p_ij = −t̃/p</c> for <c>ε ≤ p ≤ 1</c>, else 0 (clipped).
/// </summary>
public sealed class KLDivergence : Loss
{
    /// <inheritdoc/>
    public override string Name => "kl_divergence";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n) =>
        ElementwiseLoss.PerSample(new KLDivergenceOperator(), yTrue, yPred, perSample, batch, n, sum: true);

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n) =>
        ElementwiseLoss.Gradient(new KLDivergenceOperator(), yTrue, yPred, sampleWeight, scale, dyPred, batch, n, sum: true);
}

/// <summary>f = t̃·log(t̃/p̃), clip to [ε, 1]; f′ = −t̃/p inside the clip. Value and derivative change together.</summary>
internal readonly struct KLDivergenceOperator : IElementwiseLoss
{
    public double Value(double t, double p)
    {
        double tc = Math.Clamp(t, LossMath.Epsilon, 1.0), pc = Math.Clamp(p, LossMath.Epsilon, 1.0);
        return tc * Math.Log(tc / pc);
    }

    public double Derivative(double t, double p) =>
        p >= LossMath.Epsilon && p <= 1.0 ? -Math.Clamp(t, LossMath.Epsilon, 1.0) / p : 0.0;
}
