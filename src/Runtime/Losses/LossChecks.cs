namespace GenNet.Losses;

/// <summary>
/// Span-length validation done once at each loss's public edge; the inner loops then assume valid input.
/// Buffers may be longer than needed (the loop reuses workspaces sized for the largest batch).
/// </summary>
internal static class LossChecks
{
    public static void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> perSample,
        int batch, int n, int labelSize)
    {
        Shape(batch, n);
        Length(nameof(yTrue), yTrue.Length, batch, labelSize);
        Length(nameof(yPred), yPred.Length, batch, n);
        Length(nameof(perSample), perSample.Length, batch, 1);
    }

    public static void Gradient(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight,
        Span<float> dyPred, int batch, int n, int labelSize, string gradientName = "dyPred")
    {
        Shape(batch, n);
        Length(nameof(yTrue), yTrue.Length, batch, labelSize);
        Length(nameof(yPred), yPred.Length, batch, n);
        if (!sampleWeight.IsEmpty) Length(nameof(sampleWeight), sampleWeight.Length, batch, 1);
        Length(gradientName, dyPred.Length, batch, n);
    }

    private static void Shape(int batch, int n)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0.");
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n (floats of y_pred per sample) must be >= 1.");
    }

    private static void Length(string name, int actual, int batch, int width)
    {
        long expected = (long)batch * width;
        if (actual < expected)
            throw new ArgumentException(
                $"{name} must hold at least {expected} floats ({batch} rows × {width}); received {actual}.", name);
    }
}
