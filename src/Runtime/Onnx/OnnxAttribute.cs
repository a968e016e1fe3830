using System.ComponentModel;

namespace GenNet.Onnx;

/// <summary>An ONNX node attribute (a float, an int or a list of ints), as generated <c>BuildOnnx</c> methods write them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct OnnxAttribute
{
    internal OnnxGraph.Attribute Value { get; }

    private OnnxAttribute(OnnxGraph.Attribute value) => Value = value;

    /// <summary>A float attribute, e.g. LeakyRelu's <c>alpha</c>.</summary>
    public static OnnxAttribute Float(string name, float value) => new(OnnxGraph.Attribute.Float(name, value));

    /// <summary>An int attribute, e.g. Softmax's <c>axis</c>.</summary>
    public static OnnxAttribute Int(string name, long value) => new(OnnxGraph.Attribute.Int(name, value));

    /// <summary>A list-of-ints attribute, e.g. Conv's <c>strides</c>.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(OnnxGraph.Attribute.Longs(name, values));
}
