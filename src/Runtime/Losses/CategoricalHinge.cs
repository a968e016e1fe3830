namespace GenNet.Losses;

/// <summary>
/// Keras <c>categorical_hinge</c>: <c>l_i = max(0, neg − pos + 1)</c>, <c>pos = Σ_j t_j p_j</c>, <c>neg = max_j (1 − t_j) p_j</c>;
/// when <c>l_i &gt; 0</c>: <c>∂l_i/∂p_j = (1 − t_k)[j = k] − t_j</c>, k = the first argmax of <c>(1 − t)p</c>; else 0.
/// </summary>
public sealed class CategoricalHinge : Loss
{
    /// <inheritdoc/>
    public override string Name => "categorical_hinge";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n)
    {
        LossChecks.PerSample(yTrue, yPred, perSample, batch, n, n);
        for (int i = 0; i < batch; i++)
            perSample[i] = (float)Math.Max(0.0, Margin(yTrue.Slice(i * n, n), yPred.Slice(i * n, n), out _));
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n)
    {
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dyPred, batch, n, n);
        for (int i = 0; i < batch; i++)
        {
            var t = yTrue.Slice(i * n, n);
            var d = dyPred.Slice(i * n, n);
            bool active = Margin(t, yPred.Slice(i * n, n), out int k) > 0.0;
            double c = scale * LossMath.Weight(sampleWeight, i);
            for (int j = 0; j < n; j++)
                d[j] = active ? (float)(c * ((j == k ? 1.0 - t[j] : 0.0) - t[j])) : 0f;
        }
    }

    /// <summary><c>neg − pos + 1</c> of one row, and k = the first index attaining <c>neg</c>.</summary>
    private static double Margin(ReadOnlySpan<float> t, ReadOnlySpan<float> p, out int k)
    {
        double pos = 0, neg = double.NegativeInfinity;
        k = 0;
        for (int j = 0; j < t.Length; j++)
        {
            pos += (double)t[j] * p[j];
            double other = (1.0 - t[j]) * p[j];
            if (other > neg) { neg = other; k = j; }
        }
        return neg - pos + 1.0;
    }
}
