using System;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// The lowering of global pools and of the reductions PyTorch writes for <c>x.mean(dim)</c> / <c>x.amax(dim)</c>: a mean or
/// maximum over every position axis, per channel, is Keras' GlobalAveragePooling1D/2D or GlobalMaxPooling1D/2D.
/// </summary>
internal sealed partial class OnnxLowering
{
    /// <summary>GlobalAveragePool/GlobalMaxPool of an NCW sequence or an NCHW image: (C, 1[, 1]) in ONNX, (C) in GenNet.</summary>
    private void GlobalPool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        if (x.Shape.Length == 2) RequireSequence(node, x);
        else RequireImage(node, x);
        var pooled = Layer(node, GlobalPooling(node.OpType == "GlobalMaxPool", x.Shape.Length), null, new[] { x.Shape[x.Shape.Length - 1] });
        pooled.SpatialOnes = true;
    }

    private static LayerDeclaration GlobalPooling(bool max, int rank) =>
        max ? new GlobalMaxPoolingDeclaration(rank, null)
        : rank == 2 ? new GlobalAveragePooling1DDeclaration(null) : new GlobalAveragePooling2DDeclaration(null);

    /// <summary>
    /// ReduceMean/ReduceMax over exactly the position axes: [2] of an NCW sequence, [2, 3] of an NCHW image, [1] of a
    /// (batch, steps, channels) one. The axes are an attribute up to opset 17 and input 1 from opset 18 on, as the
    /// operator's version for the file's opset defines them; keepdims leaves (C, 1[, 1]), which flattens to (C).
    /// </summary>
    private void Reduce(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        long[] axes = ReductionAxes(node);
        int rank = x.Shape.Length + 1;
        int[] positions = x.ChannelsFirst ? Enumerable.Range(2, rank - 2).ToArray()
            : x.Shape.Length == 2 && !x.SpatialOnes ? new[] { 1 } : Array.Empty<int>();
        var normalized = axes.Select(a => a < 0 ? a + rank : a).Distinct().OrderBy(a => a).ToArray();
        if (positions.Length == 0 || !normalized.SequenceEqual(positions.Select(p => (long)p)))
        {
            string expected = positions.Length == 0
                ? "a reduction of a sequence's or an image's position axes (GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D)"
                : $"[{string.Join(", ", positions)}], every position axis (Keras' global pooling)";
            throw Unsupported(node, "axes", expected, axes.Length == 0 ? "[] (all axes)" : $"[{string.Join(", ", axes)}]");
        }
        var pooled = Layer(node, GlobalPooling(node.OpType == "ReduceMax", x.Shape.Length), null, new[] { x.Shape[x.Shape.Length - 1] });
        pooled.SpatialOnes = Int(node, "keepdims", 1) != 0;
    }

    /// <summary>
    /// Squeeze of a global pool's (or a keepdims reduction's) unit position axes, <c>x.squeeze(-1)</c> after
    /// AdaptiveAvgPool1d(1): (C, 1[, 1]) → (C), which GenNet already holds. True when the node was that.
    /// </summary>
    private bool SqueezeGlobalPool(OnnxNode node, OnnxValueState? x, long[] axes)
    {
        if (x is not { Role: OnnxValueRole.Data, SpatialOnes: true } || x.Layer < 0) return false;
        int rank = _layers[x.Layer] is GlobalAveragePooling1DDeclaration or GlobalMaxPoolingDeclaration { Rank: 2 } ? 3 : 4;
        var normalized = axes.Select(a => a < 0 ? a + rank : a).Distinct().OrderBy(a => a);
        if (!normalized.SequenceEqual(Enumerable.Range(2, rank - 2).Select(a => (long)a))) return false;
        _values[node.Outputs[0]] = new OnnxValueState(x.Layer, x.Shape);
        return true;
    }

    /// <summary>The axes of a Reduce op: the <c>axes</c> attribute before opset 18, the optional constant input 1 from 18 on.</summary>
    private long[] ReductionAxes(OnnxNode node)
    {
        bool asInput = _model.Opset >= 18;
        bool hasAttribute = node.Attributes.TryGetValue("axes", out OnnxAttribute? attribute);
        bool hasInput = node.Inputs.Count > 1 && node.Inputs[1].Length > 0;
        string opset = _model.Opset.ToString(CultureInfo.InvariantCulture);
        if (asInput && hasAttribute) throw Unsupported(node, "axes", $"the axes as input 1 (opset {opset}; an attribute only up to opset 17)");
        if (!asInput && hasInput) throw Unsupported(node, "axes", $"the axes as an attribute (opset {opset}; an input from opset 18 on)", $"input '{node.Inputs[1]}'");
        long[] axes = asInput ? hasInput ? ConstantInput(node, 1, "the axes").Longs : Array.Empty<long>() : attribute?.Ints.ToArray() ?? Array.Empty<long>();
        if (axes.Length == 0 && Int(node, "noop_with_empty_axes", 0) != 0)
        {
            throw Unsupported(node, "noop_with_empty_axes", "0 with the position axes given (an identity reduction is not a layer)");
        }
        return axes;
    }
}
