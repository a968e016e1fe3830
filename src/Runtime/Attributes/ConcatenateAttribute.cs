using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Concatenate(axis=-1)([a, b, …])</c> in a <see cref="FunctionalAttribute"/> model: joins two or more nodes
/// along <see cref="Axis"/>; every other dimension must match. The gradient is split back.
/// </summary>
/// <example><c>[Concatenate("features", "pixels")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConcatenateAttribute : Attribute
{
    /// <summary>Joins the outputs of the nodes named <paramref name="inputs"/> (two or more; <c>"input_layer"</c> is the model input).</summary>
    public ConcatenateAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the nodes joined, in order.</summary>
    public string[] Inputs { get; }

    /// <summary>
    /// The axis joined, counted as Keras counts it (axis 0 is the batch): <c>-1</c> (default) is the last axis, <c>1</c>
    /// the first per-sample axis.
    /// </summary>
    public int Axis { get; set; } = LayerArgumentDefaults.ConcatenateAxis;

    /// <summary>Layer name; Keras' default is <c>concatenate</c>, <c>concatenate_1</c>, ….</summary>
    public string? Name { get; set; }
}
