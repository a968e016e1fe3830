namespace GenNet;

/// <summary>
/// Keras <c>Input(shape, name)</c> in a <see cref="FunctionalAttribute"/> model: one of the model's inputs, a node other
/// layers read by its name. Declare every input this way (and give <see cref="FunctionalAttribute"/> no shape) for a model
/// with several inputs. A layer attribute written right after an <c>[Input]</c> reads it without <c>From</c>, so each
/// branch reads top to bottom.
/// </summary>
/// <remarks>
/// Data: the runtime takes one array per input, in declaration order (<c>Fit(new Samples[] { image, meta }, …)</c>,
/// <c>Predict([image, meta], …)</c>), or one packed array whose rows are the inputs' rows side by side. The generated
/// <c>Forward</c> finds input <c>k</c> at <c>input[offset_k · batch, (offset_k + size_k) · batch)</c>
/// (<c>&lt;Name&gt;InputOffset</c>, <c>&lt;Name&gt;InputSize</c>; see <see cref="ModelInfo.Inputs"/>).
/// </remarks>
/// <example><code>
/// [Functional(Outputs = new[] { "digit", "parity" })]
/// [Input("image", 28, 28, 1)]
/// [Flatten]
/// [Dense(64, Activation = Act.Relu, Name = "features")]
/// [Input("meta", 4)]
/// [Dense(8, Activation = Act.Relu)]
/// [Concatenate("features", "dense")]
/// [Dense(10, Activation = Act.Softmax, Name = "digit")]
/// [Dense(1, Activation = Act.Sigmoid, From = "concatenate", Name = "parity")]
/// public partial class TwoInTwoOut { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>An input named <paramref name="name"/> with per-sample shape <paramref name="shape"/> (no batch axis).</summary>
    public InputAttribute(string name, params int[] shape)
    {
        Name = name;
        Shape = shape;
    }

    /// <summary>An input with Keras' default name (<c>input_layer</c>, <c>input_layer_1</c>, …).</summary>
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>Per-sample shape, without the batch axis: <c>{ 10 }</c> for vectors, <c>{ 28, 28, 1 }</c> for NHWC images.</summary>
    public int[] Shape { get; }

    /// <summary>The node name layers read with <c>From</c> (snake_case).</summary>
    public string? Name { get; set; }
}
