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
        OnnxValueRole.RecurrentYBidirectional or OnnxValueRole.RecurrentYDirectionsLast =>
            "a bidirectional op's sequence with its directions apart (PyTorch merges them by Transpose(perm = [0, 2, 1, 3]) and Reshape(shape = [0, 0, -1]))",
        OnnxValueRole.RecurrentBidirectionalLastStates => "a bidirectional op's last states (read as torch.cat([h[-2], h[-1]], dim=1))",
        OnnxValueRole.RecurrentForwardLastState or OnnxValueRole.RecurrentBackwardLastState =>
            "one direction's last state of a bidirectional op (Keras' Bidirectional concatenates both: torch.cat([h[-2], h[-1]], dim=1))",
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
        else if (node.OpType is "Slice" or "Gather" or "Squeeze" or "Unsqueeze" && inputs.Count > 0 && _values.TryGetValue(inputs[0], out var source)
                 && source.Role == OnnxValueRole.Zeros
                 && inputs.Skip(1).All(i => _constants.ContainsKey(i) || _values.TryGetValue(i, out var v) && v.Role == OnnxValueRole.ShapeInts))
        {
            // Part of a zero state (num_layers > 1: one ConstantOfShape for every layer's initial state, sliced per layer).
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
    /// ONNX LSTM/GRU/RNN (forward or bidirectional, default activations, zero or absent initial states) on a time-major
    /// input → Keras' LSTM/GRU/SimpleRNN, or Bidirectional around it (merge concat). Gates are re-ordered to Keras' (LSTM:
    /// ONNX i, o, f, c → i, f, c, o; GRU z, r, h as is), the matrices transposed to [in, gates·units], and the two ONNX
    /// biases summed (GRU reset_after keeps them as its two rows); a bidirectional op's direction 0 becomes the forward
    /// half, direction 1 (which ONNX runs last step to first, its Y in time order, as Keras' Bidirectional flips it back)
    /// the backward half. The layer starts returning sequences; a Gather of the last step or a read of Y_h turns that off.
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
        if (direction is not ("forward" or "bidirectional"))
        {
            throw Unsupported(node, "direction", "forward or bidirectional (PyTorch's bidirectional=True; a lone reverse op is not imported)", direction);
        }
        int directions = direction == "bidirectional" ? 2 : 1;
        if (Int(node, "layout", 0) != 0) throw Unsupported(node, "layout", "0 (time-major, as PyTorch writes it)");
        if (node.Attributes.ContainsKey("clip")) throw Unsupported(node, "clip", "no clip (Keras has none)");
        if (Int(node, "input_forget", 0) != 0) throw Unsupported(node, "input_forget", "0");
        string[] defaults = cell switch { RecurrentCell.Lstm => new[] { "Sigmoid", "Tanh", "Tanh" }, RecurrentCell.Gru => new[] { "Sigmoid", "Tanh" }, _ => new[] { "Tanh" } };
        defaults = Enumerable.Repeat(defaults, directions).SelectMany(a => a).ToArray();
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
        if (w.Dims.Count != 3 || w.Dims[0] != directions || w.Dims[1] % gates != 0 || w.Dims[2] != features)
        {
            throw Unsupported(node, "W", $"[{directions}, {gates}·units, {features}]", $"dims [{string.Join(", ", w.Dims)}]");
        }
        int units = (int)(w.Dims[1] / gates), width = gates * units;
        if (r.Dims.Count != 3 || r.Dims[0] != directions || r.Dims[1] != width || r.Dims[2] != units)
        {
            throw Unsupported(node, "R", $"[{directions}, {width}, {units}]", $"dims [{string.Join(", ", r.Dims)}]");
        }
        bool resetAfter = cell != RecurrentCell.Gru || Int(node, "linear_before_reset", 0) != 0;
        bool useBias = node.Inputs.Count > 3 && node.Inputs[3].Length > 0;
        OnnxTensor? b = useBias ? ConstantInput(node, 3, "the biases B") : null;
        if (b is not null && b.ElementCount != directions * 2 * width)
        {
            throw Unsupported(node, "B", $"[{directions}, {2 * width}] (input then recurrence biases)", $"dims [{string.Join(", ", b.Dims)}]");
        }

        // One direction's kernel, recurrent kernel and bias, under Keras' variable names (each half's own for Bidirectional).
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int half = 0; half < directions; half++)
        {
            string prefix = directions == 1 ? "" : half == 0 ? "forward." : "backward.";
            foreach (var (variable, values) in RecurrentWeights(cell, resetAfter, onnxGate, w, r, b, half, features, units))
            {
                weights[prefix + variable] = values;
            }
        }

        var inner = new RecurrentDeclaration(cell, units, ActivationNames.Tanh, ActivationNames.Sigmoid, useBias, ReturnSequences: true, GoBackwards: false,
            UnitForgetBias: cell == RecurrentCell.Lstm, ResetAfter: resetAfter, Dropout: 0, Name: null);
        LayerDeclaration layer = directions == 1 ? inner : new BidirectionalDeclaration(inner, "concat", null);
        OnnxValueState y = Layer(node, layer, weights, new[] { steps, directions * units }, inputs: new OnnxValueState(x.Layer, x.Shape));
        y.Role = directions == 1 ? OnnxValueRole.RecurrentY : OnnxValueRole.RecurrentYBidirectional;
        y.SequenceValue = node.Outputs[0];
        if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0)
        {
            _values[node.Outputs[1]] = new OnnxValueState(y.Layer, new[] { units })
            {
                Role = directions == 1 ? OnnxValueRole.RecurrentLastState : OnnxValueRole.RecurrentBidirectionalLastStates,
                SequenceValue = node.Outputs[0],
            };
        }
        if (node.Outputs.Count > 2 && node.Outputs[2].Length > 0)
        {
            _values[node.Outputs[2]] = new OnnxValueState(y.Layer, new[] { units }) { Role = OnnxValueRole.RecurrentCellState };
        }
    }

    /// <summary>
    /// Direction <paramref name="half"/> of an ONNX recurrent op's W [dirs, gates·units, in], R [dirs, gates·units, units]
    /// and B [dirs, 2·gates·units] as Keras' kernel [in, gates·units], recurrent_kernel [units, gates·units] and bias.
    /// </summary>
    private static IEnumerable<(string Variable, float[] Values)> RecurrentWeights(RecurrentCell cell, bool resetAfter, int[] onnxGate,
        OnnxTensor w, OnnxTensor r, OnnxTensor? b, int half, int features, int units)
    {
        int gates = onnxGate.Length, width = gates * units;
        int wAt = half * width * features, rAt = half * width * units, bAt = half * 2 * width;
        var kernel = new float[features * width];
        var recurrent = new float[units * width];
        for (int k = 0; k < gates; k++)
            for (int u = 0; u < units; u++)
            {
                int row = onnxGate[k] * units + u, column = k * units + u;
                for (int i = 0; i < features; i++) kernel[i * width + column] = w.Floats[wAt + row * features + i];
                for (int j = 0; j < units; j++) recurrent[j * width + column] = r.Floats[rAt + row * units + j];
            }
        yield return ("kernel", kernel);
        yield return ("recurrent_kernel", recurrent);
        if (b is null) yield break;
        bool twoRows = cell == RecurrentCell.Gru && resetAfter;
        var bias = new float[twoRows ? 2 * width : width];
        for (int k = 0; k < gates; k++)
            for (int u = 0; u < units; u++)
            {
                float input = b.Floats[bAt + onnxGate[k] * units + u], recurrence = b.Floats[bAt + width + onnxGate[k] * units + u];
                if (twoRows)
                {
                    bias[k * units + u] = input;
                    bias[width + k * units + u] = recurrence;
                }
                else bias[k * units + u] = input + recurrence;
            }
        yield return ("bias", bias);
    }

    /// <summary>Transpose [0, 2, 1] of a sequence (see <see cref="SwapSequenceLayout"/>), [1, 0, 2] of a sequence (to time-major, before a recurrent op) or of a recurrent op's squeezed Y (back to batch-major).</summary>
    private void Transpose(OnnxNode node)
    {
        OnnxValueState? x = Peek(node, 0);
        List<long> perm = node.Attributes.TryGetValue("perm", out OnnxAttribute? p) ? p.Ints : new List<long>();
        if (SwapSequenceLayout(node, x, perm)) return;
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
        if (x is { Role: OnnxValueRole.RecurrentYBidirectional } && perm.SequenceEqual(new long[] { 0, 2, 1, 3 }))
        {
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { Role = OnnxValueRole.RecurrentYDirectionsLast, SequenceValue = x.SequenceValue };
            return;
        }
        throw Unsupported(node, "perm", "[0, 2, 1] of a sequence (PyTorch's x.transpose(1, 2) around Conv1d), [1, 0, 2] around a recurrent op, [0, 2, 1, 3] after a bidirectional one (other transposes are not imported)",
            $"[{string.Join(", ", perm)}]");
    }

    /// <summary>
    /// Reshape of a bidirectional op's (steps, batch, 2, units) Y to (steps, batch, 2·units): the two directions side by
    /// side, Keras' concat merge. True when the node was that reshape.
    /// </summary>
    private bool MergeDirections(OnnxNode node)
    {
        if (Peek(node, 0) is not { Role: OnnxValueRole.RecurrentYDirectionsLast } x) return false;
        long[] target = TargetShape(node);
        int steps = x.Shape[0], width = x.Shape[1];
        bool merges = target.Length == 3 && (target[0] == 0 || target[0] == steps) && (target[1] is 0 or -1) && (target[2] == -1 || target[2] == width)
            && !(target[1] == -1 && target[2] == -1);
        if (!merges) throw Unsupported(node, "shape", $"[0, 0, -1] (both directions of each step side by side: [{steps}, batch, {width}])", $"[{string.Join(", ", target)}]");
        _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { Role = OnnxValueRole.RecurrentYSqueezed, SequenceValue = x.SequenceValue };
        return true;
    }

    /// <summary>
    /// Concat(axis = 1) of a bidirectional op's two last states, forward first (<c>torch.cat([h[-2], h[-1]], dim=1)</c>):
    /// Keras' Bidirectional without return_sequences. True when the node was that concat.
    /// </summary>
    private bool ConcatLastStates(OnnxNode node)
    {
        var states = node.Inputs.Select((_, i) => Peek(node, i)).ToArray();
        if (!states.Any(v => v is { Role: OnnxValueRole.RecurrentForwardLastState or OnnxValueRole.RecurrentBackwardLastState })) return false;
        long axis = Int(node, "axis", 1);
        bool pair = states.Length == 2 && states[0] is { Role: OnnxValueRole.RecurrentForwardLastState } f && states[1] is { Role: OnnxValueRole.RecurrentBackwardLastState } b
            && f.Layer == b.Layer && axis is 1 or -1;
        if (!pair)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "a Concat of a bidirectional op's last states other than forward then backward on axis 1",
                "torch.cat([h[-2], h[-1]], dim=1): the forward half's last state, then the backward half's (Keras' Bidirectional, merge concat)");
        }
        LastState(node, states[0]!);
        return true;
    }

    /// <summary>Squeeze of a recurrent op's direction axis: Y (axis 1) or Y_h (axis 0, the last state), or of a global pool's ones.</summary>
    private void Squeeze(OnnxNode node)
    {
        OnnxValueState? x = Peek(node, 0);
        long[] axes = node.Inputs.Count > 1 && node.Inputs[1].Length > 0 ? ConstantInput(node, 1, "the axes").Longs
            : node.Attributes.TryGetValue("axes", out OnnxAttribute? a) ? a.Ints.ToArray() : Array.Empty<long>();
        if (SqueezeGlobalPool(node, x, axes)) return;
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
        throw Unsupported(node, "axes", "the direction axis of a recurrent op's output, or a global pool's unit position axes", $"[{string.Join(", ", axes)}]");
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
        if (x.Role == OnnxValueRole.RecurrentLastState && axis == 0 && index is 0 or -1)
        {
            LastState(node, x);
            return;
        }
        if (x.Role == OnnxValueRole.RecurrentBidirectionalLastStates && axis == 0 && index is >= -2 and <= 1)
        {
            bool forward = index is 0 or -2;
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape)
            {
                Role = forward ? OnnxValueRole.RecurrentForwardLastState : OnnxValueRole.RecurrentBackwardLastState,
                SequenceValue = x.SequenceValue,
            };
            return;
        }
        if (x.Layer >= 0 && _layers[x.Layer] is BidirectionalDeclaration && x.Role is OnnxValueRole.Data or OnnxValueRole.RecurrentYSqueezed)
        {
            // y[:, -1, :] of a bidirectional sequence holds the backward half after one step only: not what Keras'
            // Bidirectional(return_sequences=False) returns (the backward half after all steps, h[-1]).
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "one step of a bidirectional op's sequence",
                "the whole sequence, or torch.cat([h[-2], h[-1]], dim=1) of its last states (Keras' Bidirectional without return_sequences)");
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
        if (_layers[x.Layer] is BidirectionalDeclaration { Inner: { } inner } bidirectional)
        {
            _layers[x.Layer] = bidirectional with { Inner = inner with { ReturnSequences = false } };
            _values[node.Outputs[0]] = new OnnxValueState(x.Layer, new[] { 2 * inner.Units });
            return;
        }
        var layer = (RecurrentDeclaration)_layers[x.Layer];
        _layers[x.Layer] = layer with { ReturnSequences = false };
        _values[node.Outputs[0]] = new OnnxValueState(x.Layer, new[] { layer.Units });
    }
}
