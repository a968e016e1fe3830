namespace GenNet;

/// <summary>
/// Keras <c>Average()([a, b, …])</c> in a <see cref="FunctionalAttribute"/> model: the element-wise mean of two or more nodes of the same shape. Each of the <c>n</c> inputs receives the output's gradient divided by <c>n</c>.
/// </summary>
/// <example><c>[Average("branch_a", "branch_b")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AverageAttribute : Attribute
{
    /// <summary>Averages the outputs of the nodes named in <paramref name="inputs"/> (two or more; <c>"input_layer"</c> is the model input).</summary>
    public AverageAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the nodes averaged.</summary>
    public string[] Inputs { get; }

    /// <summary>Layer name; Keras' default is <c>average</c>, <c>average_1</c>, ….</summary>
    public string? Name { get; set; }
}
