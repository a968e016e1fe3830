namespace GenNet;

/// <summary>
/// Keras <c>Multiply()([a, b, …])</c> in a <see cref="FunctionalAttribute"/> model: the element-wise product of two or more nodes of the same shape. Each input receives the output's gradient times the other inputs.
/// </summary>
/// <example><c>[Multiply("branch_a", "branch_b")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MultiplyAttribute : Attribute
{
    /// <summary>Multiplies the outputs of the nodes named in <paramref name="inputs"/> (two or more; <c>"input_layer"</c> is the model input).</summary>
    public MultiplyAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the nodes multiplied.</summary>
    public string[] Inputs { get; }

    /// <summary>Layer name; Keras' default is <c>multiply</c>, <c>multiply_1</c>, ….</summary>
    public string? Name { get; set; }
}
