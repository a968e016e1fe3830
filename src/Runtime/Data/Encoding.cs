namespace GenNet;

/// <summary>Label helpers, as Keras' <c>to_categorical</c> and NumPy's argmax.</summary>
public static class Encoding
{
    /// <summary>
    /// One-hot rows (<c>labels.Length × classes</c>, row-major) for integer class ids, as Keras <c>to_categorical</c>.
    /// </summary>
    public static float[] OneHot(ReadOnlySpan<int> labels, int classes)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected a positive number of classes.");
        var result = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label at row {i} must be in [0, {classes}).");
            result[i * classes + label] = 1f;
        }
        return result;
    }

    /// <summary>Index of the largest value (the first one on ties), as <c>numpy.argmax</c>.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("Expected at least one value.", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
