namespace GenNet;

/// <summary>
/// Keras <c>Minimum()([a, b, …])</c> in a <see cref="FunctionalAttribute"/> model: the element-wise minimum of two or more nodes of the same shape. Each element's gradient goes to the input holding the minimum; on a tie, to the first such input in the list (as with Keras on TensorFlow).
/// </summary>
/// <example><c>[Minimum("branch_a", "branch_b")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MinimumAttribute : Attribute
{
    /// <summary>Takes the element-wise minimum of the nodes named in <paramref name="inputs"/> (two or more; <c>"input_layer"</c> is the model input).</summary>
    public MinimumAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the nodes compared, in order (the order breaks gradient ties).</summary>
    public string[] Inputs { get; }

    /// <summary>Layer name; Keras' default is <c>minimum</c>, <c>minimum_1</c>, ….</summary>
    public string? Name { get; set; }
}
