namespace GenNet;

/// <summary>
/// Keras <c>Add()([a, b, …])</c> in a <see cref="FunctionalAttribute"/> model: the element-wise sum of two or more nodes
/// of the same shape. Every input receives the output's gradient.
/// </summary>
/// <example><c>[Add("branch_a", "branch_b")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AddAttribute : Attribute
{
    /// <summary>Sums the outputs of the nodes named <paramref name="inputs"/> (two or more; <c>"input_layer"</c> is the model input).</summary>
    public AddAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the nodes summed.</summary>
    public string[] Inputs { get; }

    /// <summary>Layer name; Keras' default is <c>add</c>, <c>add_1</c>, ….</summary>
    public string? Name { get; set; }
}
