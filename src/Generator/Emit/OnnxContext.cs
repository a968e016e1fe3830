using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// What a layer needs to write its ONNX nodes into the generated <c>BuildOnnx</c>: the C# local holding each tensor's
/// ONNX value, in the layout it was produced in, and one line per node
/// (<c>string denseMatmul = onnx.Node("MatMul", "dense_matmul", …);</c>).
/// </summary>
/// <remarks>
/// GenNet stores images NHWC; ONNX's Conv, pooling and BatchNormalization want NCHW. A tensor keeps the layout its layer
/// produced, and a reader that needs the other one asks for it: the Transpose is written once per tensor and layout and
/// shared by every later reader, so a run of convolution-side layers costs one pair. Only per-sample rank-3 tensors
/// (images) are ever NCHW. This is decided here, at build time; the runtime only reads the weights.
/// </remarks>
internal sealed class OnnxContext
{
    private static readonly int[] ToNchw = { 0, 3, 1, 2 };
    private static readonly int[] ToNhwc = { 0, 2, 3, 1 };

    private readonly Dictionary<int, OnnxValue> _values = new();
    private readonly Dictionary<string, string> _hints = new(System.StringComparer.Ordinal);    // local → ONNX name hint
    private readonly Dictionary<string, string> _derived = new(System.StringComparer.Ordinal);  // key → local (e.g. a transposed kernel)
    private readonly HashSet<string> _locals = new(System.StringComparer.Ordinal) { "onnx" };

    public OnnxContext(ModelSpec model, CodeWriter writer)
    {
        Model = model;
        Writer = writer;
    }

    public ModelSpec Model { get; }

    public CodeWriter Writer { get; }

    /// <summary>Why the model has no ONNX form (the first layer without one, named), or null.</summary>
    public string? Unsupported { get; private set; }

    /// <summary>Records that this layer cannot be exported; the message names it and says why.</summary>
    public void Fail(string message) => Unsupported ??= message;

    /// <summary>Declares graph input <paramref name="index"/> as a local holding tensor <paramref name="tensor"/> (NHWC).</summary>
    public void DeclareInput(int index, int tensor, string name)
    {
        string local = Local(name);
        Writer.Line($"string {local} = onnx.Input({Text.Int(index)});");
        _hints[local] = name;
        SetNhwc(tensor, local);
    }

    /// <summary>Makes tensor <paramref name="tensor"/> (NHWC) graph output <paramref name="index"/>.</summary>
    public void WriteOutput(int index, int tensor) => Writer.Line($"onnx.Output({Text.Int(index)}, {Nhwc(tensor)});");

    /// <summary>Whether <paramref name="tensor"/> exists only as NCHW so far (a convolution-side layer produced it).</summary>
    public bool IsNchw(int tensor) => _values[tensor].Nhwc is null;

    /// <summary>The tensor's value in the layout it has (NCHW when <see cref="IsNchw"/>), for layout-agnostic layers.</summary>
    public string Current(int tensor) => _values[tensor].Nhwc ?? _values[tensor].Nchw!;

    /// <summary>The tensor's NHWC value, transposed (once) from its NCHW one if need be.</summary>
    public string Nhwc(int tensor)
    {
        OnnxValue value = _values[tensor];
        return value.Nhwc ??= Transpose(value.Nchw!, "_nhwc", ToNhwc);
    }

    /// <summary>The image tensor's NCHW value, transposed (once) from its NHWC one if need be.</summary>
    public string Nchw(int tensor)
    {
        OnnxValue value = _values[tensor];
        return value.Nchw ??= Transpose(value.Nhwc!, "_nchw", ToNchw);
    }

    /// <summary>Records that <paramref name="tensor"/> is the NHWC value held by <paramref name="local"/>.</summary>
    public void SetNhwc(int tensor, string local) => _values[tensor] = new OnnxValue { Nhwc = local };

    /// <summary>Records that <paramref name="tensor"/> is the NCHW value held by <paramref name="local"/>.</summary>
    public void SetNchw(int tensor, string local) => _values[tensor] = new OnnxValue { Nchw = local };

    /// <summary>Records <paramref name="local"/> in the layout <paramref name="nchw"/> says.</summary>
    public void Set(int tensor, string local, bool nchw)
    {
        if (nchw) SetNchw(tensor, local);
        else SetNhwc(tensor, local);
    }

    /// <summary>An identity (Dropout in inference): <paramref name="output"/> is <paramref name="input"/>'s value, transposes shared.</summary>
    public void Alias(int output, int input) => _values[output] = _values[input];

    /// <summary>Writes one node and returns the local holding its output; <paramref name="attributes"/> are C# expressions.</summary>
    public string Node(string opType, string name, IEnumerable<string> inputs, params string[] attributes)
    {
        string local = Local(name);
        string head = $"string {local} = onnx.Node({Text.StringLiteral(opType)}, {Text.StringLiteral(name)}" +
            $$""", new[] { {{string.Join(", ", inputs)}} }""";
        string tail = string.Join(", ", attributes);
        if (attributes.Length == 0) Writer.Line($"{head});");
        else if (head.Length + tail.Length <= 140) Writer.Line($"{head}, {tail});");
        else
        {
            // A long node keeps its attributes on a line of their own.
            Writer.Line($"{head},");
            Writer.Line($"    {tail});");
        }
        _hints[local] = name;
        return local;
    }

    /// <summary>
    /// Writes one node with several outputs (an LSTM's Y, Y_h, Y_c) and returns a local per output, named by
    /// <paramref name="names"/>.
    /// </summary>
    public string[] Node(string opType, string[] names, IEnumerable<string> inputs, params string[] attributes)
    {
        string all = Local($"{names[0]}_outputs");
        string nameList = string.Join(", ", names.Select(Text.StringLiteral));
        string head = $"string[] {all} = onnx.Node({Text.StringLiteral(opType)}, new[] {{ {nameList} }}, new[] {{ {string.Join(", ", inputs)} }}";
        Writer.Line(attributes.Length == 0 ? $"{head});" : $"{head},");
        if (attributes.Length > 0) Writer.Line($"    {string.Join(", ", attributes)});");
        var locals = new string[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            locals[i] = Local(names[i]);
            Writer.Line($"string {locals[i]} = {all}[{Text.Int(i)}];");
            _hints[locals[i]] = names[i];
        }
        return locals;
    }

    /// <summary>
    /// A value derived from weights alone (a transposed kernel) written once under <paramref name="key"/>, so a shared
    /// layer's calls read one node.
    /// </summary>
    public string Once(string key, System.Func<string> write)
    {
        if (_derived.TryGetValue(key, out string? local)) return local;
        local = write();
        _derived[key] = local;
        return local;
    }

    /// <summary>An initializer expression reading <paramref name="weight"/> at export (parameters or state), in its stored shape.</summary>
    public static string Weight(WeightSpec weight) =>
        (weight.Trainable ? "onnx.Parameter(" : "onnx.State(") + Text.StringLiteral(weight.Key) + ", " + weight.Member + "Offset, " +
        string.Join(", ", weight.Shape.Select(d => Text.Int(d))) + ")";

    /// <summary>A scalar float constant expression.</summary>
    public static string Scalar(string name, double value) => $"onnx.Scalar({Text.StringLiteral(name)}, {Text.FloatLiteral(value)})";

    /// <summary>A float constant of <paramref name="count"/> equal elements (BatchNormalization's scale without gamma).</summary>
    public static string Filled(string name, double value, int count) =>
        $"onnx.Filled({Text.StringLiteral(name)}, {Text.FloatLiteral(value)}, {Text.Int(count)})";

    /// <summary>A 1-D int64 constant expression, e.g. a Reshape's target shape.</summary>
    public static string Int64s(string name, IEnumerable<int> values) =>
        $"onnx.Int64s({Text.StringLiteral(name)}, {string.Join(", ", values.Select(v => Text.Int(v)))})";

    /// <summary>A 1-D float constant expression, e.g. Resize's scales.</summary>
    public static string Floats(string name, params double[] values) =>
        $"onnx.Floats({Text.StringLiteral(name)}, {string.Join(", ", values.Select(v => Text.FloatLiteral(v)))})";

    /// <summary>A string attribute expression, e.g. Resize's <c>mode</c>.</summary>
    public static string String(string name, string value) => $"onnx.String({Text.StringLiteral(name)}, {Text.StringLiteral(value)})";

    public static string Float(string name, double value) => $"onnx.Float({Text.StringLiteral(name)}, {Text.FloatLiteral(value)})";

    public static string Int(string name, long value) => $"onnx.Int({Text.StringLiteral(name)}, {Text.Int(value)})";

    public static string Ints(string name, params int[] values) =>
        $"onnx.Ints({Text.StringLiteral(name)}, {string.Join(", ", values.Select(v => Text.Int(v)))})";

    /// <summary>
    /// <paramref name="value"/> (<c>[N, steps, ·]</c>) with its steps in reverse order: go_backwards, and a backward
    /// sequence flipped back.
    /// </summary>
    public string ReversedSteps(string name, string value, int steps) =>
        Node("Gather", name, new[] { value, Int64s($"{name}_steps", Enumerable.Range(0, steps).Reverse()) }, Int("axis", 1));

    private string Transpose(string local, string suffix, int[] perm) =>
        Node("Transpose", _hints[local] + suffix, new[] { local }, Ints("perm", perm));

    /// <summary>A camelCase C# local for ONNX value <paramref name="name"/> (<c>dense_1_relu</c> → <c>dense1Relu</c>), unique in the method.</summary>
    private string Local(string name)
    {
        var parts = name.Split(new[] { '_', '.', '-' }, System.StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new string(p.Where(char.IsLetterOrDigit).ToArray())).Where(p => p.Length > 0).ToArray();
        string pascal = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        string local = pascal.Length == 0 ? "value" : Text.Camel(pascal);
        if (char.IsDigit(local[0])) local = $"v{local}";
        if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(local) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None) local = $"@{local}";
        string candidate = local;
        for (int k = 2; !_locals.Add(candidate); k++) candidate = local + Text.Int(k);
        return candidate;
    }

    /// <summary>A tensor's ONNX value: NHWC, NCHW, or both once a reader has asked for the other.</summary>
    private sealed class OnnxValue
    {
        public string? Nhwc { get; set; }

        public string? Nchw { get; set; }
    }
}
