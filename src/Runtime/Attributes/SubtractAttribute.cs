namespace GenNet;

/// <summary>
/// Keras <c>Subtract()([a, b])</c> in a <see cref="FunctionalAttribute"/> model: the element-wise difference <c>a − b</c> of exactly two nodes of the same shape. The first input receives the output's gradient, the second its negation.
/// </summary>
/// <example><c>[Subtract("branch_a", "branch_b")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SubtractAttribute : Attribute
{
    /// <summary>Subtracts the second node named in <paramref name="inputs"/> from the first (exactly two; <c>"input_layer"</c> is the model input).</summary>
    public SubtractAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the two nodes: minuend, then subtrahend.</summary>
    public string[] Inputs { get; }

    /// <summary>Layer name; Keras' default is <c>subtract</c>, <c>subtract_1</c>, ….</summary>
    public string? Name { get; set; }
}
