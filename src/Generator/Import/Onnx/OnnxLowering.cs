using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// An ONNX graph → GenNet layers, for graphs that are a chain (each node reads the one before; Sequential). Images are
/// NCHW in ONNX and NHWC in GenNet: convolution kernels are transposed to Keras' [kh, kw, in, out], and the Dense after
/// a Flatten of an NCHW value gets its kernel rows re-ordered, so the imported model computes the same function on NHWC
/// input. Anything else is an <see cref="ImportProblem"/> naming the node, op, attribute and value.
/// </summary>
internal sealed class OnnxLowering
{
    public const int MinOpset = 13;
    public const int MaxOpset = 21;

    private readonly OnnxModel _model;
    private readonly Dictionary<string, OnnxTensor> _constants;
    private readonly Dictionary<string, int> _readers = new(StringComparer.Ordinal);
    private readonly List<LayerDeclaration> _layers = new();
    private readonly List<Dictionary<string, float[]>> _weights = new();

    // The value the next layer reads, its per-sample GenNet shape, and how ONNX sees it.
    private string _current = "";
    private int[] _shape = Array.Empty<int>();
    private bool _channelsFirst;           // ONNX holds it as (C, H, W); GenNet as (H, W, C)
    private bool _spatialOnes;             // ONNX (C, 1, 1) after a global pool; GenNet (C)
    private (int C, int H, int W)? _flattenedChw; // flattened in ONNX's (c, h, w) order; GenNet flattened (h, w, c)
    private string? _lastLayerOutput;      // the ONNX value the last layer wrote (activation fusion reads it)

    private OnnxLowering(OnnxModel model)
    {
        _model = model;
        _constants = new Dictionary<string, OnnxTensor>(model.Graph.Initializers, StringComparer.Ordinal);
    }

    public static ImportedModel Lower(OnnxModel model) => new OnnxLowering(model).Run();

    private ImportedModel Run()
    {
        if (_model.Opset < MinOpset || _model.Opset > MaxOpset)
        {
            throw new ImportProblem(Descriptors.OnnxOpset, _model.Opset == 0 ? "none" : _model.Opset.ToString(CultureInfo.InvariantCulture),
                $"{MinOpset}–{MaxOpset}");
        }
        OnnxGraph graph = _model.Graph;
        foreach (OnnxNode node in graph.Nodes)
        {
            foreach (string read in node.Inputs.Where(i => i.Length > 0)) _readers[read] = _readers.TryGetValue(read, out int n) ? n + 1 : 1;
        }

        var inputs = graph.Inputs.Where(i => !_constants.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1 || graph.Outputs.Count != 1)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, "the graph",
                $"{inputs.Count} input(s) and {graph.Outputs.Count} output(s)", "one input and one output (a chain of layers, as [Sequential] declares)");
        }
        int[] input = InputShape(inputs[0]);

        foreach (OnnxNode node in graph.Nodes)
        {
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), $"{node.Domain}.{node.OpType}", "an op of the default ai.onnx domain");
            }
            if (node.OpType == "Constant")
            {
                Constant(node);
                continue;
            }
            Lower(node);
        }

        string output = graph.Outputs[0].Name;
        if (output != _current)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"output '{output}'", "an output that is not the last layer's",
                "a chain whose last node writes the graph output");
        }
        if (_layers.Count == 0) throw new ImportProblem(Descriptors.OnnxGraphShape, "the graph", "no layers", "at least one layer");
        return new ImportedModel(input, _layers, _weights, _layers.Select(OnnxAttributeText.Of).ToList());
    }

    private int[] InputShape(OnnxValue value)
    {
        if (!value.HasShape || value.Dims.Count < 2)
        {
            throw new ImportProblem(Descriptors.OnnxDynamicShape, $"input '{value.Name}'", "no fixed shape", "(batch, features) or (batch, channels, height, width)");
        }
        if (value.ElementType != OnnxTensor.Float)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedAttribute, $"input '{value.Name}'", "graph input", "elem_type",
                value.ElementType.ToString(CultureInfo.InvariantCulture), "1 (float32)");
        }
        var dims = new int[value.Dims.Count - 1];
        for (int axis = 1; axis < value.Dims.Count; axis++)
        {
            long? d = value.Dims[axis];
            if (d is null or <= 0 or > int.MaxValue)
            {
                string found = value.DimNames[axis].Length > 0 ? $"'{value.DimNames[axis]}'" : d?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
                throw new ImportProblem(Descriptors.OnnxDynamicShape, $"input '{value.Name}'", $"axis {axis} is {found}",
                    "a fixed size on every axis but the batch (export with a fixed example shape; only axis 0 may be dynamic)");
            }
            dims[axis - 1] = (int)d;
        }
        _current = value.Name;
        if (dims.Length == 3)
        {
            _channelsFirst = true;
            _shape = new[] { dims[1], dims[2], dims[0] };
        }
        else if (dims.Length <= 2) _shape = dims;
        else
        {
            throw new ImportProblem(Descriptors.OnnxDynamicShape, $"input '{value.Name}'", $"rank {value.Dims.Count}",
                "(batch, features), (batch, steps, features) or (batch, channels, height, width)");
        }
        return _shape;
    }

    private void Constant(OnnxNode node)
    {
        if (!node.Attributes.TryGetValue("value", out OnnxAttribute? value) || value.Tensor is null)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedAttribute, node.Describe(), "Constant", string.Join(", ", node.Attributes.Keys),
                "(set)", "value (a tensor)");
        }
        _constants[node.Outputs[0]] = value.Tensor;
    }

    private void Lower(OnnxNode node)
    {
        string op = node.OpType;
        switch (op)
        {
            case "Identity":
                Chain(node);
                return;
            case "Dropout":
                Chain(node);
                float ratio = node.Inputs.Count > 1 && node.Inputs[1].Length > 0 ? Floats(node, 1)[0] : 0.5f;
                Add(new DropoutDeclaration(Shortest(ratio), null), null);
                _lastLayerOutput = node.Outputs[0];
                return;
            case "Gemm":
                Gemm(node);
                return;
            case "MatMul":
                MatMul(node);
                return;
            case "Add":
                BiasAdd(node);
                return;
            case "Flatten":
                Flatten(node, Int(node, "axis", 1));
                return;
            case "Reshape":
                Reshape(node);
                return;
            case "Conv":
                Conv(node);
                return;
            case "MaxPool":
            case "AveragePool":
                Pool(node);
                return;
            case "GlobalAveragePool":
                GlobalAveragePool(node);
                return;
            case "BatchNormalization":
                BatchNormalization(node);
                return;
            case "Pad":
                Pad(node);
                return;
        }
        string? activation = OnnxActivations.Keras(node, _constants);
        if (activation is null)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), op, OnnxActivations.Supported);
        }
        Activation(node, activation);
    }

    /// <summary>The node reads the current value (its first input) and becomes the current value itself.</summary>
    private void Chain(OnnxNode node)
    {
        if (node.Inputs.Count == 0 || node.Inputs[0] != _current)
        {
            string read = node.Inputs.Count == 0 ? "nothing" : $"'{node.Inputs[0]}'";
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"reads {read}, not the previous layer's output '{_current}'",
                "a chain in which each node reads the one before it (graphs with branches need [Functional], which the import does not write yet)");
        }
        _current = node.Outputs[0];
    }

    private void Add(LayerDeclaration layer, Dictionary<string, float[]>? weights)
    {
        _layers.Add(layer);
        _weights.Add(weights ?? new Dictionary<string, float[]>(StringComparer.Ordinal));
    }

    private void Gemm(OnnxNode node)
    {
        Chain(node);
        RequireFlat(node);
        if (Float(node, "alpha", 1) != 1 || Float(node, "beta", 1) != 1 || Int(node, "transA", 0) != 0)
        {
            string attribute = Float(node, "alpha", 1) != 1 ? "alpha" : Float(node, "beta", 1) != 1 ? "beta" : "transA";
            throw Unsupported(node, attribute, "alpha = 1, beta = 1, transA = 0 (a Dense layer)");
        }
        bool transB = Int(node, "transB", 0) != 0;
        OnnxTensor b = ConstantInput(node, 1, "the weight matrix B");
        RequireRank(node, b, 2);
        int units = (int)(transB ? b.Dims[0] : b.Dims[1]);
        int inputs = (int)(transB ? b.Dims[1] : b.Dims[0]);
        float[] kernel = transB ? Transpose(b.Floats, units, inputs) : b.Floats;
        float[]? bias = null;
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            OnnxTensor c = ConstantInput(node, 2, "the bias C");
            if (c.ElementCount != units) throw Unsupported(node, "C", $"a bias of {units} values (one per output), not a broadcast of dims [{string.Join(", ", c.Dims)}]");
            bias = c.Floats;
        }
        AddDense(node, inputs, units, kernel, bias);
    }

    private void MatMul(OnnxNode node)
    {
        Chain(node);
        RequireFlat(node);
        OnnxTensor b = ConstantInput(node, 1, "the weight matrix");
        RequireRank(node, b, 2);
        AddDense(node, (int)b.Dims[0], (int)b.Dims[1], b.Floats, null);
    }

    private void AddDense(OnnxNode node, int inputs, int units, float[] kernel, float[]? bias)
    {
        int size = _shape[0];
        if (inputs != size)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"a weight matrix for {inputs} inputs",
                $"{size} inputs, the size of '{node.Inputs[0]}'");
        }
        if (_flattenedChw is { } chw) kernel = ChwRowsToHwc(kernel, chw, units);
        _flattenedChw = null;
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        if (bias is not null) weights["bias"] = bias;
        Add(new DenseDeclaration(units, null, bias is not null, null, null, null), weights);
        _shape = new[] { units };
        _lastLayerOutput = node.Outputs[0];
    }

    /// <summary>MatMul's bias: <c>Add(matmul, constant)</c> right after a Dense without one.</summary>
    private void BiasAdd(OnnxNode node)
    {
        int constant = node.Inputs.FindIndex(i => _constants.ContainsKey(i));
        int data = 1 - constant;
        bool afterBiaslessDense = _layers.Count > 0 && _layers[_layers.Count - 1] is DenseDeclaration { UseBias: false, Activation: null } &&
            node.Inputs.Count == 2 && constant >= 0 && node.Inputs[data] == _current && _current == _lastLayerOutput;
        if (!afterBiaslessDense)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), "Add",
                "Add of a constant bias right after MatMul (adding two computed values is a residual connection: [Functional] with [Add], which the import does not write yet)");
        }
        var dense = (DenseDeclaration)_layers[_layers.Count - 1];
        OnnxTensor bias = _constants[node.Inputs[constant]];
        if (bias.ElementCount != dense.Units || bias.DataType != OnnxTensor.Float)
        {
            throw Unsupported(node, "B", $"a float bias of {dense.Units} values, one per output (found dims [{string.Join(", ", bias.Dims)}])");
        }
        _current = node.Outputs[0];
        _layers[_layers.Count - 1] = dense with { UseBias = true };
        _weights[_weights.Count - 1]["bias"] = bias.Floats;
        _lastLayerOutput = _current;
    }

    private void Activation(OnnxNode node, string activation)
    {
        Chain(node);
        if (node.OpType is "Softmax" or "LogSoftmax")
        {
            int rank = _shape.Length + 1;
            long axis = Int(node, "axis", -1);
            if (axis < 0) axis += rank;
            if (axis != rank - 1 || _channelsFirst || _spatialOnes)
            {
                throw Unsupported(node, "axis", $"the last axis of a (batch, features) value, which is GenNet's channel axis");
            }
        }
        int last = _layers.Count - 1;
        bool fuses = last >= 0 && node.Inputs[0] == _lastLayerOutput && _readers[node.Inputs[0]] == 1;
        if (fuses && _layers[last] is DenseDeclaration { Activation: null } dense) _layers[last] = dense with { Activation = activation };
        else if (fuses && _layers[last] is Conv2DDeclaration { Activation: null } conv) _layers[last] = conv with { Activation = activation };
        else Add(new ActivationDeclaration(activation, ActivationOptions.None, null), null);
        _lastLayerOutput = _current;
    }

    private void Flatten(OnnxNode node, long axis)
    {
        Chain(node);
        if (axis != 1) throw Unsupported(node, "axis", "1 (keep the batch axis, flatten the rest)");
        FlattenCurrent();
    }

    private void FlattenCurrent()
    {
        if (_spatialOnes)
        {
            _spatialOnes = false; // (C, 1, 1) flattens to (C) in either order: nothing to do
            return;
        }
        if (_shape.Length == 1) return;
        if (_channelsFirst) _flattenedChw = (_shape[2], _shape[0], _shape[1]);
        _channelsFirst = false;
        Add(new FlattenDeclaration(null), null);
        _shape = new[] { _shape.Aggregate(1, (a, d) => a * d) };
    }

    /// <summary>Only the flattening Reshape, <c>[-1 | 0 | batch, size]</c> (what <c>x.view(n, -1)</c> exports to with a constant shape).</summary>
    private void Reshape(OnnxNode node)
    {
        Chain(node);
        OnnxTensor target = ConstantInput(node, 1, "the target shape");
        int size = _shape.Aggregate(1, (a, d) => a * d);
        long[] shape = target.Longs;
        bool flattens = shape.Length == 2 && (shape[1] == size ? shape[0] >= -1 : shape[1] == -1 && shape[0] >= 0);
        if (!flattens)
        {
            throw Unsupported(node, "shape", $"[-1, {size}] or [0, -1] (a flatten; other reshapes are not imported yet)", $"[{string.Join(", ", shape)}]");
        }
        FlattenCurrent();
    }

    /// <summary>
    /// Only a Pad that adds nothing (PyTorch writes one before AveragePool even without padding); real padding needs
    /// ZeroPadding2D, which the import does not write yet.
    /// </summary>
    private void Pad(OnnxNode node)
    {
        Chain(node);
        OnnxTensor pads = ConstantInput(node, 1, "the pads");
        if (pads.Longs.Any(p => p != 0)) throw Unsupported(node, "pads", "all zeros (other padding is not imported yet)", $"[{string.Join(", ", pads.Longs)}]");
    }

    private void Conv(OnnxNode node)
    {
        Chain(node);
        RequireImage(node);
        if (Int(node, "group", 1) != 1) throw Unsupported(node, "group", "1 (grouped and depthwise convolutions are not imported yet)");
        OnnxTensor w = ConstantInput(node, 1, "the weights W");
        RequireRank(node, w, 4);
        int filters = (int)w.Dims[0], channels = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        if (channels != _shape[2])
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {channels} input channels",
                $"{_shape[2]} channels, those of '{node.Inputs[0]}'");
        }
        int stride = Square(node, "strides", 1);
        int dilation = Square(node, "dilations", 1);
        string padding = Padding(node, kh, kw, stride, dilation);

        // ONNX W[o][i][y][x] → Keras kernel[y][x][i][o].
        var kernel = new float[w.Floats.Length];
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < channels; i++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                        kernel[((y * kw + x) * channels + i) * filters + o] = w.Floats[((o * channels + i) * kh + y) * kw + x];
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;

        Add(new Conv2DDeclaration(filters, kh, kw, kh == kw ? "kernelSize" : "kernelHeight", stride, padding, dilation, null, useBias, null, null, null), weights);
        _shape = new[] { OutputSize(_shape[0], kh, stride, dilation, padding), OutputSize(_shape[1], kw, stride, dilation, padding), filters };
        _lastLayerOutput = node.Outputs[0];
    }

    private void Pool(OnnxNode node)
    {
        Chain(node);
        RequireImage(node);
        List<long> kernelShape = node.Attributes.TryGetValue("kernel_shape", out OnnxAttribute? k) ? k.Ints : new List<long>();
        if (kernelShape.Count != 2) throw Unsupported(node, "kernel_shape", "two sizes (a 2-D pool)");
        int ph = (int)kernelShape[0], pw = (int)kernelShape[1];
        int stride = Square(node, "strides", 1);
        if (Square(node, "dilations", 1) != 1) throw Unsupported(node, "dilations", "1");
        string padding = Padding(node, ph, pw, stride, 1);
        if (Int(node, "ceil_mode", 0) != 0 &&
            (OutputSize(_shape[0], ph, stride, 1, padding) != CeilOutput(_shape[0], ph, stride) || OutputSize(_shape[1], pw, stride, 1, padding) != CeilOutput(_shape[1], pw, stride)))
        {
            throw Unsupported(node, "ceil_mode", "0 (or a size where rounding up changes nothing)");
        }
        if (node.OpType == "AveragePool" && padding == PaddingNames.Same && Int(node, "count_include_pad", 0) != 0)
        {
            throw Unsupported(node, "count_include_pad", "0 (Keras' 'same' average counts only real cells)");
        }
        LayerDeclaration layer = node.OpType == "MaxPool"
            ? new MaxPooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", stride, padding, null)
            : new AveragePooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", stride, padding, null);
        Add(layer, null);
        _shape = new[] { OutputSize(_shape[0], ph, stride, 1, padding), OutputSize(_shape[1], pw, stride, 1, padding), _shape[2] };
        _lastLayerOutput = node.Outputs[0];
    }

    private void GlobalAveragePool(OnnxNode node)
    {
        Chain(node);
        RequireImage(node);
        Add(new GlobalAveragePooling2DDeclaration(null), null);
        _shape = new[] { _shape[2] };
        _channelsFirst = false;
        _spatialOnes = true;
        _lastLayerOutput = node.Outputs[0];
    }

    private void BatchNormalization(OnnxNode node)
    {
        Chain(node);
        if (Int(node, "training_mode", 0) != 0) throw Unsupported(node, "training_mode", "0 (an inference graph)");
        if (node.Outputs.Count(o => o.Length > 0) > 1) throw Unsupported(node, "outputs", "one output (an inference graph)");
        int channels = _shape[_shape.Length - 1];
        string[] names = { "gamma", "beta", "moving_mean", "moving_variance" };
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < 4; i++)
        {
            OnnxTensor t = ConstantInput(node, i + 1, names[i]);
            if (t.ElementCount != channels) throw Unsupported(node, names[i], $"{channels} values, one per channel");
            weights[names[i]] = t.Floats;
        }
        // ONNX's momentum is Keras' (the share of the old running value); its default is 0.9.
        Add(new BatchNormalizationDeclaration(Shortest(Float(node, "momentum", 0.9f)), Shortest(Float(node, "epsilon", 1e-5f)), true, true, null), weights);
        _lastLayerOutput = node.Outputs[0];
    }

    private string Padding(OnnxNode node, int kh, int kw, int stride, int dilation)
    {
        string autoPad = node.Attributes.TryGetValue("auto_pad", out OnnxAttribute? a) ? a.String ?? "NOTSET" : "NOTSET";
        if (autoPad == "VALID") return PaddingNames.Valid;
        if (autoPad == "SAME_UPPER") return PaddingNames.Same;
        if (autoPad != "NOTSET") throw Unsupported(node, "auto_pad", "NOTSET, VALID or SAME_UPPER (Keras' 'same' puts the odd extra cell after)");
        List<long> pads = node.Attributes.TryGetValue("pads", out OnnxAttribute? p) ? p.Ints : new List<long>();
        if (pads.Count == 0 || pads.All(v => v == 0)) return PaddingNames.Valid;
        if (pads.Count == 4 && pads[0] == SameBefore(_shape[0], kh, stride, dilation) && pads[1] == SameBefore(_shape[1], kw, stride, dilation) &&
            pads[2] == SameAfter(_shape[0], kh, stride, dilation) && pads[3] == SameAfter(_shape[1], kw, stride, dilation))
        {
            return PaddingNames.Same;
        }
        throw Unsupported(node, "pads",
            $"all zeros ('valid') or [{SameBefore(_shape[0], kh, stride, dilation)}, {SameBefore(_shape[1], kw, stride, dilation)}, " +
            $"{SameAfter(_shape[0], kh, stride, dilation)}, {SameAfter(_shape[1], kw, stride, dilation)}] ('same' here; other paddings need ZeroPadding2D, not imported yet)");
    }

    private static int SameTotal(int size, int k, int stride, int dilation)
    {
        int output = (size + stride - 1) / stride;
        return Math.Max((output - 1) * stride + (k - 1) * dilation + 1 - size, 0);
    }

    private static int SameBefore(int size, int k, int stride, int dilation) => SameTotal(size, k, stride, dilation) / 2;

    private static int SameAfter(int size, int k, int stride, int dilation) => SameTotal(size, k, stride, dilation) - SameBefore(size, k, stride, dilation);

    private static int OutputSize(int size, int k, int stride, int dilation, string padding) =>
        padding == PaddingNames.Same ? (size + stride - 1) / stride : Math.Max((size - (k - 1) * dilation - 1) / stride + 1, 0);

    private static int CeilOutput(int size, int k, int stride) => (size - k + stride - 1) / stride + 1;

    private int Square(OnnxNode node, string attribute, int fallback)
    {
        if (!node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) || a.Ints.Count == 0) return fallback;
        if (a.Ints.Count != 2 || a.Ints[0] != a.Ints[1] || a.Ints[0] < 1 || a.Ints[0] > 1024)
        {
            throw Unsupported(node, attribute, "the same positive value on both axes (per-axis values are not imported yet)");
        }
        return (int)a.Ints[0];
    }

    private void RequireFlat(OnnxNode node)
    {
        if (_shape.Length != 1 || _spatialOnes || _channelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of rank {_shape.Length + 1}", "(batch, features): a Flatten before it");
        }
    }

    private void RequireImage(OnnxNode node)
    {
        if (!_channelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of GenNet shape ({string.Join(", ", _shape)})",
                "(batch, channels, height, width)");
        }
    }

    private static void RequireRank(OnnxNode node, OnnxTensor tensor, int rank)
    {
        if (tensor.Dims.Count != rank || tensor.Dims.Any(d => d <= 0))
        {
            throw Unsupported(node, tensor.Name, $"a weight of rank {rank}", $"dims [{string.Join(", ", tensor.Dims)}]");
        }
    }

    private OnnxTensor ConstantInput(OnnxNode node, int index, string what)
    {
        if (node.Inputs.Count <= index || !_constants.TryGetValue(node.Inputs[index], out OnnxTensor? tensor))
        {
            string name = node.Inputs.Count > index ? $"'{node.Inputs[index]}'" : "missing";
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"{what} {name} is computed, not a constant",
                $"{what} as an initializer (export with do_constant_folding=True)");
        }
        if (tensor.IsExternal) throw Unsupported(node, tensor.Name, "data stored in the .onnx file itself", "external data");
        bool integers = what is "the target shape" or "the pads";
        if (tensor.DataType != (integers ? OnnxTensor.Int64 : OnnxTensor.Float))
        {
            throw Unsupported(node, tensor.Name, integers ? "int64 (data_type 7)" : "float32 (data_type 1)", $"data_type {tensor.DataType}");
        }
        return tensor;
    }

    private float[] Floats(OnnxNode node, int index) => ConstantInput(node, index, "the ratio").Floats;

    private static long Int(OnnxNode node, string name, long fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Int is { } v ? v : fallback;

    private static float Float(OnnxNode node, string name, float fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Float is { } v ? v : fallback;

    /// <summary>The double a float was written as (0.9f → 0.9, not 0.899999976…): what the exporter's user typed.</summary>
    private static double Shortest(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static ImportProblem Unsupported(OnnxNode node, string attribute, string supported, string? found = null)
    {
        string value = found ?? (node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) ? a.Describe() : "(its default)");
        return new ImportProblem(Descriptors.OnnxUnsupportedAttribute, node.Describe(), node.OpType, attribute, value, supported);
    }

    private static float[] Transpose(float[] m, int rows, int columns)
    {
        var t = new float[m.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                t[c * rows + r] = m[r * columns + c];
        return t;
    }

    /// <summary>Kernel rows in ONNX's flatten order (c, h, w) → GenNet's (h, w, c): row (h·W + w)·C + c takes row (c·H + h)·W + w.</summary>
    private static float[] ChwRowsToHwc(float[] kernel, (int C, int H, int W) chw, int units)
    {
        var reordered = new float[kernel.Length];
        for (int c = 0; c < chw.C; c++)
            for (int h = 0; h < chw.H; h++)
                for (int w = 0; w < chw.W; w++)
                    Array.Copy(kernel, ((c * chw.H + h) * chw.W + w) * units, reordered, ((h * chw.W + w) * chw.C + c) * units, units);
        return reordered;
    }
}
