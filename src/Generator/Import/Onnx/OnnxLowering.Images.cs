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

/// <summary>The lowering of image ops (NCHW in ONNX, NHWC in GenNet): convolutions, pools, normalization, padding, cropping, resizing.</summary>
internal sealed partial class OnnxLowering
{
    /// <summary>Zero padding of height and width → ZeroPadding2D (nothing when it adds nothing: PyTorch writes one before AveragePool).</summary>
    private void Pad(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor pads = ConstantInput(node, 1, "the pads");
        long[] p = pads.Longs;
        if (p.All(v => v == 0))
        {
            Alias(node, x);
            return;
        }
        string mode = node.Attributes.TryGetValue("mode", out OnnxAttribute? m) ? m.String ?? "constant" : "constant";
        bool zeros = node.Inputs.Count < 3 || node.Inputs[2].Length == 0 || ConstantInput(node, 2, "the padding value").Floats.All(v => v == 0);
        bool imageBorders = x.ChannelsFirst && p.Length == 8 && p[0] == 0 && p[1] == 0 && p[4] == 0 && p[5] == 0 && p.All(v => v >= 0);
        if (mode != "constant" || !zeros || !imageBorders)
        {
            throw Unsupported(node, "pads", "non-negative zero padding of height and width (ZeroPadding2D)", $"[{string.Join(", ", p)}] mode {mode}");
        }
        AddZeroPadding(node, x, (int)p[2], (int)p[6], (int)p[3], (int)p[7]);
    }

    private OnnxValueState AddZeroPadding(OnnxNode node, OnnxValueState x, int top, int bottom, int left, int right)
    {
        var borders = new ImageBorders(top, bottom, left, right, "top", "bottom", "left", "right");
        int[] shape = { x.Shape[0] + top + bottom, x.Shape[1] + left + right, x.Shape[2] };
        return Layer(node, new ZeroPadding2DDeclaration(borders, null), null, shape, like: x, inputs: x);
    }

    /// <summary>A Slice of height and width with step 1 (what <c>x[:, :, a:b, c:d]</c> exports to) → Cropping2D.</summary>
    private void Slice(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        long[] starts = ConstantInput(node, 1, "the starts").Longs, ends = ConstantInput(node, 2, "the ends").Longs;
        long[] axes = node.Inputs.Count > 3 && node.Inputs[3].Length > 0 ? ConstantInput(node, 3, "the axes").Longs : Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        long[] steps = node.Inputs.Count > 4 && node.Inputs[4].Length > 0 ? ConstantInput(node, 4, "the steps").Longs : starts.Select(_ => 1L).ToArray();
        int[] crop = new int[4]; // top, bottom, left, right
        for (int i = 0; i < axes.Length; i++)
        {
            long axis = axes[i] < 0 ? axes[i] + 4 : axes[i];
            int size = axis == 2 ? x.Shape[0] : axis == 3 ? x.Shape[1] : -1;
            long start = starts[i] < 0 ? starts[i] + size : starts[i];
            long end = ends[i] < 0 ? ends[i] + size : Math.Min(ends[i], size);
            if (size < 0 || steps[i] != 1 || start < 0 || end > size || start >= end)
            {
                throw Unsupported(node, "axes", "a step-1 slice of height and/or width that keeps at least one row (Cropping2D)",
                    $"axis {axes[i]}, start {starts[i]}, end {ends[i]}, step {steps[i]}");
            }
            int first = axis == 2 ? 0 : 2;
            crop[first] = (int)start;
            crop[first + 1] = size - (int)end;
        }
        var borders = new ImageBorders(crop[0], crop[1], crop[2], crop[3], "top", "bottom", "left", "right");
        Layer(node, new Cropping2DDeclaration(borders, null), null,
            new[] { x.Shape[0] - crop[0] - crop[1], x.Shape[1] - crop[2] - crop[3], x.Shape[2] }, like: x);
    }

    /// <summary>Resize by integer scales on height and width → UpSampling2D (nearest as PyTorch writes it, or bilinear with half-pixel centres).</summary>
    private void Resize(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        string mode = node.Attributes.TryGetValue("mode", out OnnxAttribute? m) ? m.String ?? "nearest" : "nearest";
        string transform = node.Attributes.TryGetValue("coordinate_transformation_mode", out OnnxAttribute? t) ? t.String ?? "half_pixel" : "half_pixel";
        string nearestMode = node.Attributes.TryGetValue("nearest_mode", out OnnxAttribute? n) ? n.String ?? "round_prefer_floor" : "round_prefer_floor";
        float[]? scales = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && _constants.TryGetValue(node.Inputs[2], out OnnxTensor? s) ? s.Floats : null;
        if (scales is null && node.Inputs.Count > 3 && _constants.TryGetValue(node.Inputs[3], out OnnxTensor? sizes) && sizes.Longs.Length == 4)
        {
            scales = new[] { 1f, 1f, (float)sizes.Longs[2] / x.Shape[0], (float)sizes.Longs[3] / x.Shape[1] };
        }
        if (scales is not { Length: 4 } || scales[0] != 1 || scales[1] != 1 || scales[2] != Math.Floor(scales[2]) || scales[3] != Math.Floor(scales[3]) || scales[2] < 1 || scales[3] < 1)
        {
            throw Unsupported(node, "scales", "[1, 1, sh, sw] with whole sh, sw ≥ 1 (UpSampling2D)", scales is null ? "computed" : $"[{string.Join(", ", scales)}]");
        }
        string interpolation;
        if (mode == "nearest" && transform == "asymmetric" && nearestMode == "floor") interpolation = "nearest";
        else if (mode == "linear" && transform is "half_pixel" or "pytorch_half_pixel") interpolation = "bilinear";
        else throw Unsupported(node, "mode", "nearest (asymmetric, floor) or linear (half_pixel): Keras' nearest and bilinear", $"{mode}, {transform}, {nearestMode}");
        int sh = (int)scales[2], sw = (int)scales[3];
        Layer(node, new UpSampling2DDeclaration(sh, sw, sh == sw ? "size" : "sizeHeight", interpolation, null), null,
            new[] { x.Shape[0] * sh, x.Shape[1] * sw, x.Shape[2] }, like: x);
    }

    private void Conv(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        if (Int(node, "group", 1) != 1) throw Unsupported(node, "group", "1 (grouped and depthwise convolutions are not imported yet)");
        OnnxTensor w = ConstantInput(node, 1, "the weights W");
        RequireRank(node, w, 4);
        int filters = (int)w.Dims[0], channels = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        if (channels != x.Shape[2])
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {channels} input channels",
                $"{x.Shape[2]} channels, those of '{node.Inputs[0]}'");
        }
        int stride = Square(node, "strides", 1);
        int dilation = Square(node, "dilations", 1);
        string? padding = Padding(node, x, kh, kw, stride, dilation, out long[] explicitPads);
        if (padding is null)
        {
            // Any other zero padding: ZeroPadding2D, then a 'valid' convolution (what Keras users write for it).
            x = AddZeroPadding(node, x, (int)explicitPads[0], (int)explicitPads[2], (int)explicitPads[1], (int)explicitPads[3]);
            padding = PaddingNames.Valid;
        }

        // ONNX W[o][i][y][x] → Keras kernel[y][x][i][o].
        var kernel = new float[w.Floats.Length];
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < channels; i++)
                for (int y = 0; y < kh; y++)
                    for (int xx = 0; xx < kw; xx++)
                        kernel[((y * kw + xx) * channels + i) * filters + o] = w.Floats[((o * channels + i) * kh + y) * kw + xx];
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;

        int[] shape = { OutputSize(x.Shape[0], kh, stride, dilation, padding), OutputSize(x.Shape[1], kw, stride, dilation, padding), filters };
        Layer(node, new Conv2DDeclaration(filters, kh, kw, kh == kw ? "kernelSize" : "kernelHeight", stride, padding, dilation, null, useBias, null, null, null),
            weights, shape, like: x, inputs: x);
    }

    private void Pool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        List<long> kernelShape = node.Attributes.TryGetValue("kernel_shape", out OnnxAttribute? k) ? k.Ints : new List<long>();
        if (kernelShape.Count != 2) throw Unsupported(node, "kernel_shape", "two sizes (a 2-D pool)");
        int ph = (int)kernelShape[0], pw = (int)kernelShape[1];
        int stride = Square(node, "strides", 1);
        if (Square(node, "dilations", 1) != 1) throw Unsupported(node, "dilations", "1");
        string padding = Padding(node, x, ph, pw, stride, 1, out _) ??
            throw Unsupported(node, "pads", "all zeros ('valid') or Keras' 'same' (other pool padding is not imported)");
        if (Int(node, "ceil_mode", 0) != 0 &&
            (OutputSize(x.Shape[0], ph, stride, 1, padding) != CeilOutput(x.Shape[0], ph, stride) || OutputSize(x.Shape[1], pw, stride, 1, padding) != CeilOutput(x.Shape[1], pw, stride)))
        {
            throw Unsupported(node, "ceil_mode", "0 (or a size where rounding up changes nothing)");
        }
        if (node.OpType == "AveragePool" && padding == PaddingNames.Same && Int(node, "count_include_pad", 0) != 0)
        {
            throw Unsupported(node, "count_include_pad", "0 (Keras' 'same' average counts only real cells)");
        }
        LayerDeclaration layer = node.OpType == "MaxPool"
            ? new MaxPooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", stride, padding, null)
            : new AveragePooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", stride, padding, null);
        Layer(node, layer, null, new[] { OutputSize(x.Shape[0], ph, stride, 1, padding), OutputSize(x.Shape[1], pw, stride, 1, padding), x.Shape[2] }, like: x);
    }

    private void GlobalAveragePool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        var pooled = Layer(node, new GlobalAveragePooling2DDeclaration(null), null, new[] { x.Shape[2] });
        pooled.SpatialOnes = true;
    }

    private void BatchNormalization(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        if (Int(node, "training_mode", 0) != 0) throw Unsupported(node, "training_mode", "0 (an inference graph)");
        if (node.Outputs.Count(o => o.Length > 0) > 1) throw Unsupported(node, "outputs", "one output (an inference graph)");
        int channels = x.Shape[x.Shape.Length - 1];
        string[] names = { "gamma", "beta", "moving_mean", "moving_variance" };
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < 4; i++)
        {
            OnnxTensor t = ConstantInput(node, i + 1, names[i]);
            if (t.ElementCount != channels) throw Unsupported(node, names[i], $"{channels} values, one per channel");
            weights[names[i]] = t.Floats;
        }
        // ONNX's momentum is Keras' (the share of the old running value); its default is 0.9.
        Layer(node, new BatchNormalizationDeclaration(Shortest(Float(node, "momentum", 0.9f)), Shortest(Float(node, "epsilon", 1e-5f)), true, true, null),
            weights, x.Shape, like: x);
    }

    /// <summary>
    /// Keras' padding name for the node's pads, or null for other non-negative zero padding (returned in
    /// <paramref name="pads"/> as top, left, bottom, right), which a ZeroPadding2D before a 'valid' layer expresses.
    /// </summary>
    private static string? Padding(OnnxNode node, OnnxValueState x, int kh, int kw, int stride, int dilation, out long[] pads)
    {
        pads = new long[4];
        string autoPad = node.Attributes.TryGetValue("auto_pad", out OnnxAttribute? a) ? a.String ?? "NOTSET" : "NOTSET";
        if (autoPad == "VALID") return PaddingNames.Valid;
        if (autoPad == "SAME_UPPER") return PaddingNames.Same;
        if (autoPad != "NOTSET") throw Unsupported(node, "auto_pad", "NOTSET, VALID or SAME_UPPER (Keras' 'same' puts the odd extra cell after)");
        List<long> given = node.Attributes.TryGetValue("pads", out OnnxAttribute? p) ? p.Ints : new List<long>();
        if (given.Count == 0 || given.All(v => v == 0)) return PaddingNames.Valid;
        if (given.Count != 4 || given.Any(v => v < 0 || v > 1024)) throw Unsupported(node, "pads", "four non-negative values (top, left, bottom, right)");
        int h = x.Shape[0], w = x.Shape[1];
        if (given[0] == SameBefore(h, kh, stride, dilation) && given[1] == SameBefore(w, kw, stride, dilation) &&
            given[2] == SameAfter(h, kh, stride, dilation) && given[3] == SameAfter(w, kw, stride, dilation))
        {
            return PaddingNames.Same;
        }
        pads = given.ToArray();
        return null;
    }

    private static int SameTotal(int size, int k, int stride, int dilation)
    {
        int output = (size + stride - 1) / stride;
        return Math.Max((output - 1) * stride + (k - 1) * dilation + 1 - size, 0);
    }

    private static int SameBefore(int size, int k, int stride, int dilation) => SameTotal(size, k, stride, dilation) / 2;

    private static int SameAfter(int size, int k, int stride, int dilation) => SameTotal(size, k, stride, dilation) - SameBefore(size, k, stride, dilation);

    private static int OutputSize(int size, int k, int stride, int dilation, string padding) =>
        padding == PaddingNames.Same ? (size + stride - 1) / stride : Math.Max((size - (k - 1) * dilation - 1) / stride + 1, 0);

    private static int CeilOutput(int size, int k, int stride) => (size - k + stride - 1) / stride + 1;

    private int Square(OnnxNode node, string attribute, int fallback)
    {
        if (!node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) || a.Ints.Count == 0) return fallback;
        if (a.Ints.Count != 2 || a.Ints[0] != a.Ints[1] || a.Ints[0] < 1 || a.Ints[0] > 1024)
        {
            throw Unsupported(node, attribute, "the same positive value on both axes (per-axis values are not imported yet)");
        }
        return (int)a.Ints[0];
    }

    private static void RequireImage(OnnxNode node, OnnxValueState x)
    {
        if (!x.ChannelsFirst)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of GenNet shape ({string.Join(", ", x.Shape)})",
                "(batch, channels, height, width)");
        }
    }
}
