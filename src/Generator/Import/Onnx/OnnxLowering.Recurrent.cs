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

/// <summary>The lowering of recurrent ops and the batch bookkeeping PyTorch writes around them.</summary>
internal sealed partial class OnnxLowering
{
    private static string Describe(OnnxValueRole role) => role switch
    {
        OnnxValueRole.ShapeInts => "a shape computation",
        OnnxValueRole.Zeros => "a zero initial state",
        OnnxValueRole.StepsFirst => "a sequence transposed to (steps, batch, features)",
        OnnxValueRole.RecurrentCellState => "an LSTM's last cell state (Keras' return_state, not imported)",
        _ => "a recurrent op's raw output",
    };

    private OnnxValueState? Peek(OnnxNode node, int index) =>
        node.Inputs.Count > index && _values.TryGetValue(node.Inputs[index], out OnnxValueState? state) ? state : null;

    /// <summary>
    /// Batch bookkeeping the exporter leaves in the graph (initial recurrent states sized from <c>Shape(x)</c>): shape
    /// integers and zeros of a computed shape become roles, not layers. True when the node was one of those.
    /// </summary>
    private bool ShapeBookkeeping(OnnxNode node)
    {
        var inputs = node.Inputs.Where(i => i.Length > 0).ToList();
        bool anyShape = inputs.Any(i => _values.TryGetValue(i, out var v) && v.Role == OnnxValueRole.ShapeInts);
        bool onlyShapeOrConstant = inputs.All(i => _constants.ContainsKey(i) || _values.TryGetValue(i, out var v) && v.Role == OnnxValueRole.ShapeInts);
        OnnxValueRole? role = null;
        if (node.OpType == "Shape" && inputs.Count == 1 && _values.ContainsKey(inputs[0])) role = OnnxValueRole.ShapeInts;
        else if (node.OpType is "Gather" or "Unsqueeze" or "Squeeze" or "Concat" or "Cast" or "Slice" or "Reshape" or "Add" or "Sub" or "Mul" or "Div"
                 && anyShape && onlyShapeOrConstant)
        {
            role = OnnxValueRole.ShapeInts;
        }
        else if (node.OpType == "ConstantOfShape" && onlyShapeOrConstant)
        {
            bool zeros = !node.Attributes.TryGetValue("value", out OnnxAttribute? value) || value.Tensor is { } t && t.Floats.All(f => f == 0) && t.Longs.All(l => l == 0);
            if (!zeros) throw Unsupported(node, "value", "0 (zeros: an initial recurrent state)");
            role = OnnxValueRole.Zeros;
        }
        else if (node.OpType == "Expand" && inputs.Count == 2 && _constants.TryGetValue(inputs[0], out OnnxTensor? filler) && filler.Floats.All(f => f == 0)
                 && (_constants.ContainsKey(inputs[1]) || anyShape))
        {
            role = OnnxValueRole.Zeros;
        }
        if (role is null) return false;
        _values[node.Outputs[0]] = new OnnxValueState(-1, Array.Empty<int>()) { Role = role.Value };
        return true;
    }

    /// <summary>
    /// ONNX LSTM/GRU/RNN (forward, default activations, zero or absent initial states) on a time-major input → Keras'
    /// LSTM/GRU/SimpleRNN. Gates are re-ordered to Keras' (LSTM: ONNX i, o, f, c → i, f, c, o; GRU z, r, h as is), the
    /// matrices transposed to [in, gates·units], and the two ONNX biases summed (GRU reset_after keeps them as its two rows).
    /// The layer starts returning sequences; a Gather of the last step or a read of Y_h turns that off.
    /// </summary>
    private void Recurrent(OnnxNode node)
    {
        // A sequence transposed to time-major, or the previous recurrent op's squeezed Y (stacked layers: PyTorch drops the
        // Transpose pair between them).
        OnnxValueState x = Peek(node, 0) is { Role: OnnxValueRole.StepsFirst or OnnxValueRole.RecurrentYSqueezed } timeMajor ? timeMajor
            : throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "an input that is not a (batch, steps, features) value transposed to time-major",
                "the Transpose(perm = [1, 0, 2]) of a sequence input that PyTorch writes before a batch_first recurrent layer");
        RecurrentCell cell = node.OpType switch { "LSTM" => RecurrentCell.Lstm, "GRU" => RecurrentCell.Gru, _ => RecurrentCell.SimpleRnn };
        int gates = cell switch { RecurrentCell.Lstm => 4, RecurrentCell.Gru => 3, _ => 1 };
        int[] onnxGate = cell switch { RecurrentCell.Lstm => new[] { 0, 2, 3, 1 }, RecurrentCell.Gru => new[] { 0, 1, 2 }, _ => new[] { 0 } };
        string direction = node.Attributes.TryGetValue("direction", out OnnxAttribute? d) ? d.String ?? "forward" : "forward";
        if (direction != "forward") throw Unsupported(node, "direction", "forward (Bidirectional and reverse are not imported yet)");
        if (Int(node, "layout", 0) != 0) throw Unsupported(node, "layout", "0 (time-major, as PyTorch writes it)");
        if (node.Attributes.ContainsKey("clip")) throw Unsupported(node, "clip", "no clip (Keras has none)");
        if (Int(node, "input_forget", 0) != 0) throw Unsupported(node, "input_forget", "0");
        string[] defaults = cell switch { RecurrentCell.Lstm => new[] { "Sigmoid", "Tanh", "Tanh" }, RecurrentCell.Gru => new[] { "Sigmoid", "Tanh" }, _ => new[] { "Tanh" } };
        if (node.Attributes.TryGetValue("activations", out OnnxAttribute? acts) && acts.Strings.Count > 0 && !acts.Strings.SequenceEqual(defaults))
        {
            throw Unsupported(node, "activations", $"the defaults [{string.Join(", ", defaults)}]", $"[{string.Join(", ", acts.Strings)}]");
        }
        if (node.Inputs.Count > 4 && node.Inputs[4].Length > 0) throw Unsupported(node, "sequence_lens", "none (every sequence has all steps)", $"'{node.Inputs[4]}'");
        for (int i = 5; i < node.Inputs.Count; i++)
        {
            string initial = node.Inputs[i];
            bool zero = initial.Length == 0 || Peek(node, i)?.Role == OnnxValueRole.Zeros || _constants.TryGetValue(initial, out OnnxTensor? t) && t.Floats.All(f => f == 0);
            if (!zero) throw Unsupported(node, i == 5 ? "initial_h" : i == 6 ? "initial_c" : "P", "zeros or absent (Keras' initial state)", $"'{initial}'");
        }

        OnnxTensor w = ConstantInput(node, 1, "the weights W"), r = ConstantInput(node, 2, "the recurrence weights R");
        int features = x.Shape[1], steps = x.Shape[0];
        if (w.Dims.Count != 3 || w.Dims[0] != 1 || w.Dims[1] % gates != 0 || w.Dims[2] != features)
        {
            throw Unsupported(node, "W", $"[1, {gates}·units, {features}]", $"dims [{string.Join(", ", w.Dims)}]");
        }
        int units = (int)(w.Dims[1] / gates), width = gates * units;
        if (r.Dims.Count != 3 || r.Dims[1] != width || r.Dims[2] != units) throw Unsupported(node, "R", $"[1, {width}, {units}]", $"dims [{string.Join(", ", r.Dims)}]");
        bool resetAfter = cell != RecurrentCell.Gru || Int(node, "linear_before_reset", 0) != 0;

        var kernel = new float[features * width];
        var recurrent = new float[units * width];
        for (int k = 0; k < gates; k++)
            for (int u = 0; u < units; u++)
            {
                int row = onnxGate[k] * units + u, column = k * units + u;
                for (int i = 0; i < features; i++) kernel[i * width + column] = w.Floats[row * features + i];
                for (int j = 0; j < units; j++) recurrent[j * width + column] = r.Floats[row * units + j];
            }
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel, ["recurrent_kernel"] = recurrent };
        bool useBias = node.Inputs.Count > 3 && node.Inputs[3].Length > 0;
        if (useBias)
        {
            OnnxTensor b = ConstantInput(node, 3, "the biases B");
            if (b.ElementCount != 2 * width) throw Unsupported(node, "B", $"[1, {2 * width}] (input then recurrence biases)", $"dims [{string.Join(", ", b.Dims)}]");
            bool twoRows = cell == RecurrentCell.Gru && resetAfter;
            var bias = new float[twoRows ? 2 * width : width];
            for (int k = 0; k < gates; k++)
                for (int u = 0; u < units; u++)
                {
                    float input = b.Floats[onnxGate[k] * units + u], recurrence = b.Floats[width + onnxGate[k] * units + u];
                    if (twoRows)
                    {
                        bias[k * units + u] = input;
                        bias[width + k * units + u] = recurrence;
                    }
                    else bias[k * units + u] = input + recurrence;
                }
            weights["bias"] = bias;
        }

        var layer = new RecurrentDeclaration(cell, units, ActivationNames.Tanh, ActivationNames.Sigmoid, useBias, ReturnSequences: true, GoBackwards: false,
            UnitForgetBias: cell == RecurrentCell.Lstm, ResetAfter: resetAfter, Dropout: 0, Name: null);
        OnnxValueState y = Layer(node, layer, weights, new[] { steps, units }, inputs: new OnnxValueState(x.Layer, x.Shape));
        y.Role = OnnxValueRole.RecurrentY;
        y.SequenceValue = node.Outputs[0];
        if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0)
        {
            _values[node.Outputs[1]] = new OnnxValueState(y.Layer, new[] { units }) { Role = OnnxValueRole.RecurrentLastState, SequenceValue = node.Outputs[0] };
        }
        if (node.Outputs.Count > 2 && node.Outputs[2].Length > 0)
        {
            _values[node.Outputs[2]] = new OnnxValueState(y.Layer, new[] { units }) { Role = OnnxValueRole.RecurrentCellState };
        }
    }

    /// <summary>Transpose [1, 0, 2] of a sequence (to time-major, before a recurrent op) or of a recurrent op's squeezed Y (back to batch-major).</summary>
    private void Transpose(OnnxNode node)
    {
        OnnxValueState? x = Peek(node, 0);
        List<long> perm = node.Attributes.TryGetValue("perm", out OnnxAttribute? p) ? p.Ints : new List<long>();
        bool swapsBatchAndSteps = perm.SequenceEqual(new long[] { 1, 0, 2 });
        if (x is { Role: OnnxValueRole.Data, ChannelsFirst: false, SpatialOnes: false } && x.Shape.Length == 2 && swapsBatchAndSteps)
        {
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { Role = OnnxValueRole.StepsFirst };
            return;
        }
        if (x is { Role: OnnxValueRole.RecurrentYSqueezed } && swapsBatchAndSteps)
        {
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { SequenceValue = x.SequenceValue };
            return;
        }
        throw Unsupported(node, "perm", "[1, 0, 2] around a recurrent op (other transposes are not imported)", $"[{string.Join(", ", perm)}]");
    }

    /// <summary>Squeeze of a recurrent op's direction axis: Y (axis 1) or Y_h (axis 0, the last state).</summary>
    private void Squeeze(OnnxNode node)
    {
        OnnxValueState? x = Peek(node, 0);
        long[] axes = node.Inputs.Count > 1 && node.Inputs[1].Length > 0 ? ConstantInput(node, 1, "the axes").Longs
            : node.Attributes.TryGetValue("axes", out OnnxAttribute? a) ? a.Ints.ToArray() : Array.Empty<long>();
        if (x is { Role: OnnxValueRole.RecurrentY } && axes.SequenceEqual(new long[] { 1 }))
        {
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { Role = OnnxValueRole.RecurrentYSqueezed, SequenceValue = x.SequenceValue };
            return;
        }
        if (x is { Role: OnnxValueRole.RecurrentLastState } && axes.SequenceEqual(new long[] { 0 }))
        {
            LastState(node, x);
            return;
        }
        throw Unsupported(node, "axes", "the direction axis of a recurrent op's output", $"[{string.Join(", ", axes)}]");
    }

    /// <summary>The last step of a recurrent sequence (<c>y[:, -1, :]</c>), or the first direction of Y_h (<c>h[0]</c>): the layer without return_sequences.</summary>
    private void Gather(OnnxNode node)
    {
        OnnxValueState? x = Peek(node, 0);
        if (x is null || !_constants.TryGetValue(node.Inputs.Count > 1 ? node.Inputs[1] : "", out OnnxTensor? indices) || indices.Longs.Length != 1 || indices.Dims.Count != 0)
        {
            throw new ImportProblem(Descriptors.OnnxUnsupportedOp, node.Describe(), "Gather", "Gather of one constant index: the last step of a recurrent sequence, or h[0]");
        }
        long axis = Int(node, "axis", 0), index = indices.Longs[0];
        if (x.Role == OnnxValueRole.RecurrentLastState && axis == 0 && index == 0)
        {
            LastState(node, x);
            return;
        }
        bool sequence = x.Layer >= 0 && _layers[x.Layer] is RecurrentDeclaration { ReturnSequences: true } && x.Shape.Length == 2;
        bool lastStep = sequence && (x.Role == OnnxValueRole.Data && axis == 1 || x.Role == OnnxValueRole.RecurrentYSqueezed && axis == 0) &&
            (index == -1 || index == x.Shape[0] - 1);
        if (!lastStep || _readers[node.Inputs[0]] != 1 || (x.SequenceValue is { } y && _readers[y] != 1))
        {
            throw Unsupported(node, "indices", "the last step (-1) of a recurrent sequence nothing else reads", index.ToString(CultureInfo.InvariantCulture));
        }
        ReturnLastOnly(node, x);
    }

    private void LastState(OnnxNode node, OnnxValueState state)
    {
        if (state.SequenceValue is { } y && _readers.TryGetValue(y, out int readers) && readers > 0)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "both the sequence Y and the last state Y_h read",
                "one of them (Keras' return_state, which would give both, is not imported)");
        }
        ReturnLastOnly(node, state);
    }

    private void ReturnLastOnly(OnnxNode node, OnnxValueState x)
    {
        var layer = (RecurrentDeclaration)_layers[x.Layer];
        _layers[x.Layer] = layer with { ReturnSequences = false };
        _values[node.Outputs[0]] = new OnnxValueState(x.Layer, new[] { layer.Units });
    }
}
