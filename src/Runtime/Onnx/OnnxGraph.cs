namespace GenNet.Onnx;

/// <summary>
/// An ONNX graph under construction and its serialization as a <c>ModelProto</c> (field numbers from onnx.proto):
/// nodes in topological order, float32 and int64 initializers, float inputs and outputs whose first dimension is the
/// symbolic batch <c>N</c>.
/// </summary>
internal sealed class OnnxGraph
{
    public const long IrVersion = 8;
    public const long Opset = 17;

    private readonly List<ProtoWriter> _nodes = new();
    private readonly List<ProtoWriter> _initializers = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>A fresh value name starting with <paramref name="hint"/>.</summary>
    public string Name(string hint)
    {
        string name = hint;
        while (!_names.Add(name)) name = hint + "_" + (++_counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary>Claims exactly <paramref name="name"/> (a graph input or output); false when it is already taken.</summary>
    public bool Reserve(string name) => _names.Add(name);

    /// <summary>A float32 initializer (raw little-endian data).</summary>
    public string Initializer(string hint, ReadOnlySpan<float> values, params long[] dims)
    {
        string name = Name(hint);
        var t = new ProtoWriter();
        t.PackedInt64(1, dims);      // dims
        t.Varint(2, 1);              // data_type = FLOAT
        t.String(8, name);           // name
        t.FloatBytes(9, values);     // raw_data
        _initializers.Add(t);
        return name;
    }

    /// <summary>A 1-D int64 initializer (shapes for Reshape).</summary>
    public string Int64Initializer(string hint, params long[] values)
    {
        string name = Name(hint);
        var t = new ProtoWriter();
        t.PackedInt64(1, new long[] { values.Length });
        t.Varint(2, 7);              // data_type = INT64
        t.String(8, name);
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), values[i]);
        t.Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    /// <summary>An initializer of any element type from its raw little-endian bytes (<paramref name="dataType"/>: onnx.proto's TensorProto.DataType, e.g. 2 = UINT8, 3 = INT8, 6 = INT32).</summary>
    public string RawInitializer(string hint, int dataType, byte[] raw, params long[] dims)
    {
        string name = Name(hint);
        var t = new ProtoWriter();
        t.PackedInt64(1, dims);
        t.Varint(2, dataType);
        t.String(8, name);
        t.Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    /// <summary>A scalar float constant.</summary>
    public string Scalar(string hint, float value) => Initializer(hint, new[] { value });

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, string outputHint, string[] inputs, params Attribute[] attributes) =>
        NamedNode(opType, Name(outputHint), inputs, attributes);

    /// <summary>Adds a node with several outputs (an LSTM's Y, Y_h, Y_c) and returns their names, in order.</summary>
    public string[] Node(string opType, string[] outputHints, string[] inputs, params Attribute[] attributes)
    {
        var outputs = new string[outputHints.Length];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = Name(outputHints[i]);
        var n = new ProtoWriter();
        foreach (string input in inputs) n.String(1, input);
        foreach (string output in outputs) n.String(2, output);
        n.String(3, outputs[0]);     // node name = its first output's name (unique)
        n.String(4, opType);
        foreach (Attribute a in attributes) n.Message(5, a.Write());
        _nodes.Add(n);
        return outputs;
    }

    /// <summary>Adds a node whose output is exactly <paramref name="output"/> (a name reserved with <see cref="Name"/>).</summary>
    public string NamedNode(string opType, string output, string[] inputs, params Attribute[] attributes)
    {
        var n = new ProtoWriter();
        foreach (string input in inputs) n.String(1, input);
        n.String(2, output);
        n.String(3, output);         // node name = its output name (unique)
        n.String(4, opType);
        foreach (Attribute a in attributes) n.Message(5, a.Write());
        _nodes.Add(n);
        return output;
    }

    /// <summary>The <c>ModelProto</c> bytes: the graph with its inputs and outputs, each a float tensor <c>[N, …shape]</c>.</summary>
    public byte[] ToModel(string graphName, IReadOnlyList<(string Name, int[] Shape)> inputs, IReadOnlyList<(string Name, int[] Shape)> outputs,
        string docString)
    {
        var graph = new ProtoWriter();
        foreach (ProtoWriter n in _nodes) graph.Message(1, n);
        graph.String(2, graphName);
        foreach (ProtoWriter t in _initializers) graph.Message(5, t);
        graph.String(10, docString);
        foreach (var (name, shape) in inputs) graph.Message(11, ValueInfo(name, shape));
        foreach (var (name, shape) in outputs) graph.Message(12, ValueInfo(name, shape));

        var opset = new ProtoWriter();
        opset.String(1, "");
        opset.Varint(2, Opset);

        var model = new ProtoWriter();
        model.Varint(1, IrVersion);                                                // ir_version
        model.String(2, "GenNet");                                                 // producer_name
        model.String(3, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0");  // producer_version
        model.Message(7, graph);                                                   // graph
        model.Message(8, opset);                                                   // opset_import
        return model.Written.ToArray();
    }

    /// <summary>ValueInfoProto: float tensor [N, shape...].</summary>
    private static ProtoWriter ValueInfo(string name, int[] shape)
    {
        var dims = new ProtoWriter();
        var batch = new ProtoWriter();
        batch.String(2, "N");        // dim_param
        dims.Message(1, batch);
        foreach (int d in shape)
        {
            var dim = new ProtoWriter();
            dim.Varint(1, d);        // dim_value
            dims.Message(1, dim);
        }
        var tensor = new ProtoWriter();
        tensor.Varint(1, 1);         // elem_type = FLOAT
        tensor.Message(2, dims);     // shape
        var type = new ProtoWriter();
        type.Message(1, tensor);     // tensor_type
        var info = new ProtoWriter();
        info.String(1, name);
        info.Message(2, type);
        return info;
    }

    /// <summary>An AttributeProto: float, int, ints or string.</summary>
    public readonly record struct Attribute(string Name, float? F = null, long? I = null, long[]? Ints = null, string? S = null)
    {
        public static Attribute Float(string name, float value) => new(name, F: value);

        public static Attribute Int(string name, long value) => new(name, I: value);

        public static Attribute Longs(string name, params long[] values) => new(name, Ints: values);

        public static Attribute Text(string name, string value) => new(name, S: value);

        public ProtoWriter Write()
        {
            var a = new ProtoWriter();
            a.String(1, Name);
            if (F is float f) { a.Float(2, f); a.Varint(20, 1); }
            else if (I is long i) { a.Varint(3, i); a.Varint(20, 2); }
            else if (S is string s) { a.String(4, s); a.Varint(20, 3); }
            else { a.PackedInt64(8, Ints ?? Array.Empty<long>()); a.Varint(20, 7); }
            return a;
        }
    }
}
