using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Import.Onnx;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Serialization.Keras;

namespace GenNet.Generator.Import.Keras;

/// <summary>
/// What a Keras model lowers to: the layer declarations (as <see cref="ImportedModel"/>, with the equivalent attributes),
/// each layer's file weights in Keras' order (matched to the inferred spec's weights by position and shape), the
/// layers' names and classes for messages, and the warnings (settings that change training only, dropped).
/// </summary>
internal sealed class KerasImported
{
    public KerasImported(ImportedModel model, List<KerasLayer> layers, List<string[]> warnings, List<AxisClaim> axes)
    {
        Model = model;
        Layers = layers;
        Warnings = warnings;
        Axes = axes;
    }

    /// <summary>
    /// Normalization axes written as positive numbers (Keras 2 saves BatchNormalization's <c>axis</c> as <c>[3]</c>): GenNet
    /// normalizes the last axis, so each must be the last one of its layer's input, which is checked once shapes are inferred.
    /// </summary>
    public List<AxisClaim> Axes { get; }

    public ImportedModel Model { get; }

    /// <summary>Index-aligned with the model's layers: the file's layer (name, class, weights).</summary>
    public List<KerasLayer> Layers { get; }

    /// <summary>Each warning: the descriptor id, then its message arguments after the class and file name.</summary>
    public List<string[]> Warnings { get; }
}

/// <summary>Layer <paramref name="Layer"/> (index) normalizes Keras axis <paramref name="Axis"/> (batch = 0), written as <paramref name="Written"/>.</summary>
internal sealed record AxisClaim(int Layer, int Axis, string Argument, string Written);

/// <summary>
/// A Keras model config → GenNet layer declarations, argument by argument with Keras' names and defaults. A Sequential
/// model stays a [Sequential] stack; a Functional one whose layers each read the one before it does too, and any other
/// becomes [Functional] with <c>From</c> and merge inputs by Keras layer name. Every class, argument value or graph
/// GenNet cannot build is an <see cref="ImportProblem"/> naming the layer, its class, the argument and its value.
/// </summary>
internal sealed class KerasLowering
{
    /// <summary>The Keras classes GenNet imports, for the message of an unsupported one.</summary>
    public const string Supported =
        "Dense, Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose, MaxPooling1D/2D, AveragePooling1D/2D, GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D, " +
        "BatchNormalization, LayerNormalization, Dropout, SpatialDropout2D, GaussianNoise, Flatten, Reshape, Permute, RepeatVector, Embedding, " +
        "SimpleRNN, LSTM, GRU, Bidirectional, Activation, ReLU, LeakyReLU, ELU, Softmax, PReLU, Rescaling, ZeroPadding1D, ZeroPadding2D, Cropping2D, UpSampling2D, " +
        "Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate";

    /// <summary>
    /// The weights whose <c>…_regularizer</c> / <c>…_constraint</c> Keras configs map onto GenNet's attribute arguments
    /// (<c>kernel_regularizer</c> → <c>KernelRegularizer</c>, docs/REGULARIZATION.md).
    /// </summary>
    private static readonly string[] RuleWeights = { "kernel", "bias", "recurrent", "depthwise", "pointwise", "embeddings", "gamma", "beta", "alpha" };

    /// <summary>Keras' regularizer and constraint classes GenNet has (their serialized <c>class_name</c>).</summary>
    private static readonly string[] RuleClasses = { "L1", "L2", "L1L2", "MaxNorm", "MinMaxNorm", "UnitNorm", "NonNeg" };

    private readonly KerasModelFile _file;
    private readonly List<LayerDeclaration> _layers = new();
    private readonly List<KerasLayer> _sources = new();
    private readonly List<string> _names = new();
    private readonly List<string[]> _warnings = new();
    private readonly List<AxisClaim> _axes = new();
    private readonly Dictionary<string, int> _defaultCounters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeNames = new(StringComparer.Ordinal);

    private KerasLowering(KerasModelFile file) => _file = file;

    public static KerasImported Lower(KerasModelFile file) => new KerasLowering(file).Run();

    private KerasImported Run()
    {
        bool graph = _file.ClassName is "Functional" or "Model";
        if (!graph && _file.ClassName != "Sequential")
        {
            throw new ImportProblem(Descriptors.KerasModelShape, "the model", $"class {_file.ClassName}",
                "a Sequential or Functional model (a subclassed model's call() is Python code, not config)");
        }
        int[] input = InputShape();
        if (graph)
        {
            if (_file.Inputs.Count != 1 || _file.Outputs.Count != 1)
            {
                throw new ImportProblem(Descriptors.KerasModelShape, "the model", $"{_file.Inputs.Count} input(s) and {_file.Outputs.Count} output(s)",
                    "one input and one output");
            }
            _nodeNames[_file.Inputs[0]] = ModelDeclaration.InputName;
        }
        if (_file.Layers.Count == 0) throw new ImportProblem(Descriptors.KerasModelShape, "the model", "no layers", "at least one layer after the input");

        foreach (KerasLayer layer in _file.Layers)
        {
            if (layer.Calls > 1)
            {
                throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{layer.Name}' ({layer.ClassName})", $"{layer.Calls} calls (a shared layer)",
                    "each layer called once (declare shared layers by hand with [Reuse])");
            }
            LayerDeclaration declaration = Declare(layer);
            Add(layer, declaration, graph);
        }

        if (graph && _file.Outputs[0] != _sources[_sources.Count - 1].Name)
        {
            throw new ImportProblem(Descriptors.KerasModelShape, $"output '{_file.Outputs[0]}'", "its layer before other layers in the config",
                "a model whose output layer is its last layer");
        }
        bool functional = _layers.Any(l => l.From.Count > 0);
        var attributes = _layers.Select(l => ImportAttributeText.Of(l, spellOutWindows: false)).ToList();
        var weights = _layers.Select(_ => new Dictionary<string, float[]>(StringComparer.Ordinal)).ToList();
        return new KerasImported(new ImportedModel(input, _layers, weights, attributes, functional), _sources, _warnings, _axes);
    }

    private int[] InputShape()
    {
        int?[] shape = _file.InputShape
            ?? throw new ImportProblem(Descriptors.KerasModelShape, "the model", "no input shape (no InputLayer batch_shape, no build_input_shape)",
                "a model built with a fixed input shape (keras.Input(shape=…))");
        if (shape.Length == 0 || shape.Any(d => d is null or <= 0))
        {
            string text = $"({string.Join(", ", shape.Select(d => d?.ToString(CultureInfo.InvariantCulture) ?? "None"))})";
            throw new ImportProblem(Descriptors.KerasModelShape, "the input", $"shape {text}", "a fixed size on every axis but the batch");
        }
        return shape.Select(d => d!.Value).ToArray();
    }

    /// <summary>Registers the layer: its name (explicit only where Keras' default would differ) and what it reads.</summary>
    private void Add(KerasLayer layer, LayerDeclaration declaration, bool graph)
    {
        // As the inferrer names layers: only unnamed ones take the next default name of their kind (dense, dense_1, …).
        _defaultCounters.TryGetValue(declaration.DefaultName, out int n);
        string automatic = n == 0 ? declaration.DefaultName : $"{declaration.DefaultName}_{n.ToString(CultureInfo.InvariantCulture)}";
        if (layer.Name == automatic) _defaultCounters[declaration.DefaultName] = n + 1;
        else declaration = declaration with { Name = layer.Name };
        if (graph)
        {
            var reads = layer.Inbound.Select(name => _nodeNames.TryGetValue(name, out string? node) ? node
                : throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{layer.Name}' ({layer.ClassName})", $"input '{name}', which no earlier layer computes",
                    "layers listed after the layers they read, one model input")).ToList();
            if (reads.Count == 0)
            {
                throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{layer.Name}' ({layer.ClassName})", "no inbound nodes", "every layer reading another layer or the input");
            }
            string previous = _names.Count == 0 ? ModelDeclaration.InputName : _names[_names.Count - 1];
            bool readsPrevious = reads.Count == 1 && reads[0] == previous && !declaration.IsMerge;
            if (!readsPrevious)
            {
                if (!declaration.IsMerge && reads.Count != 1)
                {
                    throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{layer.Name}' ({layer.ClassName})", $"{reads.Count} inputs", "one input (merges take several)");
                }
                declaration = declaration with { From = reads.ToEquatableArray() };
            }
            _nodeNames[layer.Name] = layer.Name;
        }
        _layers.Add(declaration);
        _sources.Add(layer);
        _names.Add(layer.Name);
    }

    private LayerDeclaration Declare(KerasLayer layer)
    {
        var c = new Reader(layer, _layers.Count, _axes);
        LayerDeclaration declaration = DeclareKind(layer, c);
        List<WeightRuleArgument> rules = Rules(layer, c);
        if (declaration is BidirectionalDeclaration && c.Config["layer"]?["config"] is { Kind: KerasJsonKind.Object } inner)
        {
            // The wrapped layer's regularizers and constraints, which GenNet's Bidirectional gives both halves (as Keras' copy does).
            var wrapped = new KerasLayer(layer.Name, layer.ClassName, null, Array.Empty<KerasWeight>()) { Config = inner };
            rules.AddRange(Rules(wrapped, new Reader(wrapped, _layers.Count, _axes)));
        }
        return rules.Count == 0 ? declaration : declaration with { WeightRules = rules.ToEquatableArray() };
    }

    /// <summary>
    /// The layer's regularizer and constraint configs as GenNet's attribute arguments, in the config's order: Keras 3's
    /// <c>{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}}</c>, Keras 2's
    /// <c>{"class_name": "L2", "config": {…}}</c> or a string identifier (<c>"l2"</c>) become <c>KernelRegularizer = "L2(l2=0.01)"</c>;
    /// what GenNet cannot apply (activity_regularizer, other classes, arguments GenNet lacks) is left out with GN0430.
    /// </summary>
    private List<WeightRuleArgument> Rules(KerasLayer layer, Reader c)
    {
        var rules = new List<WeightRuleArgument>();
        foreach (var member in c.Config.Members)
        {
            bool regularizer = member.Key.EndsWith("_regularizer", StringComparison.Ordinal);
            if (!regularizer && !member.Key.EndsWith("_constraint", StringComparison.Ordinal)) continue;
            if (member.Value.Kind == KerasJsonKind.Null) continue;
            string weight = member.Key.Substring(0, member.Key.LastIndexOf('_'));
            string? reason;
            string? text = null;
            if (weight == "activity") reason = "GenNet has no activity regularizers (a penalty on the layer's output)";
            else if (Array.IndexOf(RuleWeights, weight) < 0) reason = $"GenNet maps the rules of {string.Join(", ", RuleWeights)}";
            else text = RuleText(member.Value, regularizer, out reason);
            if (text is null)
            {
                _warnings.Add(new[] { Descriptors.KerasTrainingOptionDropped.Id, c.Who, layer.ClassName ?? "", member.Key, member.Value.Describe(), reason ?? "" });
                continue;
            }
            string suffix = regularizer ? "Regularizer" : "Constraint";
            rules.Add(new WeightRuleArgument($"{char.ToUpperInvariant(weight[0])}{weight.Substring(1)}{suffix}", text));
        }
        return rules;
    }

    /// <summary>One serialized regularizer or constraint as GenNet's argument text (<c>MaxNorm(max_value=2, axis=[0, 1, 2])</c>), or null with the reason.</summary>
    private static string? RuleText(KerasJson value, bool regularizer, out string? reason)
    {
        reason = null;
        string? text = value.AsString;
        if (text is null && value.Kind == KerasJsonKind.Object)
        {
            string? cls = value["class_name"]?.AsString;
            if (cls is null || Array.IndexOf(RuleClasses, cls) < 0)
            {
                reason = $"class {cls ?? "(none)"} is not one of {string.Join(", ", RuleClasses)}";
                return null;
            }
            var arguments = new List<string>();
            foreach (var argument in value["config"]?.Members ?? (IReadOnlyList<KeyValuePair<string, KerasJson>>)Array.Empty<KeyValuePair<string, KerasJson>>())
            {
                string? written = RuleValue(argument.Value);
                if (written is null)
                {
                    reason = $"its {argument.Key} = {argument.Value.Describe()} is not a number or a list of axes";
                    return null;
                }
                arguments.Add($"{argument.Key}={written}");
            }
            text = arguments.Count == 0 ? cls : $"{cls}({string.Join(", ", arguments)})";
        }
        if (text is null)
        {
            reason = "it is neither a serialized Keras object nor a string";
            return null;
        }
        string? error;
        bool parsed = regularizer ? WeightRuleSpecs.ParseRegularizer(text, out error) is not null : WeightRuleSpecs.ParseConstraint(text, out error) is not null;
        if (parsed) return text;
        reason = $"as \"{text}\": {error?.TrimEnd('.')}";
        return null;
    }

    /// <summary>A number (in round-trip form) or a list of whole numbers (<c>[0, 1, 2]</c>); null otherwise.</summary>
    private static string? RuleValue(KerasJson value)
    {
        if (value.AsDouble is double d) return d.ToString("R", CultureInfo.InvariantCulture);
        if (value.Kind == KerasJsonKind.Array && value.Items.All(i => i.AsInt is not null))
        {
            return $"[{string.Join(", ", value.Items.Select(i => i.AsInt!.Value.ToString(CultureInfo.InvariantCulture)))}]";
        }
        return null;
    }

    private LayerDeclaration DeclareKind(KerasLayer layer, Reader c)
    {
        switch (layer.ClassName)
        {
            case "Dense":
                return new DenseDeclaration(c.Int("units"), c.Activation(), c.Bool("use_bias", true), null, null, null);
            case "Conv2D":
            {
                c.ChannelsLast();
                var (kh, kw) = c.Pair("kernel_size");
                var (sh, sw) = c.Pair("strides", 1);
                var (dh, dw) = c.Pair("dilation_rate", 1);
                return new Conv2DDeclaration(c.Int("filters"), kh, kw, kh == kw ? "kernelSize" : "kernelHeight", sh, c.Padding(),
                    dh, c.Activation(), c.Bool("use_bias", true), null, null, null)
                {
                    StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw), Groups = c.Int("groups", 1),
                };
            }
            case "SeparableConv2D":
            {
                c.ChannelsLast();
                var (kh, kw) = c.Pair("kernel_size");
                var (sh, sw) = c.Pair("strides", 1);
                var (dh, dw) = c.Pair("dilation_rate", 1);
                return new SeparableConv2DDeclaration(c.Int("filters"), kh, kw, kh == kw ? "kernelSize" : "kernelHeight", c.Int("depth_multiplier", 1),
                    sh, c.Padding(), dh, c.Activation(), c.Bool("use_bias", true), null, null, null, null)
                {
                    StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw),
                };
            }
            case "Conv2DTranspose":
            {
                c.ChannelsLast();
                var (kh, kw) = c.Pair("kernel_size");
                var (sh, sw) = c.Pair("strides", 1);
                var (dh, dw) = c.Pair("dilation_rate", 1);
                var (oh, ow) = c.Config["output_padding"] is null or { Kind: KerasJsonKind.Null } ? (-1, -1) : c.Pair("output_padding");
                return new Conv2DTransposeDeclaration(c.Int("filters"), kh, kw, kh == kw ? "kernelSize" : "kernelHeight", sh, c.Padding(),
                    oh, dh, c.Activation(), c.Bool("use_bias", true), null, null, null)
                {
                    StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw), OutputPaddingWidth = oh == ow ? -2 : ow,
                };
            }
            case "Conv1D":
            {
                c.ChannelsLast();
                return new Conv1DDeclaration(c.Int("filters"), c.Single("kernel_size"), c.Single("strides", 1), c.Padding(), c.Single("dilation_rate", 1),
                    c.Activation(), c.Bool("use_bias", true), null, null, null) { Groups = c.Int("groups", 1) };
            }
            case "DepthwiseConv2D":
            {
                c.ChannelsLast();
                var (kh, kw) = c.Pair("kernel_size");
                var (sh, sw) = c.Pair("strides", 1);
                var (dh, dw) = c.Pair("dilation_rate", 1);
                return new DepthwiseConv2DDeclaration(kh, kw, kh == kw ? "kernelSize" : "kernelHeight", c.Int("depth_multiplier", 1), sh,
                    c.Padding(), dh, c.Activation(), c.Bool("use_bias", true), null, null, null)
                {
                    StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw),
                };
            }
            case "MaxPooling2D":
            case "AveragePooling2D":
            {
                c.ChannelsLast();
                var (ph, pw) = c.Pair("pool_size", 2);
                var (sh, sw) = c.Config["strides"] is null or { Kind: KerasJsonKind.Null } ? (ph, pw) : c.Pair("strides");
                bool poolStrides = sh == ph && sw == pw;   // Keras' strides=None: written as GenNet's default
                int? strides = poolStrides ? null : sh;
                int stridesWidth = poolStrides ? -1 : Width(sh, sw);
                string argument = ph == pw ? "poolSize" : "poolHeight";
                return layer.ClassName == "MaxPooling2D"
                    ? new MaxPooling2DDeclaration(ph, pw, argument, strides, c.Padding(), null) { StridesWidth = stridesWidth }
                    : new AveragePooling2DDeclaration(ph, pw, argument, strides, c.Padding(), null) { StridesWidth = stridesWidth };
            }
            case "MaxPooling1D":
            case "AveragePooling1D":
            {
                c.ChannelsLast();
                int pool = c.Single("pool_size", 2);
                int? strides = c.Config["strides"] is { Kind: not KerasJsonKind.Null } ? c.Single("strides") : null;
                if (strides == pool) strides = null;
                return layer.ClassName == "MaxPooling1D"
                    ? new MaxPooling1DDeclaration(pool, strides, c.Padding(), null)
                    : new AveragePooling1DDeclaration(pool, strides, c.Padding(), null);
            }
            case "GlobalAveragePooling2D":
            case "GlobalAveragePooling1D":
            case "GlobalMaxPooling2D":
            case "GlobalMaxPooling1D":
                c.ChannelsLast();
                c.Expect("keepdims", false);
                return layer.ClassName switch
                {
                    "GlobalAveragePooling2D" => new GlobalAveragePooling2DDeclaration(null),
                    "GlobalAveragePooling1D" => new GlobalAveragePooling1DDeclaration(null),
                    "GlobalMaxPooling1D" => new GlobalMaxPoolingDeclaration(2, null),
                    _ => new GlobalMaxPoolingDeclaration(3, null),
                };
            case "BatchNormalization":
                c.LastAxis("axis");
                c.Expect("renorm", false);
                c.Expect("synchronized", false);
                return new BatchNormalizationDeclaration(c.Double("momentum", 0.99), c.Double("epsilon", 1e-3), c.Bool("center", true), c.Bool("scale", true), null);
            case "LayerNormalization":
                c.LastAxis("axis");
                c.Expect("rms_scaling", false);
                return new LayerNormalizationDeclaration(c.Double("epsilon", 1e-3), c.Bool("center", true), c.Bool("scale", true), null);
            case "Dropout":
                c.ExpectNull("noise_shape");
                return new DropoutDeclaration(c.Double("rate"), null);
            case "SpatialDropout2D":
                c.ChannelsLast();
                return new SpatialDropout2DDeclaration(c.Double("rate"), null);
            case "GaussianNoise":
                return new GaussianNoiseDeclaration(c.Double("stddev"), null);
            case "Flatten":
                c.ChannelsLast();
                return new FlattenDeclaration(null);
            case "Reshape":
                return new ReshapeDeclaration(c.Ints("target_shape").ToEquatableArray(), null);
            case "Permute":
                return new PermuteDeclaration(c.Ints("dims").ToEquatableArray(), null);
            case "RepeatVector":
                return new RepeatVectorDeclaration(c.Int("n"), null);
            case "Embedding":
                c.ExpectNull("input_length", allowAbsent: true);
                return new EmbeddingDeclaration(c.Int("input_dim"), c.Int("output_dim"), null, c.Bool("mask_zero", false), null);
            case "SimpleRNN":
            case "LSTM":
            case "GRU":
                return Recurrent(c, layer.ClassName);
            case "Bidirectional":
                return Bidirectional(layer, c);
            case "Activation":
                return new ActivationDeclaration(c.Activation() ?? ActivationNames.Linear, ActivationOptions.None, null);
            case "ReLU":
            {
                double? max = c.Config["max_value"] is { Kind: not KerasJsonKind.Null } ? c.Double("max_value") : null;
                return new ReLUDeclaration(max, c.Double("negative_slope", 0), c.Double("threshold", 0), null);
            }
            case "LeakyReLU":
                // Keras 3 names the slope negative_slope (default 0.3); Keras 2 called it alpha.
                return new LeakyReLUDeclaration(c.Config["negative_slope"] is not null ? c.Double("negative_slope") : c.Double("alpha", 0.3), null);
            case "ELU":
                return new ELUDeclaration(c.Double("alpha", 1.0), null);
            case "Softmax":
                return new SoftmaxDeclaration(c.Single("axis", -1), null);
            case "PReLU":
                return new PReLUDeclaration((c.Config["shared_axes"] is { Kind: not KerasJsonKind.Null } ? c.Ints("shared_axes") : Array.Empty<int>()).ToEquatableArray(), null, null);
            case "Rescaling":
                return new RescalingDeclaration(c.Double("scale"), c.Double("offset", 0), null);
            case "ZeroPadding2D":
            case "Cropping2D":
            {
                c.ChannelsLast();
                var b = c.Borders(layer.ClassName == "ZeroPadding2D" ? "padding" : "cropping");
                return layer.ClassName == "ZeroPadding2D" ? new ZeroPadding2DDeclaration(b, null) : new Cropping2DDeclaration(b, null);
            }
            case "ZeroPadding1D":
            {
                c.ChannelsLast();
                var (left, right) = c.Pair("padding", 1);
                return new ZeroPadding1DDeclaration(left, right, left == right ? "padding" : "left", left == right ? "padding" : "right", null);
            }
            case "UpSampling2D":
            {
                c.ChannelsLast();
                var (sh, sw) = c.Pair("size", 2);
                string interpolation = c.String("interpolation", "nearest");
                return new UpSampling2DDeclaration(sh, sw, sh == sw ? "size" : "height", interpolation == "nearest" ? null : interpolation, null);
            }
            case "Add": return new AddDeclaration(null);
            case "Subtract": return new SubtractDeclaration(null);
            case "Multiply": return new MultiplyDeclaration(null);
            case "Average": return new AverageDeclaration(null);
            case "Maximum": return new ExtremumDeclaration(ExtremumDeclaration.Maximum.KerasName, null);
            case "Minimum": return new ExtremumDeclaration(ExtremumDeclaration.Minimum.KerasName, null);
            case "Concatenate": return new ConcatenateDeclaration(c.Int("axis", -1), null);
        }
        throw new ImportProblem(Descriptors.KerasUnsupportedLayer, c.Who, layer.ClassName ?? "(no class)", Supported);
    }

    /// <summary>A per-axis argument's width as the declarations keep it: -1 when it equals the height's.</summary>
    private static int Width(int height, int width) => width == height ? -1 : width;
    /// <summary>
    /// Keras' <c>Bidirectional(layer, merge_mode, backward_layer)</c>: the wrapped recurrent layer's config read as that
    /// layer's, its backward copy checked to be the same layer with <c>go_backwards</c> set (Keras' default backward
    /// layer; a different one is not a GenNet Bidirectional). The file's variables come forward half first, then backward.
    /// </summary>
    private BidirectionalDeclaration Bidirectional(KerasLayer layer, Reader c)
    {
        string merge = c.String("merge_mode", "concat");
        if (Array.IndexOf(BidirectionalDeclaration.MergeModes, merge) < 0) throw c.Refuse("merge_mode", c.Config["merge_mode"], "concat, sum, mul or ave");
        RecurrentDeclaration forward = Wrapped(layer, c, "layer", out string cls);
        if (forward.GoBackwards) throw c.Refuse("layer", c.Config["layer"], $"a {cls} with go_backwards False (Bidirectional runs a backwards copy itself)");
        if (c.Config["backward_layer"] is { Kind: not KerasJsonKind.Null })
        {
            RecurrentDeclaration backward = Wrapped(layer, c, "backward_layer", out string backwardClass);
            if (backwardClass != cls || backward != forward with { GoBackwards = true })
            {
                throw c.Refuse("backward_layer", c.Config["backward_layer"], $"the wrapped {cls} with go_backwards True and every other argument the same");
            }
        }
        return new BidirectionalDeclaration(forward, merge, null);
    }

    /// <summary>The recurrent layer in a Bidirectional's <paramref name="argument"/> (<c>{"class_name": "LSTM", "config": {…}}</c>), unnamed.</summary>
    private RecurrentDeclaration Wrapped(KerasLayer layer, Reader c, string argument, out string cls)
    {
        KerasJson? inner = c.Config[argument];
        cls = inner?["class_name"]?.AsString ?? "";
        if (inner is null || cls is not ("SimpleRNN" or "LSTM" or "GRU") || inner["config"] is not { Kind: KerasJsonKind.Object } config)
        {
            throw c.Refuse(argument, inner, "a SimpleRNN, LSTM or GRU config");
        }
        var wrapped = new KerasLayer($"{layer.Name}/{config["name"]?.AsString ?? cls}", cls, null, Array.Empty<KerasWeight>()) { Config = config };
        return Recurrent(new Reader(wrapped, _layers.Count, _axes), cls) with { Name = null };
    }

    private static RecurrentDeclaration Recurrent(Reader c, string cls)
    {
        c.Expect("return_state", false);
        c.Expect("stateful", false);
        c.Expect("unroll", false, allowAbsent: true);
        var cell = cls switch { "LSTM" => RecurrentCell.Lstm, "GRU" => RecurrentCell.Gru, _ => RecurrentCell.SimpleRnn };
        string activation = c.Activation() ?? ActivationNames.Linear;
        string recurrent = cell == RecurrentCell.SimpleRnn ? ActivationNames.Sigmoid : c.Activation("recurrent_activation") ?? ActivationNames.Linear;
        return new RecurrentDeclaration(cell, c.Int("units"), activation, recurrent, c.Bool("use_bias", true), c.Bool("return_sequences", false),
            c.Bool("go_backwards", false), cell == RecurrentCell.Lstm && c.Bool("unit_forget_bias", true), cell != RecurrentCell.Gru || c.Bool("reset_after", true),
            c.Double("dropout", 0), null) { RecurrentDropout = c.Double("recurrent_dropout", 0) };
    }

    /// <summary>Typed reads of one layer's config; every refusal names the layer, its class, the argument and the value.</summary>
    private sealed class Reader
    {
        private readonly KerasLayer _layer;
        private readonly int _index;
        private readonly List<AxisClaim> _axes;

        public Reader(KerasLayer layer, int index, List<AxisClaim> axes)
        {
            _layer = layer;
            _index = index;
            _axes = axes;
            Config = layer.Config ?? throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{layer.Name}'", "no config", "a config object per layer");
        }

        public KerasJson Config { get; }

        public string Who => $"'{_layer.Name}'";

        private string Class => _layer.ClassName ?? "";

        private ImportProblem Unsupported(string argument, KerasJson? value, string supported) =>
            new(Descriptors.KerasUnsupportedAttribute, Who, Class, argument, value?.Describe() ?? "(absent)", supported);

        /// <summary>The refusal of <paramref name="argument"/>'s <paramref name="value"/>, naming what is supported.</summary>
        public ImportProblem Refuse(string argument, KerasJson? value, string supported) => Unsupported(argument, value, supported);

        public int Int(string name, int? fallback = null)
        {
            var v = Config[name];
            if (v is null && fallback is int f) return f;
            return v?.AsInt ?? throw Unsupported(name, v, "a whole number");
        }

        public double Double(string name, double? fallback = null)
        {
            var v = Config[name];
            if ((v is null || v.Kind == KerasJsonKind.Null) && fallback is double f) return f;
            double? d = v?.AsDouble;
            return d is double value && !double.IsNaN(value) && !double.IsInfinity(value) ? value : throw Unsupported(name, v, "a finite number");
        }

        public bool Bool(string name, bool fallback)
        {
            var v = Config[name];
            if (v is null) return fallback;
            return v.AsBool ?? throw Unsupported(name, v, "true or false");
        }

        public string String(string name, string fallback)
        {
            var v = Config[name];
            if (v is null || v.Kind == KerasJsonKind.Null) return fallback;
            return v.AsString ?? throw Unsupported(name, v, "a string");
        }

        /// <summary>An int or a list of ints.</summary>
        public int[] Ints(string name)
        {
            var v = Config[name];
            if (v?.AsInt is int single) return new[] { single };
            if (v is { Kind: KerasJsonKind.Array } && v.Items.All(i => i.AsInt is not null)) return v.Items.Select(i => i.AsInt!.Value).ToArray();
            throw Unsupported(name, v, "a list of whole numbers");
        }

        /// <summary>A 2-D window (<c>kernel_size</c>, <c>pool_size</c>): an int or two.</summary>
        public (int, int) Pair(string name, int? fallback = null)
        {
            if (Config[name] is null && fallback is int f) return (f, f);
            int[] v = Ints(name);
            if (v.Length == 1) return (v[0], v[0]);
            if (v.Length == 2) return (v[0], v[1]);
            throw Unsupported(name, Config[name], "one or two whole numbers");
        }

        /// <summary>A 1-D window argument: an int or a one-item list.</summary>
        public int Single(string name, int? fallback = null)
        {
            if (Config[name] is null && fallback is int f) return f;
            int[] v = Ints(name);
            return v.Length == 1 ? v[0] : throw Unsupported(name, Config[name], "one whole number");
        }

        public string? Padding()
        {
            string padding = String("padding", "valid");
            return padding == "valid" ? null : padding;
        }

        public string? Activation(string name = "activation")
        {
            var v = Config[name];
            if (v is null || v.Kind == KerasJsonKind.Null) return null;
            string? text = v.AsString ?? (v.Kind == KerasJsonKind.Object ? v["config"]?.AsString : null);
            if (text is null || Array.IndexOf(ActivationNames.All, text) < 0)
            {
                throw Unsupported(name, v, $"one of {string.Join(", ", ActivationNames.All)}");
            }
            return text == ActivationNames.Linear && name == "activation" ? null : text;
        }

        public void ChannelsLast()
        {
            var v = Config["data_format"];
            if (v is null || v.Kind == KerasJsonKind.Null || v.AsString == "channels_last") return;
            throw Unsupported("data_format", v, "'channels_last' (GenNet's images are NHWC)");
        }

        public void LastAxis(string name)
        {
            var v = Config[name];
            if (v is null) return;
            int[] axes = Ints(name);
            if (axes.Length == 1 && axes[0] == -1) return;
            if (axes.Length == 1 && axes[0] > 0)
            {
                // The last axis only if it is the input's last: checked after inference, when the shapes are known.
                _axes.Add(new AxisClaim(_index, axes[0], name, v!.Describe()));
                return;
            }
            throw Unsupported(name, v, "-1 (the last axis, channels last)");
        }

        public void Expect(string name, bool value, bool allowAbsent = true)
        {
            var v = Config[name];
            if (v is null && allowAbsent) return;
            if (v?.AsBool != value) throw Unsupported(name, v, value ? "True" : "False");
        }

        public void Expect(string name, int value)
        {
            var v = Config[name];
            if (v is null) return;
            if (v.AsInt != value) throw Unsupported(name, v, value.ToString(CultureInfo.InvariantCulture));
        }

        public void ExpectNull(string name, bool allowAbsent = true)
        {
            var v = Config[name];
            if (v is null && allowAbsent) return;
            if (v is not null && v.Kind != KerasJsonKind.Null) throw Unsupported(name, v, "None");
        }

        /// <summary>ZeroPadding2D/Cropping2D borders: <c>p</c>, <c>[h, w]</c> or <c>[[top, bottom], [left, right]]</c>.</summary>
        public ImageBorders Borders(string name)
        {
            var v = Config[name];
            if (v?.AsInt is int p) return new ImageBorders(p, p, p, p, name, name, name, name);
            if (v is { Kind: KerasJsonKind.Array } && v.Items.Count == 2)
            {
                if (v.Items[0].AsInt is int h && v.Items[1].AsInt is int w) return new ImageBorders(h, h, w, w, "height", "height", "width", "width");
                if (v.Items.All(i => i.Kind == KerasJsonKind.Array && i.Items.Count == 2 && i.Items.All(j => j.AsInt is not null)))
                {
                    return new ImageBorders(v.Items[0].Items[0].AsInt!.Value, v.Items[0].Items[1].AsInt!.Value, v.Items[1].Items[0].AsInt!.Value,
                        v.Items[1].Items[1].AsInt!.Value, "top", "bottom", "left", "right");
                }
            }
            throw Unsupported(name, v, "an int, [height, width] or [[top, bottom], [left, right]]");
        }
    }
}
