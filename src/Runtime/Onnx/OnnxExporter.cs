using System.Globalization;
using A = GenNet.Onnx.OnnxGraph.Attribute;

namespace GenNet.Onnx;

/// <summary>
/// Writes a model as an ONNX graph (opset 17, IR 8) from its <see cref="ModelInfo"/> (layer types, output shapes,
/// <see cref="LayerInfo.Config"/>) and its current weights. GenNet is NHWC; ONNX's Conv and pooling are NCHW, so the
/// exporter tracks the layout of the running tensor and transposes only where a layer needs the other one: one
/// Transpose into NCHW before a run of Conv2D/pooling/BatchNormalization/elementwise layers, one back before Dense,
/// Flatten, Reshape or the output. Kernels are transposed HWIO → OIHW at export. Functional models are walked from the
/// output back through <see cref="LayerInfo.Inbound"/>; every node keeps its tensor's layout, a merge brings its inputs to
/// one layout first.
/// </summary>
internal sealed partial class OnnxExporter
{
    private static readonly long[] ToNchw = { 0, 3, 1, 2 };
    private static readonly long[] ToNhwc = { 0, 2, 3, 1 };

    private readonly Model _model;
    private readonly ModelInfo _info;
    private readonly OnnxGraph _graph = new();
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);   // by node name (layer or model input)
    private Tensor? _source;                    // the node tensor the current layer read, for caching its transposes
    private string _x = "";
    private int[] _shape = Array.Empty<int>();  // per-sample Keras (NHWC) shape of the running tensor
    private bool _nchw;                         // whether the running tensor is stored NCHW

    private OnnxExporter(Model model)
    {
        _model = model;
        _info = model.Info;
    }

    public static byte[] Export(Model model)
    {
        var exporter = new OnnxExporter(model);
        exporter.CheckSupported();
        // A generated node list (the graph's structure fixed at build time) wins over mapping ModelInfo's layers.
        var builder = new OnnxGraphBuilder(model);
        if (model.BuildGeneratedOnnx(builder) is { } generated) return exporter.Finish(builder.Graph, builder.Input, generated);
        return exporter.Build();
    }

    /// <summary>Fails before writing anything if a layer or activation has no mapping.</summary>
    private void CheckSupported()
    {
        // The exporter writes one input and one output (a DAG of layers between them); graphs with more are a documented limit.
        if (_info.Inputs.Length > 1)
            throw new NotSupportedException($"ONNX export supports one model input; '{_info.Name}' has {_info.Inputs.Length} ({string.Join(", ", _info.Inputs.Select(i => i.Name))}).");
        if (_info.Outputs.Length > 1)
            throw new NotSupportedException($"ONNX export supports one model output; '{_info.Name}' has {_info.Outputs.Length} ({string.Join(", ", _info.Outputs.Select(o => o.Name))}).");
        if (_info.Layers.FirstOrDefault(l => l.Shares is not null) is { } shared)
            throw new NotSupportedException($"ONNX export does not support shared layers: '{shared.Name}' calls '{shared.Shares}' again.");
        foreach (LayerInfo layer in _info.Layers)
        {
            switch (layer.TypeName)
            {
                case "Dense" or "Conv2D" or "Activation":
                    if (!layer.Config.ContainsKey("activation"))
                    {
                        throw new NotSupportedException("ONNX export needs the configuration of layer '" + layer.Name + "' (" + layer.TypeName +
                            "); rebuild the model with this GenNet generator.");
                    }
                    CheckActivation(layer);
                    break;
                case "MaxPooling2D" or "AveragePooling2D" or "BatchNormalization":
                    if (layer.Config.Count == 0)
                    {
                        throw new NotSupportedException("ONNX export needs the configuration of layer '" + layer.Name + "' (" + layer.TypeName +
                            "); rebuild the model with this GenNet generator.");
                    }
                    break;
                case "GlobalAveragePooling2D" or "Flatten" or "Reshape" or "Dropout"
                    or "Add" or "Subtract" or "Multiply" or "Average" or "Maximum" or "Minimum" or "Concatenate":
                    break;
                case "Lambda":
                    // The layer is compiled C#; ONNX has no operator that calls it.
                    throw new NotSupportedException("ONNX export cannot include Lambda layer '" + layer.Name + "'" +
                        (layer.Config.TryGetValue("function", out string? function) ? " (" + function + ")" : "") +
                        ": it calls a C# method, which ONNX cannot express. Export a model without Lambda layers, or apply the function outside the model.");
                default:
                    throw new NotSupportedException("ONNX export does not support layer '" + layer.Name + "' of type " + layer.TypeName + ".");
            }
        }
    }

    private static void CheckActivation(LayerInfo layer)
    {
        string name = layer.Config["activation"];
        bool known = name is "linear" or "relu" or "relu6" or "leaky_relu" or "elu" or "selu" or "gelu" or "sigmoid" or "hard_sigmoid"
            or "hard_silu" or "softplus" or "softsign" or "tanh" or "softmax" or "log_softmax" or "silu" or "mish" or "exponential";
        if (!known)
        {
            throw new NotSupportedException("ONNX export does not support activation '" + name + "' (layer '" + layer.Name + "').");
        }
        if (name == "relu" && layer.Config.ContainsKey("threshold"))
        {
            throw new NotSupportedException("ONNX export does not support relu with a threshold (layer '" + layer.Name + "').");
        }
    }

    private byte[] Build()
    {
        string input = _graph.Name("input");
        _tensors[_info.Inputs[0].Name] = new Tensor(_info.InputShape) { Nhwc = input };
        LayerInfo[] order = TopologicalOrder();
        for (int i = 0; i < order.Length; i++)
        {
            LayerInfo layer = order[i];
            string[] inbound = Inbound(layer);
            Read(inbound[0]);
            switch (layer.TypeName)
            {
                case "Dense": Dense(layer); break;
                case "Conv2D": Conv2D(layer); break;
                case "MaxPooling2D": Pool(layer, "MaxPool"); break;
                case "AveragePooling2D": Pool(layer, "AveragePool"); break;
                case "GlobalAveragePooling2D": GlobalAveragePool(layer); break;
                case "BatchNormalization": BatchNormalization(layer); break;
                case "Activation": Activation(layer, layer.Config); break;
                case "Flatten" or "Reshape": Reshape(layer); break;
                case "Dropout": break;   // the identity in inference
                case "Add": Fold(layer, "Add", inbound); break;
                case "Subtract": Fold(layer, "Sub", inbound); break;
                case "Multiply": Fold(layer, "Mul", inbound); break;
                case "Average": Variadic(layer, "Mean", inbound); break;
                case "Maximum": Variadic(layer, "Max", inbound); break;
                case "Minimum": Variadic(layer, "Min", inbound); break;
                case "Concatenate": Concatenate(layer, inbound); break;
            }
            _tensors[layer.Name] = _nchw ? new Tensor(layer.OutputShape) { Nchw = _x } : new Tensor(layer.OutputShape) { Nhwc = _x };
        }
        Read(_info.Outputs[0].Name);
        EnsureNhwc();
        return Finish(_graph, input, _x);
    }

    /// <summary>The <c>ModelProto</c> of <paramref name="graph"/>, whose value <paramref name="last"/> (NHWC) is the model output.</summary>
    private byte[] Finish(OnnxGraph graph, string input, string last)
    {
        // The graph output gets a stable name; an Identity keeps it apart from the input when the model is all views.
        string output = graph.Node("Identity", "output", new[] { last });
        return graph.ToModel(_info.Name, input, _info.InputShape, output, _info.OutputShape,
            "Exported by GenNet from model '" + _info.Name + "' (fingerprint " + _info.Fingerprint + ").");
    }

    // ---- graph ----

    /// <summary>What a layer reads: its named inbound nodes (Functional), else the layer before it or the model input.</summary>
    private string[] Inbound(LayerInfo layer)
    {
        if (layer.Inbound is { Length: > 0 } inbound) return inbound;
        int index = Array.IndexOf(_info.Layers, layer);
        return new[] { index > 0 ? _info.Layers[index - 1].Name : _info.Inputs[0].Name };
    }

    /// <summary>
    /// The layers the output depends on, each after everything it reads (ONNX wants nodes in topological order): a
    /// depth-first walk back from the output.
    /// </summary>
    private LayerInfo[] TopologicalOrder()
    {
        var byName = _info.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var order = new List<LayerInfo>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { _info.Inputs[0].Name };
        // An explicit stack: a long chain must not overflow the call stack. Each entry is a layer and whether its inputs are done.
        var stack = new Stack<(string Name, bool Expanded)>();
        stack.Push((_info.Outputs[0].Name, false));
        while (stack.Count > 0)
        {
            var (name, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(byName[name]);
                continue;
            }
            if (!visited.Add(name)) continue;
            if (!byName.TryGetValue(name, out LayerInfo? layer))
                throw new InvalidOperationException("ModelInfo of '" + _info.Name + "' names node '" + name + "', which is neither a layer nor the model input.");
            stack.Push((name, true));
            string[] inbound = Inbound(layer);
            for (int k = inbound.Length - 1; k >= 0; k--)
            {
                if (!visited.Contains(inbound[k])) stack.Push((inbound[k], false));
            }
        }
        return order.ToArray();
    }

    /// <summary>Makes node <paramref name="name"/>'s tensor the running one, in whichever layout it already has.</summary>
    private void Read(string name)
    {
        _source = _tensors[name];
        _shape = _source.Shape;
        _nchw = _source.Nhwc is null;
        _x = _source.Nhwc ?? _source.Nchw!;
    }

    // ---- layout ----

    private void EnsureNchw()
    {
        if (_nchw) return;
        // A tensor several layers read in NCHW is transposed once.
        bool isSource = _source is not null && _x == _source.Nhwc;
        _x = isSource && _source!.Nchw is { } cached ? cached : _graph.Node("Transpose", _x + "_nchw", new[] { _x }, A.Longs("perm", ToNchw));
        if (isSource) _source!.Nchw = _x;
        _nchw = true;
    }

    private void EnsureNhwc()
    {
        if (!_nchw) return;
        bool isSource = _source is not null && _x == _source.Nchw;
        _x = isSource && _source!.Nhwc is { } cached ? cached : _graph.Node("Transpose", _x + "_nhwc", new[] { _x }, A.Longs("perm", ToNhwc));
        if (isSource) _source!.Nhwc = _x;
        _nchw = false;
    }

    // ---- layers ----

    private void Dense(LayerInfo layer)
    {
        EnsureNhwc();
        WeightInfo kernel = Weight(layer.Name + ".kernel");
        string w = _graph.Initializer(kernel.Name, Values(kernel), kernel.Shape[0], kernel.Shape[1]);
        string z = _graph.Node("MatMul", layer.Name + "_matmul", new[] { _x, w });
        if (TryWeight(layer.Name + ".bias") is { } bias)
        {
            string b = _graph.Initializer(bias.Name, Values(bias), bias.Shape[0]);
            z = _graph.Node("Add", layer.Name + "_bias", new[] { z, b });
        }
        _x = z;
        Activation(layer, layer.Config);
    }

    private void Conv2D(LayerInfo layer)
    {
        var (kh, kw) = Pair(layer, "kernel_size");
        var (sh, sw) = Pair(layer, "strides");
        var (dh, dw) = Pair(layer, "dilation_rate");
        bool same = layer.Config["padding"] == "same";
        int height = _shape[0], width = _shape[1];
        var (top, bottom) = Padding(height, kh, sh, dh, same);
        var (left, right) = Padding(width, kw, sw, dw, same);

        WeightInfo kernel = Weight(layer.Name + ".kernel");
        int channels = kernel.Shape[2], filters = kernel.Shape[3];
        ReadOnlySpan<float> hwio = Values(kernel);
        var oihw = new float[hwio.Length];
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++)
                for (int c = 0; c < channels; c++)
                    for (int f = 0; f < filters; f++)
                        oihw[((f * channels + c) * kh + i) * kw + j] = hwio[((i * kw + j) * channels + c) * filters + f];

        EnsureNchw();
        var inputs = new List<string> { _x, _graph.Initializer(kernel.Name, oihw, filters, channels, kh, kw) };
        if (TryWeight(layer.Name + ".bias") is { } bias) inputs.Add(_graph.Initializer(bias.Name, Values(bias), filters));
        _x = _graph.Node("Conv", layer.Name, inputs.ToArray(),
            A.Longs("kernel_shape", kh, kw), A.Longs("strides", sh, sw), A.Longs("dilations", dh, dw),
            A.Longs("pads", top, left, bottom, right));
        Activation(layer, layer.Config);
    }

    private void Pool(LayerInfo layer, string op)
    {
        var (ph, pw) = Pair(layer, "pool_size");
        var (sh, sw) = Pair(layer, "strides");
        bool same = layer.Config["padding"] == "same";
        var (top, bottom) = Padding(_shape[0], ph, sh, 1, same);
        var (left, right) = Padding(_shape[1], pw, sw, 1, same);
        EnsureNchw();
        var attributes = new List<A>
        {
            A.Longs("kernel_shape", ph, pw), A.Longs("strides", sh, sw), A.Longs("pads", top, left, bottom, right),
        };
        if (op == "AveragePool") attributes.Add(A.Int("count_include_pad", 0));   // Keras averages over the valid pixels only
        _x = _graph.Node(op, layer.Name, new[] { _x }, attributes.ToArray());
    }

    private void GlobalAveragePool(LayerInfo layer)
    {
        EnsureNchw();
        string pooled = _graph.Node("GlobalAveragePool", layer.Name + "_pool", new[] { _x });
        string shape = _graph.Int64Initializer(layer.Name + "_shape", 0, _shape[2]);
        _x = _graph.Node("Reshape", layer.Name, new[] { pooled, shape });
        _nchw = false;
    }

    private void BatchNormalization(LayerInfo layer)
    {
        int channels = _shape[^1];
        float epsilon = float.Parse(layer.Config["epsilon"], CultureInfo.InvariantCulture);
        float[] gamma = TryWeight(layer.Name + ".gamma") is { } g ? Values(g).ToArray() : Filled(channels, 1f);
        float[] beta = TryWeight(layer.Name + ".beta") is { } b ? Values(b).ToArray() : Filled(channels, 0f);
        float[] mean = Values(Weight(layer.Name + ".moving_mean")).ToArray();
        float[] variance = Values(Weight(layer.Name + ".moving_variance")).ToArray();
        if (_shape.Length == 3 || _shape.Length == 1)
        {
            // Images go NCHW (channels on axis 1); a [N, C] tensor already has them there.
            if (_shape.Length == 3) EnsureNchw();
            _x = _graph.Node("BatchNormalization", layer.Name, new[]
            {
                _x,
                _graph.Initializer(layer.Name + ".gamma", gamma, channels),
                _graph.Initializer(layer.Name + ".beta", beta, channels),
                _graph.Initializer(layer.Name + ".moving_mean", mean, channels),
                _graph.Initializer(layer.Name + ".moving_variance", variance, channels),
            }, A.Float("epsilon", epsilon));
            return;
        }

        // Other ranks (e.g. [N, T, C]): fold into y = x·scale + shift over the last axis.
        EnsureNhwc();
        var scale = new float[channels];
        var shift = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double s = gamma[c] / Math.Sqrt(variance[c] + (double)epsilon);
            scale[c] = (float)s;
            shift[c] = (float)(beta[c] - mean[c] * s);
        }
        string scaled = _graph.Node("Mul", layer.Name + "_scale", new[] { _x, _graph.Initializer(layer.Name + ".scale", scale, channels) });
        _x = _graph.Node("Add", layer.Name, new[] { scaled, _graph.Initializer(layer.Name + ".shift", shift, channels) });
    }

    private void Reshape(LayerInfo layer)
    {
        EnsureNhwc();
        var shape = new long[layer.OutputShape.Length + 1];
        for (int i = 0; i < layer.OutputShape.Length; i++) shape[i + 1] = layer.OutputShape[i];
        _x = _graph.Node("Reshape", layer.Name, new[] { _x, _graph.Int64Initializer(layer.Name + "_shape", shape) });
    }

    // ---- activations ----

    private void Activation(LayerInfo layer, IReadOnlyDictionary<string, string> config)
    {
        string name = config["activation"];
        string x = _x, hint = layer.Name + "_" + name;
        float Option(string key, float fallback) =>
            config.TryGetValue(key, out string? text) ? float.Parse(text, CultureInfo.InvariantCulture) : fallback;
        string Unary(string op) => _graph.Node(op, hint, new[] { x });
        switch (name)
        {
            case "linear":
                return;
            case "relu":
                float slope = Option("negative_slope", 0f), max = Option("max_value", float.PositiveInfinity);
                string r = slope == 0f ? Unary("Relu") : _graph.Node("LeakyRelu", hint, new[] { x }, A.Float("alpha", slope));
                if (!float.IsPositiveInfinity(max)) r = _graph.Node("Min", hint + "_max", new[] { r, _graph.Scalar(hint + "_max_value", max) });
                _x = r;
                return;
            case "relu6":
                _x = _graph.Node("Clip", hint, new[] { x, _graph.Scalar(hint + "_min", 0f), _graph.Scalar(hint + "_max", 6f) });
                return;
            case "leaky_relu":
                _x = _graph.Node("LeakyRelu", hint, new[] { x }, A.Float("alpha", Option("negative_slope", 0.2f)));
                return;
            case "elu":
                _x = _graph.Node("Elu", hint, new[] { x }, A.Float("alpha", Option("alpha", 1f)));
                return;
            case "selu": _x = Unary("Selu"); return;
            case "sigmoid": _x = Unary("Sigmoid"); return;
            case "hard_sigmoid":
                _x = _graph.Node("HardSigmoid", hint, new[] { x }, A.Float("alpha", 1f / 6f), A.Float("beta", 0.5f));
                return;
            case "hard_silu": _x = Unary("HardSwish"); return;
            case "softplus": _x = Unary("Softplus"); return;
            case "softsign": _x = Unary("Softsign"); return;
            case "tanh": _x = Unary("Tanh"); return;
            case "exponential": _x = Unary("Exp"); return;
            case "softmax" or "log_softmax":
                _x = _graph.Node(name == "softmax" ? "Softmax" : "LogSoftmax", hint, new[] { x }, A.Int("axis", _nchw ? 1 : -1));
                return;
            case "silu":
                _x = _graph.Node("Mul", hint, new[] { x, _graph.Node("Sigmoid", hint + "_sigmoid", new[] { x }) });
                return;
            case "mish":
                string softplus = _graph.Node("Softplus", hint + "_softplus", new[] { x });
                _x = _graph.Node("Mul", hint, new[] { x, _graph.Node("Tanh", hint + "_tanh", new[] { softplus }) });
                return;
            case "gelu":
                _x = config.TryGetValue("approximate", out string? approximate) && approximate == "True" ? GeluTanh(x, hint) : GeluErf(x, hint);
                return;
            default:
                throw new NotSupportedException("ONNX export does not support activation '" + name + "' (layer '" + layer.Name + "').");
        }
    }

    /// <summary><c>0.5·x·(1 + erf(x/√2))</c>.</summary>
    private string GeluErf(string x, string hint)
    {
        string scaled = _graph.Node("Mul", hint + "_scaled", new[] { x, _graph.Scalar(hint + "_rsqrt2", (float)(1 / Math.Sqrt(2))) });
        string erf = _graph.Node("Erf", hint + "_erf", new[] { scaled });
        string onePlus = _graph.Node("Add", hint + "_1p", new[] { erf, _graph.Scalar(hint + "_one", 1f) });
        string half = _graph.Node("Mul", hint + "_half", new[] { x, _graph.Scalar(hint + "_0.5", 0.5f) });
        return _graph.Node("Mul", hint, new[] { half, onePlus });
    }

    /// <summary><c>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>.</summary>
    private string GeluTanh(string x, string hint)
    {
        string cube = _graph.Node("Mul", hint + "_x3", new[] { _graph.Node("Mul", hint + "_x2", new[] { x, x }), x });
        string inner = _graph.Node("Add", hint + "_inner", new[] { x, _graph.Node("Mul", hint + "_c3", new[] { cube, _graph.Scalar(hint + "_0.044715", 0.044715f) }) });
        string t = _graph.Node("Tanh", hint + "_tanh", new[] { _graph.Node("Mul", hint + "_scaled", new[] { inner, _graph.Scalar(hint + "_k", (float)Math.Sqrt(2 / Math.PI)) }) });
        string onePlus = _graph.Node("Add", hint + "_1p", new[] { t, _graph.Scalar(hint + "_one", 1f) });
        string half = _graph.Node("Mul", hint + "_half", new[] { x, _graph.Scalar(hint + "_0.5", 0.5f) });
        return _graph.Node("Mul", hint, new[] { half, onePlus });
    }

    // ---- helpers ----

    /// <summary>Keras' padding: "same" gives <c>ceil(n/s)</c> outputs, the odd pixel going bottom/right; "valid" none.</summary>
    private static (long Begin, long End) Padding(int size, int kernel, int stride, int dilation, bool same)
    {
        if (!same) return (0, 0);
        int output = (size + stride - 1) / stride;
        int effective = (kernel - 1) * dilation + 1;
        int total = Math.Max((output - 1) * stride + effective - size, 0);
        return (total / 2, total - total / 2);
    }

    private static (int, int) Pair(LayerInfo layer, string key)
    {
        string[] parts = layer.Config[key].Split(',');
        int first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return (first, parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first);
    }

    private WeightInfo Weight(string name) =>
        TryWeight(name) ?? throw new InvalidOperationException("ModelInfo has no weight '" + name + "'.");

    private WeightInfo? TryWeight(string name) => Array.Find(_info.Weights, w => w.Name == name);

    private ReadOnlySpan<float> Values(WeightInfo weight) =>
        (weight.Trainable ? _model.Parameters : _model.State).Slice(weight.Offset, weight.Length);

    /// <summary>A node's output: its per-sample Keras shape and its ONNX value in NHWC, NCHW or both.</summary>
    private sealed class Tensor(int[] shape)
    {
        public int[] Shape { get; } = shape;

        public string? Nhwc { get; set; }

        public string? Nchw { get; set; }
    }

    private static float[] Filled(int length, float value)
    {
        var a = new float[length];
        Array.Fill(a, value);
        return a;
    }
}
