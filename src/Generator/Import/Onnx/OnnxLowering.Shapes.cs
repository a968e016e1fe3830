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

/// <summary>The lowering of Flatten and the flattening Reshape.</summary>
internal sealed partial class OnnxLowering
{
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
        // ONNX flattens (c, h, w), or an NCW sequence's (c, steps) as a one-row image's (c, 1, steps).
        if (x.ChannelsFirst) flattened.FlattenedChw = x.Shape.Length == 3 ? (x.Shape[2], x.Shape[0], x.Shape[1]) : (x.Shape[1], 1, x.Shape[0]);
    }

    /// <summary>Only the flattening Reshape, <c>[-1 | 0 | batch, size]</c> (what <c>x.view(n, -1)</c> exports to with a constant shape).</summary>
    private void Reshape(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        long[] shape = TargetShape(node);
        int size = x.Shape.Aggregate(1, (a, d) => a * d);
        bool flattens = shape.Length == 2 && (shape[1] == size ? shape[0] >= -1 : shape[1] == -1 && shape[0] >= 0);
        if (!flattens)
        {
            throw Unsupported(node, "shape", $"[-1, {size}] or [0, -1] (a flatten; other reshapes are not imported yet)", $"[{string.Join(", ", shape)}]");
        }
        Flatten(node, x);
    }

    /// <summary>A Reshape's constant shape, where a 0 keeps that axis (with allowzero = 1, opset 14 on, a 0 is a literal zero).</summary>
    private long[] TargetShape(OnnxNode node)
    {
        long[] shape = ConstantInput(node, 1, "the target shape").Longs;
        if (Int(node, "allowzero", 0) != 0 && shape.Contains(0))
        {
            throw Unsupported(node, "allowzero", "0 (a 0 in the shape keeps that axis), or a shape without zeros");
        }
        return shape;
    }

    private static void RequireFlat(OnnxNode node, OnnxValueState x)
    {
        if (x.Shape.Length != 1 || x.SpatialOnes || x.ChannelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of rank {x.Shape.Length + 1}", "(batch, features): a Flatten before it");
        }
    }
}
