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

/// <summary>The lowering of matrix products and merges: Gemm/MatMul → Dense, Add/Sub/Mul/Max/Min and Concat → merge layers.</summary>
internal sealed partial class OnnxLowering
{
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
