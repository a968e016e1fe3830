using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Layers;

/// <summary>Options of the Activation layer, null where the user did not write them.</summary>
internal sealed record ActivationOptions(double? NegativeSlope, double? MaxValue, double? Threshold, double? Alpha, bool? Approximate)
{
    public static readonly ActivationOptions None = new(null, null, null, null, null);
}

/// <summary>
/// One of Keras' activations, resolved to its runtime kernel <c>GenNet.Kernels.Activations.&lt;Method&gt;</c> and
/// <c>&lt;Method&gt;Gradient</c> with the extra arguments written out. Used by Dense's <c>Activation</c> and by the
/// Activation layer. Forward and gradient calls change together with the runtime's Activations signatures.
/// </summary>
/// <param name="Name">Canonical Keras name (aliases resolved: swish → silu, hard_swish → hard_silu).</param>
/// <param name="Method">Runtime method name, or null for linear (no call, no buffer).</param>
/// <param name="RowWise">softmax/log_softmax: normalised over the last axis, so the call takes its length.</param>
/// <param name="Arguments">Extra arguments after (x, y) or (x, y, dy, dx), e.g. <c>, 0.1f, 6f, 0f</c>.</param>
/// <param name="Options">The non-default options as Keras spells them, for comments: <c>max_value=6</c>.</param>
internal sealed record ActivationFunction(string Name, string? Method, bool RowWise, string Arguments, string Options)
{
    private sealed record Entry(string Name, string Method, string[] Options, bool RowWise = false);

    private static readonly Dictionary<string, Entry> Table = new[]
    {
        new Entry(ActivationNames.Relu, "Relu", new[] { LayerArgumentNames.NegativeSlope, LayerArgumentNames.MaxValue, LayerArgumentNames.Threshold }),
        new Entry(ActivationNames.Relu6, "Relu6", new string[0]),
        new Entry(ActivationNames.LeakyRelu, "LeakyRelu", new[] { LayerArgumentNames.Alpha }),
        new Entry(ActivationNames.Elu, "Elu", new[] { LayerArgumentNames.Alpha }),
        new Entry(ActivationNames.Selu, "Selu", new string[0]),
        new Entry(ActivationNames.Gelu, "Gelu", new[] { LayerArgumentNames.Approximate }),
        new Entry(ActivationNames.Sigmoid, "Sigmoid", new string[0]),
        new Entry(ActivationNames.HardSigmoid, "HardSigmoid", new string[0]),
        new Entry(ActivationNames.HardSilu, "HardSilu", new string[0]),
        new Entry(ActivationNames.Softplus, "Softplus", new string[0]),
        new Entry(ActivationNames.Softsign, "Softsign", new string[0]),
        new Entry(ActivationNames.Tanh, "Tanh", new string[0]),
        new Entry(ActivationNames.Softmax, "Softmax", new string[0], RowWise: true),
        new Entry(ActivationNames.LogSoftmax, "LogSoftmax", new string[0], RowWise: true),
        new Entry(ActivationNames.Silu, "Silu", new string[0]),
        new Entry(ActivationNames.Mish, "Mish", new string[0]),
        new Entry(ActivationNames.Exponential, "Exponential", new string[0]),
    }.ToDictionary(e => e.Name, System.StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Aliases = new(System.StringComparer.Ordinal)
    {
        [ActivationNames.Swish] = ActivationNames.Silu,
        [ActivationNames.HardSwish] = ActivationNames.HardSilu,
    };

    /// <summary>Every name Keras accepts, in the order of <c>GenNet.Act</c>.</summary>
    public static readonly string[] Names = ActivationNames.All;

    public static readonly ActivationFunction Linear = new(ActivationNames.Linear, null, false, "", "");

    public bool IsLinear => Method is null;

    /// <summary><c>relu</c> or <c>relu, max_value=6</c>, for comments.</summary>
    public string Description => Options.Length == 0 ? Name : $"{Name}, {Options}";

    /// <summary>
    /// Resolves <paramref name="name"/> (null = linear) and validates <paramref name="options"/>, reporting GN0004,
    /// GN0007, GN0013 and GN0102 at the layer's <paramref name="argument"/>. Unknown names resolve to linear so
    /// inference can go on and report everything at once.
    /// </summary>
    public static ActivationFunction Resolve(InferContext context, LayerIdentity layer, string typeName, string? name,
        ActivationOptions options, string argument, TensorSpec input)
    {
        string who = layer.Describe(typeName);
        if (name is null || name == ActivationNames.Linear) return Linear;
        string canonical = Aliases.TryGetValue(name, out string? alias) ? alias : name;
        if (!Table.TryGetValue(canonical, out Entry? entry))
        {
            context.Report(Descriptors.UnknownActivation, Site.ForLayer(layer.Index, argument), who, name,
                string.Join(", ", Names));
            return Linear;
        }

        var given = new List<(string Option, string Value)>();
        if (options.NegativeSlope is double ns) given.Add((nameof(options.NegativeSlope), Text.Number(ns)));
        if (options.MaxValue is double mv) given.Add((nameof(options.MaxValue), Text.Number(mv)));
        if (options.Threshold is double th) given.Add((nameof(options.Threshold), Text.Number(th)));
        if (options.Alpha is double al) given.Add((nameof(options.Alpha), Text.Number(al)));
        if (options.Approximate is bool ap) given.Add((nameof(options.Approximate), ap ? "true" : "false"));
        foreach (var (option, value) in given.Where(g => !entry.Options.Contains(g.Option)))
        {
            context.Report(Descriptors.ActivationOptionNotApplicable, Site.ForLayer(layer.Index, option), who, option,
                canonical, value, "relu takes NegativeSlope, MaxValue, Threshold; leaky_relu and elu take Alpha; gelu takes Approximate");
        }

        string arguments = "";
        var shown = new List<string>();
        double? clampMax = canonical switch
        {
            ActivationNames.Relu => double.PositiveInfinity,
            ActivationNames.Relu6 => 6,
            _ => null,
        };
        switch (canonical)
        {
            case ActivationNames.Relu when options.NegativeSlope is not null || options.MaxValue is not null || options.Threshold is not null:
                double slope = options.NegativeSlope ?? 0, max = options.MaxValue ?? double.PositiveInfinity, threshold = options.Threshold ?? 0;
                if (slope < 0 || double.IsNaN(slope))
                {
                    context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(layer.Index, nameof(options.NegativeSlope)), who,
                        "negative_slope must not be negative", $"NegativeSlope={Text.Number(slope)}", "Write e.g. NegativeSlope = 0.1");
                }
                if (max < 0 || double.IsNaN(max))
                {
                    context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(layer.Index, nameof(options.MaxValue)), who,
                        "max_value must not be negative", $"MaxValue={Text.Number(max)}", "Write e.g. MaxValue = 6");
                }
                arguments = $", {Text.FloatLiteral(slope)}, {Text.FloatLiteral(max)}, {Text.FloatLiteral(threshold)}";
                if (options.NegativeSlope is not null) shown.Add($"negative_slope={Text.Number(slope)}");
                if (options.MaxValue is not null) shown.Add($"max_value={Text.Number(max)}");
                if (options.Threshold is not null) shown.Add($"threshold={Text.Number(threshold)}");
                clampMax = slope == 0 && threshold == 0 && max >= 0 ? max : null;
                break;
            case ActivationNames.LeakyRelu or ActivationNames.Elu when options.Alpha is double alpha && !double.IsNaN(alpha):
                arguments = $", {Text.FloatLiteral(alpha)}";
                shown.Add((canonical == ActivationNames.Elu ? "alpha=" : "negative_slope=") + Text.Number(alpha));
                break;
            case ActivationNames.Gelu when options.Approximate == true:
                arguments = ", true";
                shown.Add("approximate=True");
                break;
        }

        if (entry.RowWise && input.LastAxis == 1)
        {
            context.Report(Descriptors.SoftmaxOverSingleton, Site.ForLayer(layer.Index, argument), who, canonical,
                canonical == ActivationNames.Softmax ? "1" : "0", Text.Shape(input.Shape));
        }
        return new ActivationFunction(canonical, entry.Method, entry.RowWise, arguments, string.Join(", ", shown)) { ClampMax = clampMax };
    }

    /// <summary>
    /// The upper bound when the function is the clamp <c>min(max(x, 0), ClampMax)</c> — relu (+∞), relu6 (6), relu with
    /// only <c>max_value</c> — else null; a BatchNormalization folded into a convolution applies it in the same pass.
    /// </summary>
    public double? ClampMax { get; init; }

    /// <summary>Config entries: <c>activation=&lt;name&gt;</c>, then each non-default option (<c>max_value=6</c>).</summary>
    public IEnumerable<KeyValuePair<string, string>> ConfigEntries()
    {
        yield return new KeyValuePair<string, string>("activation", Name);
        if (Options.Length == 0) yield break;
        foreach (string option in Options.Split(new[] { ", " }, System.StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = option.IndexOf('=');
            if (eq > 0) yield return new KeyValuePair<string, string>(option.Substring(0, eq), option.Substring(eq + 1));
        }
    }

    private string ArgumentsFor(TensorSpec x) => RowWise ? $", {Text.Int(x.LastAxis)}" : Arguments;

    /// <summary><c>y = f(x)</c>.</summary>
    public void EmitForward(ForwardContext context, int x, int y) =>
        context.Writer.Line($"{KernelsAlias.Prefix}Activations.{Method}({context.Value(x)}, {context.Value(y)}" +
            $"{ArgumentsFor(context.Tensor(x))});");

    /// <summary>
    /// <c>dx = f'(x)·dy</c> into x's gradient region. For the model's final operation the loss may have folded the
    /// activation in already (<c>outputGradientIsLogits</c>); then x's gradient is <c>outputGradient</c> itself.
    /// </summary>
    public void EmitBackward(BackwardContext context, int x, int y)
    {
        if (!context.Tensor(x).NeedsGradient) return;
        string xValue = context.Value(x), yValue = context.Value(y);
        string Call(string dy, string dx) => $"{KernelsAlias.Prefix}Activations.{Method}Gradient({xValue}, {yValue}" +
            $", {dy}, {dx}{ArgumentsFor(context.Tensor(x))});";
        CodeWriter w = context.Writer;
        if (context.IsOutput(y))
        {
            string dx = context.DeclareGradient(x, "outputGradient");
            w.Open("if (!outputGradientIsLogits)");
            w.Line($"global::System.Span<float> dx = {context.GradientRegion(x)};");
            w.Line(Call("outputGradient", "dx"));
            w.Line($"{dx} = dx;");
            w.Close();
        }
        else
        {
            string dy = context.Gradient(y);
            w.Line(Call(dy, context.DeclareGradient(x)));
        }
    }

    /// <summary>
    /// Writes <c>f(x)</c> as ONNX nodes named <c>&lt;layer&gt;_&lt;function&gt;</c> and returns the local holding the result
    /// (<paramref name="x"/> itself for linear). Row-wise functions (softmax) run over the channel axis: the last one, or
    /// axis 1 when <paramref name="nchw"/>. Where ONNX has no form (relu with a threshold) it calls
    /// <see cref="OnnxContext.Fail"/> naming the layer and returns <paramref name="x"/>.
    /// </summary>
    public string EmitOnnx(OnnxContext context, string x, string layer, bool nchw = false)
    {
        if (IsLinear) return x;
        var options = ConfigEntries().ToDictionary(e => e.Key, e => e.Value, System.StringComparer.Ordinal);
        double Option(string key, double fallback) =>
            options.TryGetValue(key, out string? text) ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        string hint = $"{layer}_{Name}";
        string Unary(string op, params string[] attributes) => context.Node(op, hint, new[] { x }, attributes);
        switch (Name)
        {
            case ActivationNames.Relu:
                if (options.ContainsKey("threshold"))
                {
                    context.Fail($"ONNX export does not support the relu activation with a threshold (layer '{layer}'): ONNX has no operator for it.");
                    return x;
                }
                double slope = Option("negative_slope", 0), max = Option("max_value", double.PositiveInfinity);
                string r = slope == 0 ? Unary("Relu") : Unary("LeakyRelu", OnnxContext.Float("alpha", slope));
                return double.IsPositiveInfinity(max) ? r : context.Node("Min", $"{hint}_max", new[] { r, OnnxContext.Scalar($"{hint}_max_value", max) });
            case ActivationNames.Relu6:
                return context.Node("Clip", hint, new[] { x, OnnxContext.Scalar($"{hint}_min", 0), OnnxContext.Scalar($"{hint}_max", 6) });
            case ActivationNames.LeakyRelu: return Unary("LeakyRelu", OnnxContext.Float("alpha", Option("negative_slope", 0.2)));
            case ActivationNames.Elu: return Unary("Elu", OnnxContext.Float("alpha", Option("alpha", 1)));
            case ActivationNames.Selu: return Unary("Selu");
            case ActivationNames.Sigmoid: return Unary("Sigmoid");
            case ActivationNames.HardSigmoid:
                return Unary("HardSigmoid", OnnxContext.Float("alpha", 1.0 / 6.0), OnnxContext.Float("beta", 0.5));
            case ActivationNames.HardSilu: return Unary("HardSwish");
            case ActivationNames.Softplus: return Unary("Softplus");
            case ActivationNames.Softsign: return Unary("Softsign");
            case ActivationNames.Tanh: return Unary("Tanh");
            case ActivationNames.Exponential: return Unary("Exp");
            case ActivationNames.Softmax: return Unary("Softmax", OnnxContext.Int("axis", nchw ? 1 : -1));
            case ActivationNames.LogSoftmax: return Unary("LogSoftmax", OnnxContext.Int("axis", nchw ? 1 : -1));
            case ActivationNames.Silu:
                return context.Node("Mul", hint, new[] { x, context.Node("Sigmoid", $"{hint}_sigmoid", new[] { x }) });
            case ActivationNames.Mish:
                string softplus = context.Node("Softplus", $"{hint}_softplus", new[] { x });
                return context.Node("Mul", hint, new[] { x, context.Node("Tanh", $"{hint}_tanh", new[] { softplus }) });
            case ActivationNames.Gelu:
                return options.ContainsKey("approximate") ? GeluTanhOnnx(context, x, hint) : GeluErfOnnx(context, x, hint);
            default:
                context.Fail($"ONNX export does not support the activation '{Name}' (layer '{layer}').");
                return x;
        }
    }

    /// <summary><c>0.5·x·(1 + erf(x/√2))</c>.</summary>
    private static string GeluErfOnnx(OnnxContext context, string x, string hint)
    {
        string scaled = context.Node("Mul", $"{hint}_scaled", new[] { x, OnnxContext.Scalar($"{hint}_rsqrt2", 1 / System.Math.Sqrt(2)) });
        string erf = context.Node("Erf", $"{hint}_erf", new[] { scaled });
        string onePlus = context.Node("Add", $"{hint}_1p", new[] { erf, OnnxContext.Scalar($"{hint}_one", 1) });
        string half = context.Node("Mul", $"{hint}_half", new[] { x, OnnxContext.Scalar($"{hint}_0.5", 0.5) });
        return context.Node("Mul", hint, new[] { half, onePlus });
    }

    /// <summary><c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.</summary>
    private static string GeluTanhOnnx(OnnxContext context, string x, string hint)
    {
        string square = context.Node("Mul", $"{hint}_x2", new[] { x, x });
        string cube = context.Node("Mul", $"{hint}_x3", new[] { square, x });
        string term = context.Node("Mul", $"{hint}_c3", new[] { cube, OnnxContext.Scalar($"{hint}_0.044715", 0.044715) });
        string inner = context.Node("Add", $"{hint}_inner", new[] { x, term });
        string scaled = context.Node("Mul", $"{hint}_scaled", new[] { inner, OnnxContext.Scalar($"{hint}_k", System.Math.Sqrt(2 / System.Math.PI)) });
        string t = context.Node("Tanh", $"{hint}_tanh", new[] { scaled });
        string onePlus = context.Node("Add", $"{hint}_1p", new[] { t, OnnxContext.Scalar($"{hint}_one", 1) });
        string half = context.Node("Mul", $"{hint}_half", new[] { x, OnnxContext.Scalar($"{hint}_0.5", 0.5) });
        return context.Node("Mul", hint, new[] { half, onePlus });
    }
}
