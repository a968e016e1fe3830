namespace GenNet.Metrics;

/// <summary>
/// Keras' <c>"accuracy"</c>/<c>"acc"</c>: a placeholder that <see cref="Resolve"/> turns into the concrete accuracy for the
/// model's shapes, keeping the name <c>"accuracy"</c> (Keras shows "accuracy" whatever it resolved to).
/// </summary>
public sealed class Accuracy : Metric
{
    // Used only when PerSample is called unresolved; metrics are stateless, so sharing them is safe.
    private static readonly Metric s_binary = new BinaryAccuracy(name: "accuracy");
    private static readonly Metric s_sparse = new SparseCategoricalAccuracy(name: "accuracy");
    private static readonly Metric s_categorical = new CategoricalAccuracy(name: "accuracy");

    /// <inheritdoc/>
    public override string Name => "accuracy";

    /// <summary>
    /// Keras' rule: <paramref name="outputSize"/> = 1 → <see cref="GenNet.Metrics.BinaryAccuracy"/>; else <paramref name="labelSize"/> = 1
    /// (integer labels) → <see cref="GenNet.Metrics.SparseCategoricalAccuracy"/>; else <see cref="GenNet.Metrics.CategoricalAccuracy"/>. The result is
    /// named <c>"accuracy"</c>.
    /// </summary>
    public override Metric Resolve(int outputSize, int labelSize) =>
        outputSize == 1 ? new BinaryAccuracy(name: "accuracy")
        : labelSize == 1 ? new SparseCategoricalAccuracy(name: "accuracy")
        : new CategoricalAccuracy(name: "accuracy");

    /// <summary>
    /// Scores unresolved, inferring the label size from the spans: <c>n = 1</c> → binary; <c>yTrue</c> shorter than
    /// <c>batch·n</c> → sparse; else categorical. Prefer <see cref="Resolve"/> once the shapes are known.
    /// </summary>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        Metric resolved = n == 1 ? s_binary : yTrue.Length < (long)batch * n ? s_sparse : s_categorical;
        resolved.PerSample(yTrue, yPred, values, batch, n);
    }
}
