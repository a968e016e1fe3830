namespace GenNet.Losses;

/// <summary>
/// One element of a loss of the form <c>l_i = mean_j f(t_ij, p_ij)</c> (or a sum for KL divergence).
/// <see cref="Value"/> and <see cref="Derivative"/> must change together.
/// </summary>
internal interface IElementwiseLoss
{
    /// <summary><c>f(t, p)</c>.</summary>
    double Value(double t, double p);

    /// <summary><c>∂f/∂p</c>; zero where Keras clips p.</summary>
    double Derivative(double t, double p);
}

/// <summary>
/// The row loops shared by every element-wise loss. Generic over a struct operator so the JIT specializes and
/// inlines each loss (the TensorPrimitives operator pattern). Sums are kept in double: a row of float32 terms
/// loses digits that the fixtures' 1e-5 relative tolerance would notice.
/// </summary>
internal static class ElementwiseLoss
{
    /// <summary><c>perSample[i] = mean_j f(t_ij, p_ij)</c>, or <c>Σ_j</c> when <paramref name="sum"/>.</summary>
    public static void PerSample<TOp>(TOp op, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample,
        int batch, int n, bool sum = false) where TOp : struct, IElementwiseLoss
    {
        LossChecks.PerSample(yTrue, yPred, perSample, batch, n, n);
        double divisor = sum ? 1.0 : n;
        for (int i = 0; i < batch; i++)
        {
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            double total = 0;
            for (int j = 0; j < n; j++) total += op.Value(t[j], p[j]);
            perSample[i] = (float)(total / divisor);
        }
    }

    /// <summary><c>dyPred[i, j] = scale · w_i · f′(t_ij, p_ij) / n</c> (no <c>/n</c> when <paramref name="sum"/>).</summary>
    public static void Gradient<TOp>(TOp op, ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred,
        ReadOnlySpan<float> sampleWeight, float scale, Span<float> dyPred, int batch, int n, bool sum = false)
        where TOp : struct, IElementwiseLoss
    {
        LossChecks.Gradient(yTrue, yPred, sampleWeight, dyPred, batch, n, n);
        double divisor = sum ? 1.0 : n;
        for (int i = 0; i < batch; i++)
        {
            double c = (double)scale * (sampleWeight.IsEmpty ? 1.0 : sampleWeight[i]) / divisor;
            var t = yTrue.Slice(i * n, n);
            var p = yPred.Slice(i * n, n);
            var d = dyPred.Slice(i * n, n);
            for (int j = 0; j < n; j++) d[j] = (float)(c * op.Derivative(t[j], p[j]));
        }
    }
}

/// <summary>Constants and helpers Keras' losses share.</summary>
internal static class LossMath
{
    /// <summary><c>keras.backend.epsilon()</c>: the clip and guard value of every loss.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Numerically stable <c>σ(z) = 1/(1 + e^−z)</c>.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0) return 1.0 / (1.0 + Math.Exp(-z));
        double e = Math.Exp(z);
        return e / (1.0 + e);
    }

    /// <summary>
    /// Keras' hinge label rule, decided per batch: if every label is 0 or 1 they are mapped to −1/1 (<c>t′ = 2t − 1</c>);
    /// otherwise they are used as given.
    /// </summary>
    public static bool HingeLabelsAreBinary(ReadOnlySpan<float> yTrue, int batch, int n)
    {
        // Only the batch's rows count (buffers may be longer); lengths are validated afterwards by the row loops.
        foreach (float t in yTrue[..(int)Math.Min(yTrue.Length, Math.Max(batch, 0) * (long)n)])
            if (t != 0f && t != 1f) return false;
        return true;
    }

    /// <summary>Row <c>i</c>'s weight: <c>sampleWeight[i]</c>, or 1 when no weights are given.</summary>
    public static double Weight(ReadOnlySpan<float> sampleWeight, int i) => sampleWeight.IsEmpty ? 1.0 : sampleWeight[i];
}
