namespace GenNet.Metrics;

/// <summary>
/// Keras' <c>"accuracy"</c>/<c>"acc"</c>: a placeholder that <see cref="Resolve"/> turns into the concrete accuracy for the
/// model's shapes, keeping its name (Keras 3 names the resolved metric by the string given: "accuracy", or "acc").
/// </summary>
public sealed class Accuracy : MeanMetric
{
    // Used only when PerSample is called unresolved; PerSample reads no state, so sharing them is safe.
    private static readonly MeanMetric s_binary = new BinaryAccuracy(name: "accuracy");
    private static readonly MeanMetric s_sparse = new SparseCategoricalAccuracy(name: "accuracy");
    private static readonly MeanMetric s_categorical = new CategoricalAccuracy(name: "accuracy");

    private readonly string _name;

    /// <summary>Creates the placeholder.</summary>
    /// <param name="name">Display name, also of the resolved metric; default <c>"accuracy"</c>.</param>
    public Accuracy(string? name = null) => _name = name ?? "accuracy";

    /// <inheritdoc/>
    public override string Name => _name;

    /// <summary>
    /// Keras' rule: <paramref name="outputSize"/> = 1 → <see cref="GenNet.Metrics.BinaryAccuracy"/>; else <paramref name="labelSize"/> = 1
    /// (integer labels) → <see cref="GenNet.Metrics.SparseCategoricalAccuracy"/>; else <see cref="GenNet.Metrics.CategoricalAccuracy"/>. The result is
    /// named as this placeholder.
    /// </summary>
    public override Metric Resolve(int outputSize, int labelSize) =>
        outputSize == 1 ? new BinaryAccuracy(name: _name)
        : labelSize == 1 ? new SparseCategoricalAccuracy(name: _name)
        : new CategoricalAccuracy(name: _name);

    /// <summary>
    /// Scores unresolved, inferring the label size from the spans: <c>n = 1</c> → binary; <c>yTrue</c> shorter than
    /// <c>batch·n</c> → sparse; else categorical. Prefer <see cref="Resolve"/> once the shapes are known.
    /// </summary>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n)
    {
        MeanMetric resolved = n == 1 ? s_binary : yTrue.Length < (long)batch * n ? s_sparse : s_categorical;
        resolved.PerSample(yTrue, yPred, values, batch, n);
    }
}
