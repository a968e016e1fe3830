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

/// <summary>Reading a node's constant inputs and attributes, and the diagnostics for values GenNet cannot take.</summary>
internal sealed partial class OnnxLowering
{
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
        if (what is "the weights W" or "the recurrence weights R" or "the biases B" && tensor.DataType == OnnxTensor.Float) return tensor;
        if (tensor.DataType != (integers ? OnnxTensor.Int64 : OnnxTensor.Float))
        {
            throw Unsupported(node, tensor.Name, integers ? "int64 (data_type 7)" : "float32 (data_type 1)", $"data_type {tensor.DataType}");
        }
        return tensor;
    }

    private static long Int(OnnxNode node, string name, long fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Int is { } v ? v : fallback;

    private static string StringAttribute(OnnxNode node, string name, string fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? a) ? a.String ?? fallback : fallback;

    private static float Float(OnnxNode node, string name, float fallback) =>
        node.Attributes.TryGetValue(name, out OnnxAttribute? a) && a.Float is { } v ? v : fallback;

    /// <summary>The double a float was written as (0.9f → 0.9, not 0.899999976…): what the exporter's user typed.</summary>
    private static double Shortest(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static ImportProblem Unsupported(OnnxNode node, string attribute, string supported, string? found = null)
    {
        string value = found ?? (node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) ? a.Describe() : "(its default)");
        return new ImportProblem(Descriptors.OnnxUnsupportedAttribute, node.Label, node.OpType, attribute, value, supported);
    }

    private static float[] Transpose(float[] m, int rows, int columns)
    {
        var t = new float[m.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                t[c * rows + r] = m[r * columns + c];
        return t;
    }
}
