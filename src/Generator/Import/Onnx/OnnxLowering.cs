using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Shared;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// An ONNX graph → GenNet layers: a chain becomes a [Sequential] stack, a graph with branches and merges (residual Add,
/// Concat) a [Functional] one, its layers wired by their Keras names. Images are
/// NCHW in ONNX and NHWC in GenNet: convolution kernels are transposed to Keras' [kh, kw, in, out], and the Dense after
/// a Flatten of an NCHW value gets its kernel rows re-ordered, so the imported model computes the same function on NHWC
/// input. Anything else is an <see cref="ImportProblem"/> naming the node, op, attribute and value.
/// </summary>
internal sealed partial class OnnxLowering
{
    public const int MinOpset = 13;
    public const int MaxOpset = 21;

    private readonly OnnxModel _model;
    private readonly Dictionary<string, OnnxTensor> _constants;
    private readonly Dictionary<string, int> _readers = new(StringComparer.Ordinal);
    private readonly List<LayerDeclaration> _layers = new();
    private readonly List<Dictionary<string, float[]>> _weights = new();
    private readonly List<OnnxValueState> _layerOutputs = new();

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
        if (last.ChannelsFirst && last.Shape.Take(last.Shape.Length - 1).Aggregate(1, (a, d) => a * d) > 1)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"output '{output}'", $"a channels-first {(last.Shape.Length == 3 ? "NCHW image" : "NCW sequence")} as the output",
                "an output of shape (batch, features) (GenNet's images and sequences are channels-last, so such an output would change layout)");
        }
        bool functional = _layers.Any(l => l.From.Count > 0);
        return new ImportedModel(input, _layers, _weights, _layers.Select(l => ImportAttributeText.Of(l, spellOutWindows: true)).ToList(), functional);
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
        // NCHW images become NHWC; a (batch, a, b) input is PyTorch's Conv1d layout (channels, steps) when a convolution,
        // pool or normalization reads it directly, else a (steps, features) sequence as a recurrent layer reads it.
        bool channelsFirst = dims.Length == 3 || dims.Length == 2 && InputIsChannelsFirst(value.Name);
        if (dims.Length == 3) shape = new[] { dims[1], dims[2], dims[0] };
        else if (channelsFirst) shape = new[] { dims[1], dims[0] };
        else if (dims.Length <= 2) shape = dims;
        else
        {
            throw new ImportProblem(Descriptors.OnnxDynamicShape, $"input '{value.Name}'", $"rank {value.Dims.Count}",
                "(batch, features), (batch, steps, features) or (batch, channels, height, width)");
        }
        _values[value.Name] = new OnnxValueState(-1, shape) { ChannelsFirst = channelsFirst };
        return shape;
    }

    /// <summary>A Constant: its <c>value</c> tensor, or (opset 12 on) <c>value_int(s)</c> / <c>value_float(s)</c>.</summary>
    private void Constant(OnnxNode node)
    {
        OnnxTensor? tensor = null;
        foreach (KeyValuePair<string, OnnxAttribute> attribute in node.Attributes)
        {
            OnnxAttribute a = attribute.Value;
            tensor = attribute.Key switch
            {
                "value" => a.Tensor,
                "value_int" when a.Int is { } i => new OnnxTensor { DataType = OnnxTensor.Int64, Longs = new[] { i } },
                "value_ints" => new OnnxTensor { DataType = OnnxTensor.Int64, Longs = a.Ints.ToArray(), Dims = { a.Ints.Count } },
                "value_float" when a.Float is { } f => new OnnxTensor { DataType = OnnxTensor.Float, Floats = new[] { f } },
                "value_floats" => new OnnxTensor { DataType = OnnxTensor.Float, Floats = a.Floats.ToArray(), Dims = { a.Floats.Count } },
                _ => null,
            };
        }
        if (tensor is null || node.Attributes.Count != 1)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedAttribute, node.Label, "Constant", string.Join(", ", node.Attributes.Keys),
                "(set)", "one of value (a tensor), value_int, value_ints, value_float, value_floats");
        }
        if (tensor.Name.Length == 0) tensor.Name = node.Outputs[0];
        _constants[node.Outputs[0]] = tensor;
    }

    private void Lower(OnnxNode node)
    {
        if (FoldIntegerConstant(node) || ShapeBookkeeping(node)) return;
        string op = node.OpType;
        switch (op)
        {
            case "LSTM":
            case "GRU":
            case "RNN":
                Recurrent(node);
                return;
            case "Transpose": Transpose(node); return;
            case "Squeeze": Squeeze(node); return;
            case "Gather": Gather(node); return;
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
            case "Concat" when ConcatLastStates(node): return;
            case "Concat": Concat(node); return;
            case "Flatten":
                if (Int(node, "axis", 1) != 1) throw Unsupported(node, "axis", "1 (keep the batch axis, flatten the rest)");
                Flatten(node, Read(node));
                return;
            case "Reshape" when MergeDirections(node): return;
            case "Reshape": Reshape(node); return;
            case "Conv": Conv(node); return;
            case "ConvTranspose": ConvTranspose(node); return;
            case "MaxPool":
            case "AveragePool":
                Pool(node);
                return;
            case "GlobalAveragePool":
            case "GlobalMaxPool":
                GlobalPool(node);
                return;
            case "ReduceMean":
            case "ReduceMax":
                Reduce(node);
                return;
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
            case "Gelu" when StringAttribute(node, "approximate", "none") == "tanh":
                // Opset 20's Gelu with the tanh approximation: Keras' gelu(approximate=True), an Activation layer.
                LayerAfter(node, new ActivationDeclaration(ActivationNames.Gelu, ActivationOptions.None with { Approximate = true }, null));
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
        if (node.Inputs.Count > index && _values.TryGetValue(node.Inputs[index], out OnnxValueState? state))
        {
            if (state.Role == OnnxValueRole.Data) return state;
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"input '{node.Inputs[index]}', which is {Describe(state.Role)}",
                "layers reading layer outputs (a recurrent op's outputs only through the Squeeze/Transpose/Gather PyTorch writes)");
        }
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
        _layerOutputs.Add(state);
        return state;
    }

    private string NameOf(OnnxValueState state) => state.Layer < 0 ? ModelDeclaration.InputName : _names[state.Layer];
}
