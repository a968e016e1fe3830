using System.ComponentModel;

namespace GenNet.Onnx;

/// <summary>An ONNX node attribute (a float, an int, a list of ints or a string), made by <see cref="OnnxGraphBuilder.Float"/>, <see cref="OnnxGraphBuilder.Int"/>
/// and <see cref="OnnxGraphBuilder.Ints"/> in generated <c>BuildOnnx</c> methods.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct OnnxAttribute
{
    internal OnnxGraph.Attribute Value { get; }

    private OnnxAttribute(OnnxGraph.Attribute value) => Value = value;

    /// <summary>A float attribute, e.g. LeakyRelu's <c>alpha</c>.</summary>
    internal static OnnxAttribute Float(string name, float value) => new(OnnxGraph.Attribute.Float(name, value));

    /// <summary>An int attribute, e.g. Softmax's <c>axis</c>.</summary>
    internal static OnnxAttribute Int(string name, long value) => new(OnnxGraph.Attribute.Int(name, value));

    /// <summary>A string attribute, e.g. Resize's <c>mode</c>.</summary>
    internal static OnnxAttribute String(string name, string value) => new(OnnxGraph.Attribute.Text(name, value));

    /// <summary>A list-of-ints attribute, e.g. Conv's <c>strides</c>.</summary>
    internal static OnnxAttribute Ints(string name, params long[] values) => new(OnnxGraph.Attribute.Longs(name, values));
}
