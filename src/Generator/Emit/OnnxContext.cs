using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// What a layer needs to write its ONNX nodes into the generated <c>BuildOnnx</c>: the C# local holding each tensor's
/// ONNX value name, and one line per node (<c>string denseMatmul = onnx.Node("MatMul", "dense_matmul", …);</c>).
/// </summary>
internal sealed class OnnxContext
{
    private readonly Dictionary<int, string> _values = new();
    private readonly HashSet<string> _locals = new(System.StringComparer.Ordinal) { "onnx" };

    public OnnxContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
        _values[0] = "onnx.Input";   // tensor 0 is the model input
    }

    public ModelSpec Model { get; }

    public CodeWriter Writer { get; }

    /// <summary>The C# expression holding tensor <paramref name="tensor"/>'s ONNX value name.</summary>
    public string Value(int tensor) => _values[tensor];

    /// <summary>Records that <paramref name="tensor"/> is the ONNX value held by <paramref name="local"/> (a view shares its input's).</summary>
    public void Set(int tensor, string local) => _values[tensor] = local;

    /// <summary>Writes one node and returns the local holding its output; <paramref name="attributes"/> are C# expressions.</summary>
    public string Node(string opType, string name, IEnumerable<string> inputs, params string[] attributes)
    {
        string local = Local(name);
        string tail = attributes.Length == 0 ? "" : ", " + string.Join(", ", attributes);
        Writer.Line("string " + local + " = onnx.Node(" + Text.StringLiteral(opType) + ", " + Text.StringLiteral(name) +
            ", new[] { " + string.Join(", ", inputs) + " }" + tail + ");");
        return local;
    }

    /// <summary>An initializer expression reading <paramref name="weight"/> from the parameters at export, in its stored shape.</summary>
    public static string Parameter(WeightSpec weight) =>
        "onnx.Parameter(" + Text.StringLiteral(weight.Key) + ", " + weight.Member + "Offset, " + string.Join(", ", weight.Shape.Select(d => Text.Int(d))) + ")";

    /// <summary>A scalar float constant expression.</summary>
    public static string Scalar(string name, double value) => "onnx.Scalar(" + Text.StringLiteral(name) + ", " + Text.FloatLiteral(value) + ")";

    /// <summary>A 1-D int64 constant expression, e.g. a Reshape's target shape.</summary>
    public static string Int64s(string name, IEnumerable<int> values) =>
        "onnx.Int64s(" + Text.StringLiteral(name) + ", " + string.Join(", ", values.Select(v => Text.Int(v))) + ")";

    public static string Float(string name, double value) => "global::GenNet.Onnx.OnnxAttribute.Float(" + Text.StringLiteral(name) + ", " + Text.FloatLiteral(value) + ")";

    public static string Int(string name, long value) => "global::GenNet.Onnx.OnnxAttribute.Int(" + Text.StringLiteral(name) + ", " + Text.Int(value) + ")";

    /// <summary>A camelCase C# local for ONNX value <paramref name="name"/> (<c>dense_1_relu</c> → <c>dense1Relu</c>), unique in the method.</summary>
    private string Local(string name)
    {
        var parts = name.Split(new[] { '_', '.', '-' }, System.StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new string(p.Where(char.IsLetterOrDigit).ToArray())).Where(p => p.Length > 0).ToArray();
        string pascal = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        string local = pascal.Length == 0 ? "value" : Text.Camel(pascal);
        if (char.IsDigit(local[0])) local = "v" + local;
        string candidate = local;
        for (int k = 2; !_locals.Add(candidate); k++) candidate = local + Text.Int(k);
        return candidate;
    }
}
