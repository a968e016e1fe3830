namespace GenNet.Losses;

/// <summary>
/// Keras <c>cosine_similarity</c> over the last axis: <c>l_i = −Σ_j t̂_j p̂_j</c>, <c>x̂ = x / max(‖x‖, ε)</c> (−1 is best);
/// <c>∂l_i/∂p = −(t̂ − (t̂·p̂) p̂)/‖p‖</c> (for <c>‖p‖ ≤ ε</c> the normalization is a constant scale: <c>−t̂/ε</c>).
/// </summary>
public sealed class CosineSimilarity : Loss
{
    /// <inheritdoc/>
    public override string Name => "cosine_similarity";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n)
    {
        LossChecks.PerSample(yTrue, yPred, perSample, batch, n, n);
        for (int i = 0; i < batch; i++)
        {
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            Sums(t, p, out double tt, out double pp, out double tp);
            perSample[i] = (float)(-tp / (Norm(tt) * Norm(pp)));
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n)
    {
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dyPred, batch, n, n);
        for (int i = 0; i < batch; i++)
        {
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            var d = dyPred.Slice(i * n, n);
            Sums(t, p, out double tt, out double pp, out double tp);
            double tNorm = Norm(tt), pNorm = Norm(pp), c = scale * LossMath.Weight(sampleWeight, i);
            // cos = t̂·p̂; the projection term vanishes when the floor ε is what divides p (it no longer depends on p).
            double cos = tp / (tNorm * pNorm), projection = Math.Sqrt(pp) > LossMath.Epsilon ? cos : 0.0;
            for (int j = 0; j < n; j++)
                d[j] = (float)(-c * (t[j] / tNorm - projection * p[j] / pNorm) / pNorm);
        }
    }

    private static void Sums(ReadOnlySpan<float> t, ReadOnlySpan<float> p, out double tt, out double pp, out double tp)
    {
        tt = 0; pp = 0; tp = 0;
        for (int j = 0; j < t.Length; j++)
        {
            tt += (double)t[j] * t[j];
            pp += (double)p[j] * p[j];
            tp += (double)t[j] * p[j];
        }
    }

    /// <summary><c>max(‖x‖, ε) = √max(Σx², ε²)</c>.</summary>
    private static double Norm(double squareSum) => Math.Max(Math.Sqrt(squareSum), LossMath.Epsilon);
}
