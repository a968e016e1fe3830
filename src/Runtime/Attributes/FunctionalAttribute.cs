namespace GenNet;

/// <summary>
/// Declares a Keras-style Functional model on a <c>partial</c> class: a directed acyclic graph of layers. Each layer
/// attribute after it is a node named by its <c>Name</c> (or Keras' default); a layer reads the node its <c>From</c>
/// names, or else the attribute just before it (the first one reads the model input, <c>"input_layer"</c>). Merge
/// layers (<see cref="AddAttribute"/>, <see cref="SubtractAttribute"/>, <see cref="MultiplyAttribute"/>,
/// <see cref="AverageAttribute"/>, <see cref="MaximumAttribute"/>, <see cref="MinimumAttribute"/>,
/// <see cref="ConcatenateAttribute"/>) list the nodes they merge. The model output
/// is the node <see cref="Output"/> names, or the last attribute.
/// </summary>
/// <example><code>
/// [Functional(28, 28, 1)]
/// [Conv2D(16, 3, Activation = Act.Relu)]
/// [MaxPooling2D(2)]
/// [Flatten(Name = "features")]
/// [Flatten(From = "input_layer", Name = "pixels")]
/// [Dense(32, Activation = Act.Relu)]
/// [Concatenate("features", "dense")]
/// [Dense(10, Activation = Act.Softmax)]
/// public partial class TwoBranch { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FunctionalAttribute : Attribute
{
    /// <summary>
    /// Declares a model whose per-sample input shape (without the batch axis) is <paramref name="input"/>. Leave it empty
    /// and declare <see cref="InputAttribute"/>s for named or several inputs.
    /// </summary>
    public FunctionalAttribute(params int[] input) => Input = input;

    /// <summary>Per-sample input shape, without the batch axis: <c>{ 3 }</c> for vectors, <c>{ 28, 28, 1 }</c> for NHWC images.</summary>
    public int[] Input { get; set; }

    /// <summary>The name of the node whose output is the model output; default: the last layer attribute.</summary>
    public string? Output { get; set; }

    /// <summary>
    /// Several outputs, by node name, in order (Keras <c>Model(inputs, outputs=[a, b])</c>). Losses, loss weights and
    /// metrics are given per output name in <c>Compile</c>; <c>Predict</c> writes each into its own span. Use either
    /// <see cref="Output"/> or this.
    /// </summary>
    public string[]? Outputs { get; set; }

    /// <summary>The model's name in <c>Summary()</c>; Keras' default is <c>"functional"</c>.</summary>
    public string? Name { get; set; }
}
