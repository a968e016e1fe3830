using System.ComponentModel;

namespace GenNet.Onnx;

/// <summary>
/// The node list a generated model writes in its <c>BuildOnnx</c> override: the graph's structure is fixed at build time,
/// and only the weights are read (from the model's <see cref="Model.Parameters"/> and <see cref="Model.State"/>) when the
/// graph is exported. The builder knows no layer kinds; it names values, adds nodes and copies weight slices into
/// initializers. The graph's inputs and outputs are the model's (<see cref="ModelInfo.Inputs"/>, <see cref="ModelInfo.Outputs"/>):
/// one is called <c>input</c> / <c>output</c>, several keep their Keras names.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OnnxGraphBuilder
{
    private readonly Model _model;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly bool[] _outputWritten;
    private readonly Dictionary<string, string> _weights = new(StringComparer.Ordinal);

    internal OnnxGraphBuilder(Model model)
    {
        _model = model;
        ModelInfo info = model.Info;
        _inputs = PortNames(info.Inputs.Select(i => i.Name).ToArray(), "input");
        _outputs = PortNames(info.Outputs.Select(o => o.Name).ToArray(), "output");
        _outputWritten = new bool[_outputs.Length];
    }

    internal OnnxGraph Graph { get; } = new();

    /// <summary>
    /// When set, every weight comes from here instead of the model's buffers (name and dims → the value the graph reads): a
    /// quantized or 16-bit model's export writes its stored weights, e.g. int8 through <c>DequantizeLinear</c>.
    /// </summary>
    internal Func<OnnxGraph, string, long[], string>? WeightSource { get; init; }

    /// <summary>Graph input <paramref name="index"/> (the model's input of that index): <c>[N, …shape]</c>, NHWC.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no input of that index.</exception>
    public string Input(int index)
    {
        if ((uint)index >= (uint)_inputs.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"Model '{_model.Info.Name}' has {_inputs.Length} input(s); there is no input {index}.");
        return _inputs[index];
    }

    /// <summary>Makes <paramref name="value"/> (NHWC) graph output <paramref name="index"/> (the model's output of that index).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model has no output of that index.</exception>
    /// <exception cref="InvalidOperationException">That output was already written.</exception>
    public void Output(int index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if ((uint)index >= (uint)_outputs.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"Model '{_model.Info.Name}' has {_outputs.Length} output(s); there is no output {index}.");
        if (_outputWritten[index]) throw new InvalidOperationException($"ONNX output '{_outputs[index]}' of model '{_model.Info.Name}' was written twice.");
        // An Identity gives the output its fixed name (and keeps it apart from an input when the model is all views).
        Graph.NamedNode("Identity", _outputs[index], new[] { value });
        _outputWritten[index] = true;
    }

    /// <summary>
    /// Adds a node with several outputs (a recurrent layer's sequence and final states) and returns their names, in the
    /// order of <paramref name="names"/> (each made unique).
    /// </summary>
    public string[] Node(string opType, string[] names, string[] inputs, params OnnxAttribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(inputs);
        if (names.Length == 0) throw new ArgumentException("Expected at least one output name.", nameof(names));
        var converted = new OnnxGraph.Attribute[attributes.Length];
        for (int i = 0; i < attributes.Length; i++) converted[i] = attributes[i].Value;
        return Graph.Node(opType, names, inputs, converted);
    }

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
    /// (row-major) order, with shape <paramref name="dims"/>. A weight asked for again (a shared layer's second call) is
    /// the same initializer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the parameters.</exception>
    public string Parameter(string name, int offset, params long[] dims) => Weight(name, _model.ParameterValues, "parameters", offset, dims);

    /// <summary>A float32 initializer holding non-trainable weights (<see cref="Model.State"/>, e.g. moving statistics).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the state.</exception>
    public string State(string name, int offset, params long[] dims) => Weight(name, _model.State, "state", offset, dims);

    /// <summary>A float32 constant of shape <paramref name="dims"/> with every element <paramref name="value"/>.</summary>
    public string Filled(string name, float value, params long[] dims)
    {
        var values = new float[checked((int)Length(dims))];
        Array.Fill(values, value);
        return Graph.Initializer(name, values, dims);
    }

    /// <summary>A float attribute, e.g. LeakyRelu's <c>alpha</c>.</summary>
    public OnnxAttribute Float(string name, float value) => OnnxAttribute.Float(name, value);

    /// <summary>An int attribute, e.g. Softmax's <c>axis</c>.</summary>
    public OnnxAttribute Int(string name, long value) => OnnxAttribute.Int(name, value);

    /// <summary>A list-of-ints attribute, e.g. Conv's <c>strides</c>.</summary>
    public OnnxAttribute Ints(string name, params long[] values) => OnnxAttribute.Ints(name, values);

    /// <summary>A string attribute, e.g. Resize's <c>mode</c>.</summary>
    public OnnxAttribute String(string name, string value) => OnnxAttribute.String(name, value);

    /// <summary>A 1-D float32 constant, e.g. Resize's <c>scales</c>.</summary>
    public string Floats(string name, params float[] values) => Graph.Initializer(name, values, values.Length);

    /// <summary>A scalar float32 constant.</summary>
    public string Scalar(string name, float value) => Graph.Scalar(name, value);

    /// <summary>A 1-D int64 constant, e.g. the target shape of a Reshape.</summary>
    public string Int64s(string name, params long[] values) => Graph.Int64Initializer(name, values);

    /// <summary>The <c>ModelProto</c> bytes once <c>BuildOnnx</c> has written every output.</summary>
    internal byte[] ToModel()
    {
        ModelInfo info = _model.Info;
        int missing = Array.IndexOf(_outputWritten, false);
        if (missing >= 0)
            throw new InvalidOperationException($"The generated ONNX graph of model '{info.Name}' did not write output '{_outputs[missing]}'.");
        var inputs = info.Inputs.Select((input, k) => (_inputs[k], input.Shape)).ToArray();
        var outputs = info.Outputs.Select((output, k) => (_outputs[k], output.Shape)).ToArray();
        return Graph.ToModel(info.Name, inputs, outputs, "Exported by GenNet from model '" + info.Name + "' (fingerprint " + info.Fingerprint + ").");
    }

    /// <summary>One port is <paramref name="single"/>; several keep their names. Reserved before any node takes them.</summary>
    private string[] PortNames(string[] names, string single)
    {
        string[] ports = names.Length == 1 ? new[] { single } : names;
        foreach (string port in ports)
        {
            if (!Graph.Reserve(port))
                throw new NotSupportedException($"ONNX export of model '{_model.Info.Name}' needs unique input and output names; '{port}' is used twice.");
        }
        return ports;
    }

    private string Weight(string name, ReadOnlySpan<float> buffer, string bufferName, int offset, long[] dims)
    {
        long length = Length(dims);
        if (offset < 0 || length > buffer.Length - (long)offset)
            throw new ArgumentOutOfRangeException(nameof(offset), $"Weight '{name}' needs [{offset}, {offset + length}) of {buffer.Length} {bufferName}.");
        if (_weights.TryGetValue(name, out string? existing)) return existing;
        string initializer = WeightSource is { } source ? source(Graph, name, dims) : Graph.Initializer(name, buffer.Slice(offset, (int)length), dims);
        _weights[name] = initializer;
        return initializer;
    }

    private static long Length(long[] dims)
    {
        long length = 1;
        foreach (long d in dims) length *= d;
        return length;
    }
}
