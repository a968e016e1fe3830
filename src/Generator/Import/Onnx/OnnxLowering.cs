using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// An ONNX graph → GenNet layers: a chain becomes a [Sequential] stack, a graph with branches and merges (residual Add,
/// Concat) a [Functional] one, its layers wired by their Keras names. Images are
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

    private readonly Dictionary<string, OnnxValueState> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameCounters = new(StringComparer.Ordinal);
    private readonly List<string> _names = new();

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
        if (_layers.Count == 0 || !_values.TryGetValue(output, out OnnxValueState? last) || last.Layer < 0)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"output '{output}'", "no layer computing it", "a graph whose output a layer computes");
        }
        if (last.Layer != _layers.Count - 1)
        {
            // The output layer must come last: Keras' (and GenNet's) Functional output is named; a chain's is its last layer.
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"output '{output}'", $"its layer '{_names[last.Layer]}' before other layers",
                "a graph whose output is computed by its last node");
        }
        if (last.ChannelsFirst && last.Shape.Length == 3 && last.Shape[0] * last.Shape[1] > 1)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"output '{output}'", "an NCHW image as the output",
                "an output of shape (batch, features) (GenNet's images are NHWC, so an image output would change layout)");
        }
        bool functional = _layers.Any(l => l.From.Count > 0);
        return new ImportedModel(input, _layers, _weights, _layers.Select(OnnxAttributeText.Of).ToList(), functional);
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
        int[] shape;
        if (dims.Length == 3) shape = new[] { dims[1], dims[2], dims[0] };
        else if (dims.Length <= 2) shape = dims;
        else
        {
            throw new ImportProblem(Descriptors.OnnxDynamicShape, $"input '{value.Name}'", $"rank {value.Dims.Count}",
                "(batch, features), (batch, steps, features) or (batch, channels, height, width)");
        }
        _values[value.Name] = new OnnxValueState(-1, shape) { ChannelsFirst = dims.Length == 3 };
        return shape;
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
                Alias(node, Read(node));
                return;
            case "Dropout":
                float ratio = node.Inputs.Count > 1 && node.Inputs[1].Length > 0 ? ConstantInput(node, 1, "the ratio").Floats[0] : 0.5f;
                Layer(node, new DropoutDeclaration(Shortest(ratio), null), null, Read(node).Shape, like: Read(node));
                return;
            case "Gemm": Gemm(node); return;
            case "MatMul": MatMul(node); return;
            case "Add":
            case "Sub":
            case "Mul":
            case "Max":
            case "Min":
                Elementwise(node);
                return;
            case "Concat": Concat(node); return;
            case "Flatten":
                if (Int(node, "axis", 1) != 1) throw Unsupported(node, "axis", "1 (keep the batch axis, flatten the rest)");
                Flatten(node, Read(node));
                return;
            case "Reshape": Reshape(node); return;
            case "Conv": Conv(node); return;
            case "MaxPool":
            case "AveragePool":
                Pool(node);
                return;
            case "GlobalAveragePool": GlobalAveragePool(node); return;
            case "BatchNormalization": BatchNormalization(node); return;
            case "Pad": Pad(node); return;
            case "Resize": Resize(node); return;
            case "Slice": Slice(node); return;
            case "PRelu": PRelu(node); return;
            case "LeakyRelu" when !OnnxActivations.IsKerasDefault(node):
                LayerAfter(node, new LeakyReLUDeclaration(Shortest(Float(node, "alpha", 0.01f)), null));
                return;
            case "Clip" when OnnxActivations.Keras(node, _constants) is null && OnnxActivations.ReluCap(node, _constants) is { } cap:
                LayerAfter(node, new ReLUDeclaration(Shortest(cap), 0, 0, null));
                return;
            case "Softmax" when SoftmaxAxis(node, Read(node)) is { } axis and not -1:
                LayerAfter(node, new SoftmaxDeclaration(axis, null));
                return;
        }
        string? activation = OnnxActivations.Keras(node, _constants);
        if (activation is null) throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), op, OnnxActivations.Supported);
        Activation(node, activation);
    }

    /// <summary>The computed value the node reads as its input <paramref name="index"/> (not a constant).</summary>
    private OnnxValueState Read(OnnxNode node, int index = 0)
    {
        if (node.Inputs.Count > index && _values.TryGetValue(node.Inputs[index], out OnnxValueState? state)) return state;
        string read = node.Inputs.Count > index ? $"'{node.Inputs[index]}'" : "nothing";
        throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"input {index} {read}, which no earlier node computes",
            "graphs in topological order whose data inputs are computed values (weights as initializers)");
    }

    /// <summary>The node changes nothing GenNet holds: its output is its input's value.</summary>
    private void Alias(OnnxNode node, OnnxValueState state) => _values[node.Outputs[0]] = state;

    /// <summary>Adds a layer reading <paramref name="inputs"/>, named as Keras names it, and registers its output value.</summary>
    private OnnxValueState Layer(OnnxNode node, LayerDeclaration layer, Dictionary<string, float[]>? weights, int[] shape,
        OnnxValueState? like = null, params OnnxValueState[] inputs)
    {
        if (inputs.Length == 0) inputs = new[] { Read(node) };
        // From only where the layer does not read the one before it, so a chain stays a plain [Sequential] stack.
        bool readsPrevious = inputs.Length == 1 && inputs[0].Layer == _layers.Count - 1 && !layer.IsMerge;
        if (!readsPrevious) layer = layer with { From = inputs.Select(NameOf).ToEquatableArray() };
        _layers.Add(layer);
        _weights.Add(weights ?? new Dictionary<string, float[]>(StringComparer.Ordinal));
        _nameCounters.TryGetValue(layer.DefaultName, out int n);
        _nameCounters[layer.DefaultName] = n + 1;
        _names.Add(n == 0 ? layer.DefaultName : $"{layer.DefaultName}_{n.ToString(CultureInfo.InvariantCulture)}");
        var state = new OnnxValueState(_layers.Count - 1, shape)
        {
            ChannelsFirst = like?.ChannelsFirst ?? false,
            SpatialOnes = like?.SpatialOnes ?? false,
            FlattenedChw = like?.FlattenedChw,
        };
        _values[node.Outputs[0]] = state;
        return state;
    }

    /// <summary>A shape-keeping layer on the node's input (activation layers).</summary>
    private void LayerAfter(OnnxNode node, LayerDeclaration layer)
    {
        OnnxValueState x = Read(node);
        Layer(node, layer, null, x.Shape, like: x);
    }

    private string NameOf(OnnxValueState state) => state.Layer < 0 ? ModelDeclaration.InputName : _names[state.Layer];

    private void Gemm(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireFlat(node, x);
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
        AddDense(node, x, inputs, units, kernel, bias);
    }

    private void MatMul(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireFlat(node, x);
        OnnxTensor b = ConstantInput(node, 1, "the weight matrix");
        RequireRank(node, b, 2);
        AddDense(node, x, (int)b.Dims[0], (int)b.Dims[1], b.Floats, null);
    }

    private void AddDense(OnnxNode node, OnnxValueState x, int inputs, int units, float[] kernel, float[]? bias)
    {
        if (inputs != x.Shape[0])
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"a weight matrix for {inputs} inputs",
                $"{x.Shape[0]} inputs, the size of '{node.Inputs[0]}'");
        }
        if (x.FlattenedChw is { } chw) kernel = ChwRowsToHwc(kernel, chw, units);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        if (bias is not null) weights["bias"] = bias;
        Layer(node, new DenseDeclaration(units, null, bias is not null, null, null, null), weights, new[] { units }, inputs: x);
    }

    /// <summary>
    /// Add/Sub/Mul/Max/Min. With a constant operand only MatMul's bias is imported (<c>Add(matmul, b)</c> right after a
    /// Dense without one); with two computed operands of one shape, the Keras merge layer of the same name.
    /// </summary>
    private void Elementwise(OnnxNode node)
    {
        int constant = node.Inputs.FindIndex(i => _constants.ContainsKey(i));
        if (constant >= 0)
        {
            OnnxValueState x = Read(node, 1 - constant);
            bool bias = node.OpType == "Add" && node.Inputs.Count == 2 && x.Layer >= 0 && x.Layer == _layers.Count - 1 &&
                _layers[x.Layer] is DenseDeclaration { UseBias: false, Activation: null } && _readers[node.Inputs[1 - constant]] == 1;
            if (!bias)
            {
                throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), $"{node.OpType} with a constant",
                    "Add of a constant bias right after MatMul; Add/Sub/Mul/Max/Min of computed values of one shape");
            }
            var dense = (DenseDeclaration)_layers[x.Layer];
            OnnxTensor b = _constants[node.Inputs[constant]];
            if (b.ElementCount != dense.Units || b.DataType != OnnxTensor.Float)
            {
                throw Unsupported(node, "B", $"a float bias of {dense.Units} values, one per output (found dims [{string.Join(", ", b.Dims)}])");
            }
            _layers[x.Layer] = dense with { UseBias = true };
            _weights[x.Layer]["bias"] = b.Floats;
            Alias(node, x);
            return;
        }
        var inputs = node.Inputs.Select((_, i) => Read(node, i)).ToArray();
        OnnxValueState first = inputs[0];
        if (inputs.Any(v => !v.Shape.SequenceEqual(first.Shape) || v.ChannelsFirst != first.ChannelsFirst || v.FlattenedChw != first.FlattenedChw))
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "operands of different shapes (a broadcast)",
                "operands of one shape, as Keras' merge layers take");
        }
        LayerDeclaration merge = node.OpType switch
        {
            "Add" => new AddDeclaration(null),
            "Sub" => new SubtractDeclaration(null),
            "Mul" => new MultiplyDeclaration(null),
            "Max" => new ExtremumDeclaration(ExtremumDeclaration.Maximum.KerasName, null),
            _ => new ExtremumDeclaration(ExtremumDeclaration.Minimum.KerasName, null),
        };
        Layer(node, merge, null, first.Shape, like: first, inputs: inputs);
    }

    /// <summary>Concat of computed values along the features (flat) or channels (images: ONNX axis 1, GenNet's last).</summary>
    private void Concat(OnnxNode node)
    {
        var inputs = node.Inputs.Select((_, i) => Read(node, i)).ToArray();
        OnnxValueState first = inputs[0];
        long axis = Int(node, "axis", 1);
        int rank = first.Shape.Length + 1;
        if (axis < 0) axis += rank;
        bool channels = (first.ChannelsFirst && axis == 1) || (!first.ChannelsFirst && !first.SpatialOnes && axis == rank - 1);
        if (!channels || first.FlattenedChw is not null)
        {
            throw Unsupported(node, "axis", "the channel axis (1 on NCHW images) or the last axis of (batch, features)");
        }
        int[] others(int[] s) => s.Take(s.Length - 1).ToArray();
        if (inputs.Any(v => v.ChannelsFirst != first.ChannelsFirst || !others(v.Shape).SequenceEqual(others(first.Shape)) || v.FlattenedChw is not null))
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "operands whose other axes differ", "operands equal but for the concatenated axis");
        }
        int[] shape = others(first.Shape).Concat(new[] { inputs.Sum(v => v.Shape[v.Shape.Length - 1]) }).ToArray();
        Layer(node, new ConcatenateDeclaration(-1, null), null, shape, like: first, inputs: inputs);
    }

    private void Activation(OnnxNode node, string activation)
    {
        OnnxValueState x = Read(node);
        if (node.OpType is "Softmax" or "LogSoftmax" && SoftmaxAxis(node, x) != -1)
        {
            throw Unsupported(node, "axis", "the channel axis (log_softmax: the last axis of a (batch, features) value)");
        }
        // Fused into the layer that computed the input when nothing else reads that value and the layer has no activation.
        bool fuses = x.Layer >= 0 && _readers[node.Inputs[0]] == 1 && _values.Count(v => v.Value == x) == 1;
        if (fuses && _layers[x.Layer] is DenseDeclaration { Activation: null } dense)
        {
            _layers[x.Layer] = dense with { Activation = activation };
            Alias(node, x);
        }
        else if (fuses && _layers[x.Layer] is Conv2DDeclaration { Activation: null } conv)
        {
            _layers[x.Layer] = conv with { Activation = activation };
            Alias(node, x);
        }
        else Layer(node, new ActivationDeclaration(activation, ActivationOptions.None, null), null, x.Shape, like: x);
    }

    /// <summary>Keras' Softmax axis for the node (−1 for GenNet's channel/feature axis), or null when it has none.</summary>
    private static int? SoftmaxAxis(OnnxNode node, OnnxValueState x)
    {
        int rank = x.Shape.Length + 1;
        long axis = Int(node, "axis", -1);
        if (axis < 0) axis += rank;
        if (axis <= 0 || axis >= rank) return null;
        if (x.SpatialOnes) return axis == 1 ? -1 : null;
        if (!x.ChannelsFirst) return axis == rank - 1 ? -1 : (int)axis;
        // NCHW axis → NHWC: C (1) is the last, H (2) is 1, W (3) is 2.
        return axis == 1 ? -1 : (int)axis - 1;
    }

    private void Flatten(OnnxNode node, OnnxValueState x)
    {
        if (x.SpatialOnes)
        {
            // (C, 1, 1) flattens to (C) in either order: nothing to do.
            Alias(node, new OnnxValueState(x.Layer, x.Shape));
            return;
        }
        if (x.Shape.Length == 1)
        {
            Alias(node, x);
            return;
        }
        var flattened = Layer(node, new FlattenDeclaration(null), null, new[] { x.Shape.Aggregate(1, (a, d) => a * d) });
        if (x.ChannelsFirst) flattened.FlattenedChw = (x.Shape[2], x.Shape[0], x.Shape[1]);
    }

    /// <summary>Only the flattening Reshape, <c>[-1 | 0 | batch, size]</c> (what <c>x.view(n, -1)</c> exports to with a constant shape).</summary>
    private void Reshape(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor target = ConstantInput(node, 1, "the target shape");
        int size = x.Shape.Aggregate(1, (a, d) => a * d);
        long[] shape = target.Longs;
        bool flattens = shape.Length == 2 && (shape[1] == size ? shape[0] >= -1 : shape[1] == -1 && shape[0] >= 0);
        if (!flattens)
        {
            throw Unsupported(node, "shape", $"[-1, {size}] or [0, -1] (a flatten; other reshapes are not imported yet)", $"[{string.Join(", ", shape)}]");
        }
        Flatten(node, x);
    }

    /// <summary>Zero padding of height and width → ZeroPadding2D (nothing when it adds nothing: PyTorch writes one before AveragePool).</summary>
    private void Pad(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor pads = ConstantInput(node, 1, "the pads");
        long[] p = pads.Longs;
        if (p.All(v => v == 0))
        {
            Alias(node, x);
            return;
        }
        string mode = node.Attributes.TryGetValue("mode", out OnnxAttribute? m) ? m.String ?? "constant" : "constant";
        bool zeros = node.Inputs.Count < 3 || node.Inputs[2].Length == 0 || ConstantInput(node, 2, "the padding value").Floats.All(v => v == 0);
        bool imageBorders = x.ChannelsFirst && p.Length == 8 && p[0] == 0 && p[1] == 0 && p[4] == 0 && p[5] == 0 && p.All(v => v >= 0);
        if (mode != "constant" || !zeros || !imageBorders)
        {
            throw Unsupported(node, "pads", "non-negative zero padding of height and width (ZeroPadding2D)", $"[{string.Join(", ", p)}] mode {mode}");
        }
        AddZeroPadding(node, x, (int)p[2], (int)p[6], (int)p[3], (int)p[7]);
    }

    private OnnxValueState AddZeroPadding(OnnxNode node, OnnxValueState x, int top, int bottom, int left, int right)
    {
        var borders = new ImageBorders(top, bottom, left, right, "top", "bottom", "left", "right");
        int[] shape = { x.Shape[0] + top + bottom, x.Shape[1] + left + right, x.Shape[2] };
        return Layer(node, new ZeroPadding2DDeclaration(borders, null), null, shape, like: x, inputs: x);
    }

    /// <summary>A Slice of height and width with step 1 (what <c>x[:, :, a:b, c:d]</c> exports to) → Cropping2D.</summary>
    private void Slice(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        long[] starts = ConstantInput(node, 1, "the starts").Longs, ends = ConstantInput(node, 2, "the ends").Longs;
        long[] axes = node.Inputs.Count > 3 && node.Inputs[3].Length > 0 ? ConstantInput(node, 3, "the axes").Longs : Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        long[] steps = node.Inputs.Count > 4 && node.Inputs[4].Length > 0 ? ConstantInput(node, 4, "the steps").Longs : starts.Select(_ => 1L).ToArray();
        int[] crop = new int[4]; // top, bottom, left, right
        for (int i = 0; i < axes.Length; i++)
        {
            long axis = axes[i] < 0 ? axes[i] + 4 : axes[i];
            int size = axis == 2 ? x.Shape[0] : axis == 3 ? x.Shape[1] : -1;
            long start = starts[i] < 0 ? starts[i] + size : starts[i];
            long end = ends[i] < 0 ? ends[i] + size : Math.Min(ends[i], size);
            if (size < 0 || steps[i] != 1 || start < 0 || end > size || start >= end)
            {
                throw Unsupported(node, "axes", "a step-1 slice of height and/or width that keeps at least one row (Cropping2D)",
                    $"axis {axes[i]}, start {starts[i]}, end {ends[i]}, step {steps[i]}");
            }
            int first = axis == 2 ? 0 : 2;
            crop[first] = (int)start;
            crop[first + 1] = size - (int)end;
        }
        var borders = new ImageBorders(crop[0], crop[1], crop[2], crop[3], "top", "bottom", "left", "right");
        Layer(node, new Cropping2DDeclaration(borders, null), null,
            new[] { x.Shape[0] - crop[0] - crop[1], x.Shape[1] - crop[2] - crop[3], x.Shape[2] }, like: x);
    }

    /// <summary>Resize by integer scales on height and width → UpSampling2D (nearest as PyTorch writes it, or bilinear with half-pixel centres).</summary>
    private void Resize(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        string mode = node.Attributes.TryGetValue("mode", out OnnxAttribute? m) ? m.String ?? "nearest" : "nearest";
        string transform = node.Attributes.TryGetValue("coordinate_transformation_mode", out OnnxAttribute? t) ? t.String ?? "half_pixel" : "half_pixel";
        string nearestMode = node.Attributes.TryGetValue("nearest_mode", out OnnxAttribute? n) ? n.String ?? "round_prefer_floor" : "round_prefer_floor";
        float[]? scales = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && _constants.TryGetValue(node.Inputs[2], out OnnxTensor? s) ? s.Floats : null;
        if (scales is null && node.Inputs.Count > 3 && _constants.TryGetValue(node.Inputs[3], out OnnxTensor? sizes) && sizes.Longs.Length == 4)
        {
            scales = new[] { 1f, 1f, (float)sizes.Longs[2] / x.Shape[0], (float)sizes.Longs[3] / x.Shape[1] };
        }
        if (scales is not { Length: 4 } || scales[0] != 1 || scales[1] != 1 || scales[2] != Math.Floor(scales[2]) || scales[3] != Math.Floor(scales[3]) || scales[2] < 1 || scales[3] < 1)
        {
            throw Unsupported(node, "scales", "[1, 1, sh, sw] with whole sh, sw ≥ 1 (UpSampling2D)", scales is null ? "computed" : $"[{string.Join(", ", scales)}]");
        }
        string interpolation;
        if (mode == "nearest" && transform == "asymmetric" && nearestMode == "floor") interpolation = "nearest";
        else if (mode == "linear" && transform is "half_pixel" or "pytorch_half_pixel") interpolation = "bilinear";
        else throw Unsupported(node, "mode", "nearest (asymmetric, floor) or linear (half_pixel): Keras' nearest and bilinear", $"{mode}, {transform}, {nearestMode}");
        int sh = (int)scales[2], sw = (int)scales[3];
        Layer(node, new UpSampling2DDeclaration(sh, sw, sh == sw ? "size" : "sizeHeight", interpolation, null), null,
            new[] { x.Shape[0] * sh, x.Shape[1] * sw, x.Shape[2] }, like: x);
    }

    /// <summary>PRelu with a per-channel (or single) slope → PReLU sharing the other axes, alpha in Keras' (…, channels) layout.</summary>
    private void PRelu(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor slope = ConstantInput(node, 1, "the slope");
        int channels = x.Shape[x.Shape.Length - 1];
        long count = slope.ElementCount;
        bool perChannel = count == channels && (x.ChannelsFirst ? slope.Dims.Count == 3 || slope.Dims.Count == 1 && channels == 1 : slope.Dims.Count <= 1);
        if (count != 1 && !perChannel) throw Unsupported(node, "slope", "one slope, or one per channel (shape [C, 1, 1] on images)", $"dims [{string.Join(", ", slope.Dims)}]");
        int rank = x.Shape.Length;
        int[] shared = Enumerable.Range(1, count == 1 ? rank : rank - 1).ToArray();
        float[] alpha = count == 1 ? slope.Floats : slope.Floats;
        Layer(node, new PReLUDeclaration(shared.ToEquatableArray(), null, null),
            new Dictionary<string, float[]>(StringComparer.Ordinal) { ["alpha"] = alpha }, x.Shape, like: x);
    }

    private void Conv(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        if (Int(node, "group", 1) != 1) throw Unsupported(node, "group", "1 (grouped and depthwise convolutions are not imported yet)");
        OnnxTensor w = ConstantInput(node, 1, "the weights W");
        RequireRank(node, w, 4);
        int filters = (int)w.Dims[0], channels = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        if (channels != x.Shape[2])
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {channels} input channels",
                $"{x.Shape[2]} channels, those of '{node.Inputs[0]}'");
        }
        int stride = Square(node, "strides", 1);
        int dilation = Square(node, "dilations", 1);
        string? padding = Padding(node, x, kh, kw, stride, dilation, out long[] explicitPads);
        if (padding is null)
        {
            // Any other zero padding: ZeroPadding2D, then a 'valid' convolution (what Keras users write for it).
            x = AddZeroPadding(node, x, (int)explicitPads[0], (int)explicitPads[2], (int)explicitPads[1], (int)explicitPads[3]);
            padding = PaddingNames.Valid;
        }

        // ONNX W[o][i][y][x] → Keras kernel[y][x][i][o].
        var kernel = new float[w.Floats.Length];
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < channels; i++)
                for (int y = 0; y < kh; y++)
                    for (int xx = 0; xx < kw; xx++)
                        kernel[((y * kw + xx) * channels + i) * filters + o] = w.Floats[((o * channels + i) * kh + y) * kw + xx];
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;

        int[] shape = { OutputSize(x.Shape[0], kh, stride, dilation, padding), OutputSize(x.Shape[1], kw, stride, dilation, padding), filters };
        Layer(node, new Conv2DDeclaration(filters, kh, kw, kh == kw ? "kernelSize" : "kernelHeight", stride, padding, dilation, null, useBias, null, null, null),
            weights, shape, like: x, inputs: x);
    }

    private void Pool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        List<long> kernelShape = node.Attributes.TryGetValue("kernel_shape", out OnnxAttribute? k) ? k.Ints : new List<long>();
        if (kernelShape.Count != 2) throw Unsupported(node, "kernel_shape", "two sizes (a 2-D pool)");
        int ph = (int)kernelShape[0], pw = (int)kernelShape[1];
        int stride = Square(node, "strides", 1);
        if (Square(node, "dilations", 1) != 1) throw Unsupported(node, "dilations", "1");
        string padding = Padding(node, x, ph, pw, stride, 1, out _) ??
            throw Unsupported(node, "pads", "all zeros ('valid') or Keras' 'same' (other pool padding is not imported)");
        if (Int(node, "ceil_mode", 0) != 0 &&
            (OutputSize(x.Shape[0], ph, stride, 1, padding) != CeilOutput(x.Shape[0], ph, stride) || OutputSize(x.Shape[1], pw, stride, 1, padding) != CeilOutput(x.Shape[1], pw, stride)))
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
        Layer(node, layer, null, new[] { OutputSize(x.Shape[0], ph, stride, 1, padding), OutputSize(x.Shape[1], pw, stride, 1, padding), x.Shape[2] }, like: x);
    }

    private void GlobalAveragePool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        var pooled = Layer(node, new GlobalAveragePooling2DDeclaration(null), null, new[] { x.Shape[2] });
        pooled.SpatialOnes = true;
    }

    private void BatchNormalization(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        if (Int(node, "training_mode", 0) != 0) throw Unsupported(node, "training_mode", "0 (an inference graph)");
        if (node.Outputs.Count(o => o.Length > 0) > 1) throw Unsupported(node, "outputs", "one output (an inference graph)");
        int channels = x.Shape[x.Shape.Length - 1];
        string[] names = { "gamma", "beta", "moving_mean", "moving_variance" };
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < 4; i++)
        {
            OnnxTensor t = ConstantInput(node, i + 1, names[i]);
            if (t.ElementCount != channels) throw Unsupported(node, names[i], $"{channels} values, one per channel");
            weights[names[i]] = t.Floats;
        }
        // ONNX's momentum is Keras' (the share of the old running value); its default is 0.9.
        Layer(node, new BatchNormalizationDeclaration(Shortest(Float(node, "momentum", 0.9f)), Shortest(Float(node, "epsilon", 1e-5f)), true, true, null),
            weights, x.Shape, like: x);
    }

    /// <summary>
    /// Keras' padding name for the node's pads, or null for other non-negative zero padding (returned in
    /// <paramref name="pads"/> as top, left, bottom, right), which a ZeroPadding2D before a 'valid' layer expresses.
    /// </summary>
    private static string? Padding(OnnxNode node, OnnxValueState x, int kh, int kw, int stride, int dilation, out long[] pads)
    {
        pads = new long[4];
        string autoPad = node.Attributes.TryGetValue("auto_pad", out OnnxAttribute? a) ? a.String ?? "NOTSET" : "NOTSET";
        if (autoPad == "VALID") return PaddingNames.Valid;
        if (autoPad == "SAME_UPPER") return PaddingNames.Same;
        if (autoPad != "NOTSET") throw Unsupported(node, "auto_pad", "NOTSET, VALID or SAME_UPPER (Keras' 'same' puts the odd extra cell after)");
        List<long> given = node.Attributes.TryGetValue("pads", out OnnxAttribute? p) ? p.Ints : new List<long>();
        if (given.Count == 0 || given.All(v => v == 0)) return PaddingNames.Valid;
        if (given.Count != 4 || given.Any(v => v < 0 || v > 1024)) throw Unsupported(node, "pads", "four non-negative values (top, left, bottom, right)");
        int h = x.Shape[0], w = x.Shape[1];
        if (given[0] == SameBefore(h, kh, stride, dilation) && given[1] == SameBefore(w, kw, stride, dilation) &&
            given[2] == SameAfter(h, kh, stride, dilation) && given[3] == SameAfter(w, kw, stride, dilation))
        {
            return PaddingNames.Same;
        }
        pads = given.ToArray();
        return null;
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

    private static void RequireFlat(OnnxNode node, OnnxValueState x)
    {
        if (x.Shape.Length != 1 || x.SpatialOnes || x.ChannelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of rank {x.Shape.Length + 1}", "(batch, features): a Flatten before it");
        }
    }

    private static void RequireImage(OnnxNode node, OnnxValueState x)
    {
        if (!x.ChannelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of GenNet shape ({string.Join(", ", x.Shape)})",
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
        bool integers = what is "the target shape" or "the pads" or "the sizes" or "the starts" or "the ends" or "the axes" or "the steps";
        if (tensor.DataType != (integers ? OnnxTensor.Int64 : OnnxTensor.Float))
        {
            throw Unsupported(node, tensor.Name, integers ? "int64 (data_type 7)" : "float32 (data_type 1)", $"data_type {tensor.DataType}");
        }
        return tensor;
    }

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
