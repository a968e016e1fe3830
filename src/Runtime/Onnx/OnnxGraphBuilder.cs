using System.ComponentModel;

namespace GenNet.Onnx;

/// <summary>
/// The node list a generated model writes in its <c>BuildOnnx</c> override: the graph's structure is fixed at build time,
/// and only the weights are read (from the model's <see cref="Model.Parameters"/>) when the graph is exported. The builder
/// knows no layer kinds; it names values, adds nodes and copies parameter slices into initializers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OnnxGraphBuilder
{
    private readonly Model _model;

    internal OnnxGraphBuilder(Model model)
    {
        _model = model;
        Input = Graph.Name("input");
    }

    internal OnnxGraph Graph { get; } = new();

    /// <summary>The graph input <c>input</c>: <c>[N, …InputShape]</c>, NHWC.</summary>
    public string Input { get; }

    /// <summary>Adds a node with one output and returns the output's name (<paramref name="name"/>, made unique).</summary>
    public string Node(string opType, string name, string[] inputs, params OnnxAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var converted = new OnnxGraph.Attribute[attributes.Length];
        for (int i = 0; i < attributes.Length; i++) converted[i] = attributes[i].Value;
        return Graph.Node(opType, name, inputs, converted);
    }

    /// <summary>
    /// A float32 initializer holding the trainable weights <c>Parameters[offset, offset + product(dims))</c>, in their stored
    /// (row-major) order, with shape <paramref name="dims"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the parameters.</exception>
    public string Parameter(string name, int offset, params long[] dims)
    {
        long length = 1;
        foreach (long d in dims) length *= d;
        ReadOnlySpan<float> parameters = _model.Parameters;
        if (offset < 0 || length > parameters.Length - (long)offset)
            throw new ArgumentOutOfRangeException(nameof(offset), $"Parameter '{name}' needs [{offset}, {offset + length}) of {parameters.Length} parameters.");
        return Graph.Initializer(name, parameters.Slice(offset, (int)length), dims);
    }

    /// <summary>A scalar float32 constant.</summary>
    public string Scalar(string name, float value) => Graph.Scalar(name, value);

    /// <summary>A 1-D int64 constant, e.g. the target shape of a Reshape.</summary>
    public string Int64s(string name, params long[] values) => Graph.Int64Initializer(name, values);
}
