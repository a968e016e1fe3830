using GenNet.Kernels;
using GenNet.Onnx;
using Attr = GenNet.Onnx.OnnxGraph.Attribute;

namespace GenNet.Quantization;

/// <summary>
/// A <see cref="QuantizedModel"/> as an ONNX QDQ graph (opset 17): the input quantized with <c>QuantizeLinear</c>, every
/// Dense/Conv2D as <c>DequantizeLinear</c> of its uint8 input, int8 weights (per output channel, <c>axis</c>) and int32
/// bias around the float <c>Gemm</c>/<c>Conv</c>, relu, then <c>QuantizeLinear</c> with the next layer's scale;
/// max pooling, the NHWC↔NCHW transposes and Flatten run on the uint8 tensors themselves. ONNX Runtime fuses the
/// patterns into its QLinear kernels. The last layer's float output goes through softmax/sigmoid as in the model.
/// </summary>
internal static class QuantizedOnnx
{
    private const int Uint8 = 2, Int8 = 3, Int32 = 6;

    public static byte[] Export(QuantizedModel model)
    {
        var g = new OnnxGraph();
        ModelInfo info = model.Info;
        g.Reserve("input");
        g.Reserve("output");
        string value = g.Node("QuantizeLinear", "input_q", ["input", g.Scalar("input_scale", model.InputScale), ZeroPoint(g, "input_zero_point", model.InputZeroPoint)]);
        int rank = info.InputShape.Length + 1;
        bool nchw = false;
        foreach (QuantizedLayer layer in model.Layers)
        {
            PlanLayer p = layer.Plan;
            string name = p.Name;
            if (p.Kind is PlanKind.Conv2D or PlanKind.MaxPool && !nchw)
            {
                value = g.Node("Transpose", $"{name}_input_nchw", [value], Attr.Longs("perm", 0, 3, 1, 2));
                nchw = true;
            }
            if (p.Kind == PlanKind.MaxPool)
            {
                PoolGeometry pg = p.Pool;
                value = g.Node("MaxPool", name, [value], Attr.Longs("kernel_shape", pg.PoolHeight, pg.PoolWidth), Attr.Longs("strides", pg.StrideH, pg.StrideW),
                    Attr.Longs("pads", pg.PadTop, pg.PadLeft, End(pg.Height, pg.OutHeight, pg.StrideH, pg.PoolHeight, 1, pg.PadTop), End(pg.Width, pg.OutWidth, pg.StrideW, pg.PoolWidth, 1, pg.PadLeft)));
                continue;
            }
            if (p.Kind == PlanKind.Dense && (nchw || rank != 2))
            {
                if (nchw) value = g.Node("Transpose", $"{name}_input_nhwc", [value], Attr.Longs("perm", 0, 2, 3, 1));
                value = g.Node("Reshape", $"{name}_input_flat", [value, g.Int64Initializer($"{name}_flat_shape", 0, p.Inputs)]);
                nchw = false;
                rank = 2;
            }
            int n = p.Channels;
            string input = g.Node("DequantizeLinear", $"{name}_input_dq", [value, g.Scalar($"{name}_input_scale", layer.InputScale), ZeroPoint(g, $"{name}_input_zero_point", layer.InputZeroPoint)]);
            var accumulatorScales = new float[n];
            for (int c = 0; c < n; c++) accumulatorScales[c] = layer.InputScale * layer.WeightScales[c];
            string bias = g.Node("DequantizeLinear", $"{name}.bias_dq", [Int32s(g, $"{name}.bias_quantized", layer.Bias), g.Initializer($"{name}.bias_scale", accumulatorScales, n)], Attr.Int("axis", 0));
            if (p.Kind == PlanKind.Dense)
            {
                string w = g.Node("DequantizeLinear", $"{name}.kernel_dq", [Int8s(g, $"{name}.kernel_quantized", layer.Weights, p.Inputs, n), g.Initializer($"{name}.kernel_scale", layer.WeightScales, n)], Attr.Int("axis", 1));
                value = g.Node("Gemm", $"{name}_gemm", [input, w, bias]);
            }
            else
            {
                Conv2DGeometry cg = p.Conv;
                string w = g.Node("DequantizeLinear", $"{name}.kernel_dq", [Int8s(g, $"{name}.kernel_quantized", Oihw(layer.Weights, cg), cg.Filters, cg.Channels, cg.KernelHeight, cg.KernelWidth), g.Initializer($"{name}.kernel_scale", layer.WeightScales, n)], Attr.Int("axis", 0));
                value = g.Node("Conv", name, [input, w, bias], Attr.Longs("kernel_shape", cg.KernelHeight, cg.KernelWidth), Attr.Longs("strides", cg.StrideH, cg.StrideW),
                    Attr.Longs("dilations", cg.DilationH, cg.DilationW),
                    Attr.Longs("pads", cg.PadTop, cg.PadLeft, End(cg.Height, cg.OutHeight, cg.StrideH, cg.KernelHeight, cg.DilationH, cg.PadTop), End(cg.Width, cg.OutWidth, cg.StrideW, cg.KernelWidth, cg.DilationW, cg.PadLeft)));
            }
            if (p.Activation == "relu") value = g.Node("Relu", $"{name}_relu", [value]);
            if (!layer.IsLast)
            {
                value = g.Node("QuantizeLinear", $"{name}_q", [value, g.Scalar($"{name}_output_scale", layer.OutputScale), ZeroPoint(g, $"{name}_output_zero_point", layer.OutputZeroPoint)]);
                continue;
            }
            if (nchw) value = g.Node("Transpose", $"{name}_nhwc", [value], Attr.Longs("perm", 0, 2, 3, 1));
            if (p.Activation == "softmax") value = g.Node("Softmax", $"{name}_softmax", [value], Attr.Int("axis", -1));
            if (p.Activation == "sigmoid") value = g.Node("Sigmoid", $"{name}_sigmoid", [value]);
        }
        g.NamedNode("Identity", "output", [value]);
        return g.ToModel(info.Name + "_quantized", [("input", info.InputShape)], [("output", info.OutputShape)],
            "GenNet int8 post-training quantization (QDQ): uint8 activations, int8 per-channel weights, int32 bias");
    }

    // The end padding ONNX wants so that the last window starts where Keras's does (never negative).
    private static long End(int size, int outSize, int stride, int window, int dilation, int padStart) =>
        Math.Max(0, (outSize - 1) * stride + (window - 1) * dilation + 1 - size - padStart);

    private static string ZeroPoint(OnnxGraph g, string hint, int zeroPoint) => g.RawInitializer(hint, Uint8, [(byte)zeroPoint]);

    private static string Int8s(OnnxGraph g, string hint, sbyte[] values, params long[] dims) =>
        g.RawInitializer(hint, Int8, Array.ConvertAll(values, v => (byte)v), dims);

    private static string Int32s(OnnxGraph g, string hint, int[] values)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw.AsSpan(4 * i), values[i]);
        return g.RawInitializer(hint, Int32, raw, values.Length);
    }

    // HWIO rows [(a·KW + b)·C + ch, f] to ONNX's OIHW [f, ch, a, b].
    private static sbyte[] Oihw(sbyte[] w, Conv2DGeometry g)
    {
        var o = new sbyte[w.Length];
        for (int a = 0; a < g.KernelHeight; a++)
            for (int b = 0; b < g.KernelWidth; b++)
                for (int ch = 0; ch < g.Channels; ch++)
                    for (int f = 0; f < g.Filters; f++)
                        o[((f * g.Channels + ch) * g.KernelHeight + a) * g.KernelWidth + b] = w[((a * g.KernelWidth + b) * g.Channels + ch) * g.Filters + f];
        return o;
    }
}
