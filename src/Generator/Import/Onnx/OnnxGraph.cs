using System.Collections.Generic;

namespace GenNet.Generator.Import.Onnx;

/// <summary>The parts of an ONNX <c>ModelProto</c> the importer reads: the default-domain opset and the graph.</summary>
internal sealed class OnnxModel
{
    public long IrVersion { get; set; }

    /// <summary>The <c>ai.onnx</c> (default domain) opset version, or 0 when the file declares none.</summary>
    public long Opset { get; set; }

    /// <summary>Other operator domains the file imports (<c>com.microsoft</c>, …), which GenNet has no ops of.</summary>
    public List<string> OtherDomains { get; } = new();

    public string ProducerName { get; set; } = "";

    public OnnxGraph Graph { get; set; } = new();
}

/// <summary>A <c>GraphProto</c>: nodes in topological order (as the format requires), constants, inputs and outputs.</summary>
internal sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; } = new();

    public Dictionary<string, OnnxTensor> Initializers { get; } = new(System.StringComparer.Ordinal);

    public List<OnnxValue> Inputs { get; } = new();

    public List<OnnxValue> Outputs { get; } = new();
}

/// <summary>A <c>NodeProto</c>: one op application.</summary>
internal sealed class OnnxNode
{
    public string Name { get; set; } = "";

    public string OpType { get; set; } = "";

    public string Domain { get; set; } = "";

    public List<string> Inputs { get; } = new();

    public List<string> Outputs { get; } = new();

    public Dictionary<string, OnnxAttribute> Attributes { get; } = new(System.StringComparer.Ordinal);

    /// <summary>How messages name the node: its name, or its op and first output when the exporter left it unnamed.</summary>
    public string Describe() => Name.Length > 0 ? $"'{Name}' ({OpType})" : $"{OpType} → '{FirstOutput}'";

    /// <summary>The node without its op, for messages that name the op beside it: its name, or the value it writes.</summary>
    public string Label => Name.Length > 0 ? $"'{Name}'" : $"writing '{FirstOutput}'";

    private string FirstOutput => Outputs.Count > 0 ? Outputs[0] : "?";
}

/// <summary>An <c>AttributeProto</c>: whichever of its value fields the file set.</summary>
internal sealed class OnnxAttribute
{
    public string Name { get; set; } = "";

    public long? Int { get; set; }

    public float? Float { get; set; }

    public string? String { get; set; }

    public List<long> Ints { get; } = new();

    public List<float> Floats { get; } = new();

    public List<string> Strings { get; } = new();

    public OnnxTensor? Tensor { get; set; }

    /// <summary>The value as the ONNX text format writes it, for messages.</summary>
    public string Describe() =>
        Int is { } i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Float is { } f ? f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : String is { } s ? $"\"{s}\""
        : Ints.Count > 0 ? $"[{string.Join(", ", Ints)}]"
        : Floats.Count > 0 ? $"[{string.Join(", ", Floats)}]"
        : Tensor is not null ? "a tensor" : "(empty)";
}

/// <summary>A <c>TensorProto</c> constant: float32 data (as floats) or int64 data (shape operands), row-major.</summary>
internal sealed class OnnxTensor
{
    public const int Float = 1;
    public const int Int64 = 7;

    public string Name { get; set; } = "";

    public List<long> Dims { get; } = new();

    /// <summary>ONNX's <c>TensorProto.DataType</c>: 1 float, 7 int64, …</summary>
    public int DataType { get; set; }

    public float[] Floats { get; set; } = System.Array.Empty<float>();

    public long[] Longs { get; set; } = System.Array.Empty<long>();

    /// <summary>The data is in another file (<c>data_location = EXTERNAL</c>): not readable from the .onnx alone.</summary>
    public bool IsExternal { get; set; }

    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Dims) count = d < 0 || count > int.MaxValue ? -1 : count * d;
            return count;
        }
    }
}

/// <summary>A <c>ValueInfoProto</c> of a graph input or output: its name and dimensions (null where symbolic, e.g. "batch").</summary>
internal sealed class OnnxValue
{
    public string Name { get; set; } = "";

    public int ElementType { get; set; }

    public List<long?> Dims { get; } = new();

    /// <summary>The symbolic names of dimensions (<c>dim_param</c>), index-aligned with <see cref="Dims"/> ("" where fixed).</summary>
    public List<string> DimNames { get; } = new();

    public bool HasShape { get; set; }
}
