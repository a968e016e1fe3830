namespace GenNet;

// The catalog: default instances by Keras name, so `metrics: ["accuracy"]` and `Metric.Accuracy` both work.
public abstract partial class Metric
{
    /// <summary>A new <see cref="Metrics.Accuracy"/> placeholder, resolved by shapes when the model is compiled.</summary>
    public static Metric Accuracy => new Metrics.Accuracy();

    /// <summary>A new <see cref="Metrics.BinaryAccuracy"/> with threshold 0.5.</summary>
    public static Metric BinaryAccuracy => new Metrics.BinaryAccuracy();

    /// <summary>A new <see cref="Metrics.CategoricalAccuracy"/>.</summary>
    public static Metric CategoricalAccuracy => new Metrics.CategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.SparseCategoricalAccuracy"/>.</summary>
    public static Metric SparseCategoricalAccuracy => new Metrics.SparseCategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.TopKCategoricalAccuracy"/> with k = 5.</summary>
    public static Metric TopKCategoricalAccuracy => new Metrics.TopKCategoricalAccuracy();

    /// <summary>A new <see cref="Metrics.SparseTopKCategoricalAccuracy"/> with k = 5.</summary>
    public static Metric SparseTopKCategoricalAccuracy => new Metrics.SparseTopKCategoricalAccuracy();

    /// <summary>
    /// The Keras metric for a string: <c>"accuracy"</c>/<c>"acc"</c>, the function names (<c>"binary_accuracy"</c>, …) and
    /// the class names (<c>"BinaryAccuracy"</c>, …). Case-sensitive, as in Keras. Returns a new default instance.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static Metric FromName(string name) => name switch
    {
        "accuracy" or "acc" => Accuracy,
        "binary_accuracy" or nameof(BinaryAccuracy) => BinaryAccuracy,
        "categorical_accuracy" or nameof(CategoricalAccuracy) => CategoricalAccuracy,
        "sparse_categorical_accuracy" or nameof(SparseCategoricalAccuracy) => SparseCategoricalAccuracy,
        "top_k_categorical_accuracy" or nameof(TopKCategoricalAccuracy) => TopKCategoricalAccuracy,
        "sparse_top_k_categorical_accuracy" or nameof(SparseTopKCategoricalAccuracy) => SparseTopKCategoricalAccuracy,
        _ => throw new ArgumentException($"Unknown metric '{name}'. Valid names: {ValidNames}.", nameof(name)),
    };

    /// <summary>Every string <see cref="FromName"/> accepts (for error messages).</summary>
    public const string ValidNames =
        "accuracy (acc), binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy, " +
        "sparse_top_k_categorical_accuracy, or a class name such as BinaryAccuracy";

    /// <summary><see cref="FromName"/>: lets a Keras string stand for a metric, e.g. <c>metrics: ["accuracy"]</c>.</summary>
    public static implicit operator Metric(string name) => FromName(name);
}
