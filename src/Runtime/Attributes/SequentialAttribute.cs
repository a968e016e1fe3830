namespace GenNet;

/// <summary>
/// Declares a Keras-style Sequential model on a <c>partial</c> class. The layer attributes that
/// follow it, in source order, are the model's layers; the GenNet generator writes the rest of the class.
/// </summary>
/// <example><code>
/// [Sequential(5)]
/// [Dense(20, Activation = Act.Relu)]
/// [Dense(2, Activation = Act.Softmax)]
/// public partial class SumClassifier { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequentialAttribute : Attribute
{
    /// <summary>Declares a model whose per-sample input shape (without the batch axis) is <paramref name="input"/>.</summary>
    public SequentialAttribute(params int[] input) => Input = input;

    /// <summary>Per-sample input shape, without the batch axis: <c>{ 3 }</c> for vectors, <c>{ 28, 28, 1 }</c> for NHWC images.</summary>
    public int[] Input { get; set; }

    /// <summary>The model's name in <c>Summary()</c>; Keras' default is <c>"sequential"</c>.</summary>
    public string? Name { get; set; }
}
