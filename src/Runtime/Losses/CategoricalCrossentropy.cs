namespace GenNet.Losses;

/// <summary>
/// Keras <c>categorical_crossentropy</c> over the last axis (n classes). Labels are smoothed first: <c>t ← t(1 − s) + s/n</c>.
/// Probabilities: rows are renormalized, <c>q = p/Σp</c>, clipped <c>q̃ = clip(q, ε, 1 − ε)</c>, <c>l_i = −Σ_j t_j log q̃_j</c>;
/// <c>∂l_i/∂p_k = −t_k/p_k·[k active] + (Σ_{j active} t_j)/Σp</c> ("active": q inside the clip).
/// Logits (<c>fromLogits</c>): <c>l_i = −Σ_j t_j log_softmax(z)_j</c>, <c>∂l_i/∂z = softmax(z)·Σt − t</c>.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="fromLogits">Whether the model output is logits z (linear output) rather than probabilities.</param>
    /// <param name="labelSmoothing">s in [0, 1]: labels become <c>t(1 − s) + s/n</c>.</param>
    public CategoricalCrossentropy(bool fromLogits = false, double labelSmoothing = 0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label_smoothing must be in [0, 1].");
        FromLogits = fromLogits;
        LabelSmoothing = (float)labelSmoothing;
    }

    /// <summary>Whether the model output is logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>s: labels become <c>t(1 − s) + s/n</c>.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc/>
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample, int batch, int n)
    {
        LossChecks.PerSample(yTrue, yPred, perSample, batch, n, n);
        double keep = 1.0 - LabelSmoothing, add = (double)LabelSmoothing / n;
        for (int i = 0; i < batch; i++)
        {
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            double loss = 0;
            if (FromLogits)
            {
                double lse = Softmax.LogSumExp(p);
                for (int j = 0; j < n; j++) loss += (t[j] * keep + add) * (lse - p[j]);
            }
            else
            {
                double sum = Softmax.Sum(p);
                for (int j = 0; j < n; j++)
                    loss -= (t[j] * keep + add) * Math.Log(Math.Clamp(p[j] / sum, LossMath.Epsilon, 1.0 - LossMath.Epsilon));
            }
            perSample[i] = (float)loss;
        }
    }

    /// <inheritdoc/>
    public override void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        float scale, Span<float> dyPred, int batch, int n)
    {
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dyPred, batch, n, n);
        double keep = 1.0 - LabelSmoothing, add = (double)LabelSmoothing / n;
        for (int i = 0; i < batch; i++)
        {
            double c = scale * LossMath.Weight(sampleWeight, i);
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            var d = dyPred.Slice(i * n, n);
            if (FromLogits)
            {
                double max = Softmax.Max(p), expSum = Softmax.ExpSum(p, max), tSum = 0;
                for (int j = 0; j < n; j++) tSum += t[j] * keep + add;
                for (int j = 0; j < n; j++) d[j] = (float)(c * (Math.Exp(p[j] - max) / expSum * tSum - (t[j] * keep + add)));
            }
            else
            {
                // Through q = p/Σp and the clip: active entries give −t/q, and the normalization adds Σ_active t; all over Σp.
                double sum = Softmax.Sum(p), activeT = 0;
                for (int j = 0; j < n; j++)
                    if (Softmax.InsideClip(p[j] / sum)) activeT += t[j] * keep + add;
                for (int j = 0; j < n; j++)
                {
                    double q = p[j] / sum;
                    double g = Softmax.InsideClip(q) ? -(t[j] * keep + add) / q : 0.0;
                    d[j] = (float)(c * (g + activeT) / sum);
                }
            }
        }
    }

    /// <summary>
    /// Softmax output with probabilities: the gradient with respect to the softmax input,
    /// <c>dLogits[i, j] = scale · w_i · (p_j·Σt − t_j)</c> (t smoothed).
    /// </summary>
    public override bool TryLogitGradient(string outputActivation, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred,
        ReadOnlySpan<float> sampleWeight, float scale, Span<float> dLogits, int batch, int n)
    {
        if (FromLogits || !string.Equals(outputActivation, Act.Softmax, StringComparison.Ordinal)) return false;
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dLogits, batch, n, n, nameof(dLogits));
        double keep = 1.0 - LabelSmoothing, add = (double)LabelSmoothing / n;
        for (int i = 0; i < batch; i++)
        {
            double c = scale * LossMath.Weight(sampleWeight, i);
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            var d = dLogits.Slice(i * n, n);
            double tSum = 0;
            for (int j = 0; j < n; j++) tSum += t[j] * keep + add;
            for (int j = 0; j < n; j++) d[j] = (float)(c * (p[j] * tSum - (t[j] * keep + add)));
        }
        return true;
    }
}

/// <summary>Row reductions the cross-entropies share, all in double.</summary>
internal static class Softmax
{
    public static double Max(ReadOnlySpan<float> z)
    {
        double max = double.NegativeInfinity;
        foreach (float v in z) if (v > max) max = v;
        return max;
    }

    /// <summary><c>Σ_j e^(z_j − max)</c>.</summary>
    public static double ExpSum(ReadOnlySpan<float> z, double max)
    {
        double sum = 0;
        foreach (float v in z) sum += Math.Exp(v - max);
        return sum;
    }

    /// <summary><c>log Σ_j e^(z_j)</c>, shifted by the max so it cannot overflow.</summary>
    public static double LogSumExp(ReadOnlySpan<float> z)
    {
        double max = Max(z);
        return max + Math.Log(ExpSum(z, max));
    }

    public static double Sum(ReadOnlySpan<float> p)
    {
        double sum = 0;
        foreach (float v in p) sum += v;
        return sum;
    }

    /// <summary>Whether a normalized probability lies in <c>[ε, 1 − ε]</c>, where the clip passes gradient.</summary>
    public static bool InsideClip(double q) => q >= LossMath.Epsilon && q <= 1.0 - LossMath.Epsilon;
}
