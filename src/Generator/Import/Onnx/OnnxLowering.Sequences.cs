using System;
using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Shared;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// The lowering of 1-D convolution ops. PyTorch's Conv1d and its pools read sequences as (batch, channels, steps), NCW;
/// GenNet's Conv1D and 1-D pools read (steps, channels). Such a value is <see cref="OnnxValueState.ChannelsFirst"/> with a
/// rank-2 GenNet shape, as an NCHW image is with a rank-3 one, and <c>x.transpose(1, 2)</c> only changes that flag.
/// </summary>
internal sealed partial class OnnxLowering
{
    /// <summary>Ops that read their input's axis 1 as the channels: a rank-3 model input they read is NCW.</summary>
    private static bool ReadsChannelsFirst(OnnxNode node) =>
        node.OpType is "Conv" or "MaxPool" or "AveragePool" or "GlobalAveragePool" or "GlobalMaxPool" or "BatchNormalization";

    /// <summary>Whether the rank-3 graph input <paramref name="name"/> is a sequence in PyTorch's Conv1d layout (batch, channels, steps).</summary>
    private bool InputIsChannelsFirst(string name) =>
        _model.Graph.Nodes.Any(n => n.Inputs.Count > 0 && n.Inputs[0] == name && ReadsChannelsFirst(n));

    /// <summary>
    /// Transpose(perm = [0, 2, 1]) of a sequence: (batch, steps, channels) ↔ (batch, channels, steps). GenNet's element
    /// order stays (steps, channels); only the ONNX layout the value stands for changes. True when the node was that.
    /// </summary>
    private bool SwapSequenceLayout(OnnxNode node, OnnxValueState? x, List<long> perm)
    {
        if (x is not { Role: OnnxValueRole.Data, SpatialOnes: false, FlattenedChw: null } || x.Shape.Length != 2 || !perm.SequenceEqual(new long[] { 0, 2, 1 }))
        {
            return false;
        }
        _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape) { ChannelsFirst = !x.ChannelsFirst };
        return true;
    }

    /// <summary>
    /// A 1-D Conv (W of rank 3) → Conv1D, grouped where the node's group is (a depthwise one is groups = channels): ONNX
    /// <c>W[o][i][k]</c> → Keras <c>kernel[k][i][o]</c>, i within the group (the HWIO loop with one row); pads of 'valid',
    /// Keras' 'same', or (k − 1)·d before and none after, Keras' 'causal'. Any other non-negative pads (PyTorch's
    /// <c>padding=2</c> on a 3-step kernel) are a ZeroPadding1D before a 'valid' Conv1D, what a Keras user writes for them.
    /// </summary>
    private void Conv1D(OnnxNode node, OnnxValueState x, OnnxTensor w)
    {
        RequireSequence(node, x);
        int group = (int)Math.Min(Int(node, "group", 1), int.MaxValue);
        int filters = (int)w.Dims[0], groupChannels = (int)w.Dims[1], k = (int)w.Dims[2];
        if (group < 1 || (long)groupChannels * group != x.Shape[1] || filters % group != 0)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {groupChannels} input channels per group in {group} group(s), {filters} filters",
                $"{x.Shape[1]} channels, those of '{node.Inputs[0]}', split evenly into the groups");
        }
        int stride = Single(node, "strides"), dilation = Single(node, "dilations");
        string? padding = SequencePadding(node, x.Shape[0], k, stride, dilation, allowCausal: true, out List<long> pads);
        if (padding is null)
        {
            x = AddSequencePadding(node, x, (int)pads[0], (int)pads[1]);
            padding = PaddingNames.Valid;
        }
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = KernelHwio(w.Floats, filters, groupChannels, 1, k) };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;
        int steps = padding == PaddingNames.Causal ? x.Shape[0] : OutputSize(x.Shape[0], k, stride, dilation, padding);
        var layer = new Conv1DDeclaration(filters, k, stride, padding, dilation, null, useBias, null, null, null) { Groups = group };
        Layer(node, layer, weights, new[] { steps, filters }, like: x, inputs: x);
    }

    /// <summary>A 1-D MaxPool/AveragePool → MaxPooling1D/AveragePooling1D ('valid', or 'same' with count_include_pad = 0).</summary>
    private void Pool1D(OnnxNode node, OnnxValueState x, int pool)
    {
        RequireSequence(node, x);
        int stride = Single(node, "strides");
        if (Single(node, "dilations") != 1) throw Unsupported(node, "dilations", "1");
        string padding = SequencePadding(node, x.Shape[0], pool, stride, 1, allowCausal: false, out _) ??
            throw Unsupported(node, "pads", $"[0, 0] ('valid') or [{SameBefore(x.Shape[0], pool, stride, 1)}, {SameAfter(x.Shape[0], pool, stride, 1)}] (Keras' 'same'); a pool's other padding has no Keras form");
        int steps = OutputSize(x.Shape[0], pool, stride, 1, padding);
        if (Int(node, "ceil_mode", 0) != 0 && steps != CeilOutput(x.Shape[0], pool, stride))
        {
            throw Unsupported(node, "ceil_mode", "0 (or a size where rounding up changes nothing)");
        }
        if (node.OpType == "AveragePool" && padding == PaddingNames.Same && Int(node, "count_include_pad", 0) != 0)
        {
            throw Unsupported(node, "count_include_pad", "0 (Keras' 'same' average counts only real steps)");
        }
        // ONNX's strides default to 1, Keras' to the pool size: written out only where they differ from Keras'.
        int? strides = stride == pool ? null : stride;
        LayerDeclaration layer = node.OpType == "MaxPool"
            ? new MaxPooling1DDeclaration(pool, strides, padding, null)
            : new AveragePooling1DDeclaration(pool, strides, padding, null);
        Layer(node, layer, null, new[] { steps, x.Shape[1] }, like: x);
    }

    /// <summary>
    /// Keras' padding name for a 1-D window's pads: 'valid', 'same' or (with <paramref name="allowCausal"/>) 'causal'; null
    /// for other non-negative pads, returned in <paramref name="pads"/> as (before, after).
    /// </summary>
    private static string? SequencePadding(OnnxNode node, int steps, int k, int stride, int dilation, bool allowCausal, out List<long> pads)
    {
        if (AutoPadding(node, out pads) is { } automatic) return automatic;
        int before = SameBefore(steps, k, stride, dilation), after = SameAfter(steps, k, stride, dilation);
        long causal = (k - 1L) * dilation;
        if (pads.Count != 2 || pads.Any(v => v < 0 || v > 1024)) throw Unsupported(node, "pads", "two non-negative values (before, after)");
        if (pads[0] == before && pads[1] == after) return PaddingNames.Same;
        if (allowCausal && stride == 1 && pads[0] == causal && pads[1] == 0) return PaddingNames.Causal;
        return null;
    }

    /// <summary>A ZeroPadding1D of (before, after) steps in front of a 'valid' window layer.</summary>
    private OnnxValueState AddSequencePadding(OnnxNode node, OnnxValueState x, int before, int after) =>
        Layer(node, new ZeroPadding1DDeclaration(before, after, "left", "right", null), null, new[] { x.Shape[0] + before + after, x.Shape[1] }, like: x, inputs: x);

    /// <summary>A per-axis attribute of a 1-D window (<c>strides</c>, <c>dilations</c>): one positive value, 1 when absent.</summary>
    private static int Single(OnnxNode node, string attribute)
    {
        if (!node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) || a.Ints.Count == 0) return 1;
        if (a.Ints.Count != 1 || a.Ints[0] < 1 || a.Ints[0] > 1024) throw Unsupported(node, attribute, "one positive value (a 1-D window)");
        return (int)a.Ints[0];
    }

    private static void RequireSequence(OnnxNode node, OnnxValueState x)
    {
        if (!x.ChannelsFirst || x.Shape.Length != 2)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of GenNet shape ({string.Join(", ", x.Shape)})",
                "(batch, channels, steps), as PyTorch's Conv1d reads it");
        }
    }
}
