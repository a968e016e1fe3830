namespace GenNet.Metrics;

/// <summary>Span-length validation done once at each metric's public edge (buffers may be longer than needed).</summary>
internal static class MetricChecks
{
    public static void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n, int labelSize)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0.");
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n (floats of y_pred per sample) must be >= 1.");
        Length(nameof(yTrue), yTrue.Length, batch, labelSize);
        Length(nameof(yPred), yPred.Length, batch, n);
        Length(nameof(values), values.Length, batch, 1);
    }

    /// <summary>Sample weights are optional (empty), else one per row.</summary>
    public static void Weights(ReadOnlySpan<float> sampleWeight, int batch)
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be >= 0.");
        if (!sampleWeight.IsEmpty) Length(nameof(sampleWeight), sampleWeight.Length, batch, 1);
    }

    /// <summary>Lengths of an update: <c>yTrue[batch, labelSize]</c>, <c>yPred[batch, n]</c>, optional weights.</summary>
    public static void Update(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n, int labelSize)
    {
        Weights(sampleWeight, batch);
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n (floats of y_pred per sample) must be >= 1.");
        Length(nameof(yTrue), yTrue.Length, batch, labelSize);
        Length(nameof(yPred), yPred.Length, batch, n);
    }

    /// <summary>Row <c>i</c>'s weight: <c>sampleWeight[i]</c>, or 1 when no weights are given.</summary>
    public static double Weight(ReadOnlySpan<float> sampleWeight, int i) => sampleWeight.IsEmpty ? 1.0 : sampleWeight[i];

    private static void Length(string name, int actual, int batch, int width)
    {
        long expected = (long)batch * width;
        if (actual < expected)
            throw new ArgumentException($"{name} must hold at least {expected} floats ({batch} rows × {width}); received {actual}.", name);
    }

    /// <summary>The first index of the largest value (NumPy/Torch argmax; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }

    /// <summary>
    /// Keras' <c>in_top_k</c>: the target is in the top k iff its score is ≥ the k-th largest score, i.e. fewer than k scores
    /// are strictly greater. Ties at the boundary therefore all count as inside (keras/src/backend/*/math.py).
    /// </summary>
    public static bool InTopK(ReadOnlySpan<float> row, int target, int k)
    {
        float score = row[target];
        int greater = 0;
        foreach (float v in row)
            if (v > score && ++greater >= k) return false;
        return true;
    }

    /// <summary>A float label as a class id, or −1 when it is not an integer in <c>[0, n − 1]</c> (then nothing matches).</summary>
    public static int ClassId(float label, int n) =>
        label >= 0f && label <= n - 1 && label == MathF.Floor(label) ? (int)label : -1;
}
