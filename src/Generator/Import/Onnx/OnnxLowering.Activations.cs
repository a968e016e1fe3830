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

/// <summary>The lowering of activation ops: fused into the layer before, or an activation layer.</summary>
internal sealed partial class OnnxLowering
{
    /// <summary>A shape-keeping layer on the node's input (activation layers).</summary>
    private void LayerAfter(OnnxNode node, LayerDeclaration layer)
    {
        OnnxValueState x = Read(node);
        Layer(node, layer, null, x.Shape, like: x);
    }

    private void Activation(OnnxNode node, string activation)
    {
        OnnxValueState x = Read(node);
        if (node.OpType is "Softmax" or "LogSoftmax" && SoftmaxAxis(node, x) != -1)
        {
            throw Unsupported(node, "axis", "the channel axis (log_softmax: the last axis of a (batch, features) value)");
        }
        // Fused into the layer that computed the input when nothing else reads that value and the layer has no activation;
        // not through a view of it (a transposed sequence), whose source may have other readers.
        bool fuses = x.Layer >= 0 && ReferenceEquals(_layerOutputs[x.Layer], x) && _readers[node.Inputs[0]] == 1 && _values.Count(v => v.Value == x) == 1;
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
        else if (fuses && _layers[x.Layer] is Conv1DDeclaration { Activation: null } conv1D)
        {
            _layers[x.Layer] = conv1D with { Activation = activation };
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

    /// <summary>PRelu with a per-channel (or single) slope → PReLU sharing the other axes, alpha in Keras' (…, channels) layout.</summary>
    private void PRelu(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor slope = ConstantInput(node, 1, "the slope");
        int channels = x.Shape[x.Shape.Length - 1];
        long count = slope.ElementCount;
        bool perChannel = count == channels && (x.ChannelsFirst ? slope.Dims.Count == x.Shape.Length || slope.Dims.Count == 1 && channels == 1 : slope.Dims.Count <= 1);
        if (count != 1 && !perChannel) throw Unsupported(node, "slope", "one slope, or one per channel (shape [C, 1, 1] on images, [C, 1] on sequences)", $"dims [{string.Join(", ", slope.Dims)}]");
        int rank = x.Shape.Length;
        int[] shared = Enumerable.Range(1, count == 1 ? rank : rank - 1).ToArray();
        float[] alpha = count == 1 ? slope.Floats : slope.Floats;
        Layer(node, new PReLUDeclaration(shared.ToEquatableArray(), null, null),
            new Dictionary<string, float[]>(StringComparer.Ordinal) { ["alpha"] = alpha }, x.Shape, like: x);
    }
}
