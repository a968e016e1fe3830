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
    /// <summary>
    /// Zero padding of height and width → ZeroPadding2D, of a sequence's steps → ZeroPadding1D (nothing when it adds
    /// nothing: PyTorch writes one before AveragePool). From opset 18 an optional input 3 lists the axes the pads are for (begins, then ends, per axis).
    /// </summary>
    private void Pad(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        long[] p = FullPads(node, ConstantInput(node, 1, "the pads").Longs, x.Shape.Length + 1);
        if (p.All(v => v == 0))
        {
            Alias(node, x);
            return;
        }
        if (StringAttribute(node, "mode", "constant") != "constant") throw Unsupported(node, "mode", "constant (zeros: ZeroPadding2D)");
        bool zeros = node.Inputs.Count < 3 || node.Inputs[2].Length == 0 || ConstantInput(node, 2, "the padding value").Floats.All(v => v == 0);
        if (zeros && x.Shape.Length == 2 && p.Length == 6 && p.All(v => v >= 0 && v <= 1024) && x is { Role: OnnxValueRole.Data, FlattenedChw: null })
        {
            // A sequence: its steps are axis 2 of PyTorch's (batch, channels, steps), axis 1 of a (batch, steps, features) one.
            int steps = x.ChannelsFirst ? 2 : 1, features = x.ChannelsFirst ? 1 : 2;
            if (p[0] == 0 && p[3] == 0 && p[features] == 0 && p[features + 3] == 0)
            {
                AddSequencePadding(node, x, (int)p[steps], (int)p[steps + 3]);
                return;
            }
        }
        bool imageBorders = x.ChannelsFirst && p.Length == 8 && p[0] == 0 && p[1] == 0 && p[4] == 0 && p[5] == 0 && p.All(v => v >= 0);
        if (!zeros || !imageBorders)
        {
            throw Unsupported(node, "pads", "non-negative zero padding of height and width (ZeroPadding2D) or of a sequence's steps (ZeroPadding1D)", $"[{string.Join(", ", p)}]{(zeros ? "" : " of a non-zero value")}");
        }
        AddZeroPadding(node, x, (int)p[2], (int)p[6], (int)p[3], (int)p[7]);
    }

    /// <summary>Pads on every axis (begins, then ends): as given, or spread from the axes of input 3 (opset 18).</summary>
    private long[] FullPads(OnnxNode node, long[] pads, int rank)
    {
        if (node.Inputs.Count < 4 || node.Inputs[3].Length == 0) return pads;
        long[] axes = ConstantInput(node, 3, "the axes").Longs.Select(a => a < 0 ? a + rank : a).ToArray();
        if (pads.Length != 2 * axes.Length || axes.Any(a => a < 0 || a >= rank) || axes.Distinct().Count() != axes.Length)
        {
            throw Unsupported(node, "axes", $"distinct axes of the rank-{rank} input, two pads per axis", $"axes [{string.Join(", ", axes)}] for {pads.Length} pads");
        }
        var full = new long[2 * rank];
        for (int i = 0; i < axes.Length; i++) (full[axes[i]], full[axes[i] + rank]) = (pads[i], pads[i + axes.Length]);
        return full;
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

    /// <summary>
    /// Resize by whole scales on height and width → UpSampling2D (nearest as PyTorch writes it, or bilinear with half-pixel
    /// centres). Opset 18's additions: <c>axes</c> names the axes the scales or sizes are for; <c>antialias</c> changes only
    /// a down-scale, which is refused anyway; <c>keep_aspect_ratio_policy</c> changes only sizes of another aspect ratio,
    /// which are refused unless it is <c>stretch</c>.
    /// </summary>
    private void Resize(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        string mode = StringAttribute(node, "mode", "nearest");
        string transform = StringAttribute(node, "coordinate_transformation_mode", "half_pixel");
        string nearestMode = StringAttribute(node, "nearest_mode", "round_prefer_floor");
        long[] axes = node.Attributes.TryGetValue("axes", out OnnxAttribute? a) && a.Ints.Count > 0
            ? a.Ints.Select(v => v < 0 ? v + 4 : v).ToArray() : new long[] { 0, 1, 2, 3 };
        if (axes.Any(v => v < 0 || v > 3) || axes.Distinct().Count() != axes.Length) throw Unsupported(node, "axes", "distinct axes of the NCHW input");
        float[]? given = node.Inputs.Count > 2 && node.Inputs[2].Length > 0 && _constants.TryGetValue(node.Inputs[2], out OnnxTensor? s) ? s.Floats : null;
        if (given is null && node.Inputs.Count > 3 && _constants.TryGetValue(node.Inputs[3], out OnnxTensor? sizes) && sizes.Longs.Length == axes.Length)
        {
            // Sizes of the batch axis cannot be checked (it is dynamic): read as 1. Height and width become scales.
            int[] chw = { 0, x.Shape[2], x.Shape[0], x.Shape[1] };
            given = axes.Select((axis, i) => axis == 0 ? 1f : (float)sizes.Longs[i] / chw[axis]).ToArray();
            string policy = StringAttribute(node, "keep_aspect_ratio_policy", "stretch");
            if (policy != "stretch" && given.Where((_, i) => axes[i] != 0).Distinct().Count() > 1)
            {
                throw Unsupported(node, "keep_aspect_ratio_policy", "stretch (or sizes of the input's aspect ratio, where every policy agrees)");
            }
        }
        float[]? scales = given is null || given.Length != axes.Length ? null : new float[] { 1, 1, 1, 1 };
        if (scales is not null) for (int i = 0; i < axes.Length; i++) scales[axes[i]] = given![i];
        if (scales is null || scales[0] != 1 || scales[1] != 1 || scales[2] != Math.Floor(scales[2]) || scales[3] != Math.Floor(scales[3]) || scales[2] < 1 || scales[3] < 1)
        {
            throw Unsupported(node, "scales", "[1, 1, sh, sw] with whole sh, sw ≥ 1 (UpSampling2D)", given is null ? "computed" : $"[{string.Join(", ", given)}]");
        }
        string interpolation = mode switch
        {
            "nearest" when transform != "asymmetric" => throw Unsupported(node, "coordinate_transformation_mode", "asymmetric for nearest (Keras' nearest)"),
            "nearest" when nearestMode != "floor" => throw Unsupported(node, "nearest_mode", "floor (Keras' nearest)"),
            "nearest" => "nearest",
            "linear" when transform is not ("half_pixel" or "pytorch_half_pixel") => throw Unsupported(node, "coordinate_transformation_mode", "half_pixel for linear (Keras' bilinear)"),
            "linear" => "bilinear",
            _ => throw Unsupported(node, "mode", "nearest (asymmetric, floor) or linear (half_pixel): Keras' nearest and bilinear"),
        };
        int sh = (int)scales[2], sw = (int)scales[3];
        Layer(node, new UpSampling2DDeclaration(sh, sw, sh == sw ? "size" : "sizeHeight", interpolation, null), null,
            new[] { x.Shape[0] * sh, x.Shape[1] * sw, x.Shape[2] }, like: x);
    }

    /// <summary>
    /// Conv → Conv2D (group 1, or Conv2D(Groups) for 1 &lt; group &lt; channels) or DepthwiseConv2D (group = channels, with
    /// multiplier filters/channels); strides and dilations per axis. Padding other than Keras' 'same' is a ZeroPadding2D
    /// before a 'valid' layer.
    /// </summary>
    private void Conv(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        OnnxTensor w = ConstantInput(node, 1, "the weights W");
        if (w.Dims.Count == 3 && w.Dims.All(d => d > 0))
        {
            Conv1D(node, x, w);
            return;
        }
        RequireImage(node, x);
        RequireRank(node, w, 4);
        int group = (int)Math.Min(Int(node, "group", 1), int.MaxValue);
        int filters = (int)w.Dims[0], groupChannels = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        int channels = x.Shape[2];
        if (group < 1 || (long)groupChannels * group != channels || filters % group != 0)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {groupChannels} input channels per group in {group} group(s), {filters} filters",
                $"{channels} channels, those of '{node.Inputs[0]}', split evenly into the groups");
        }
        var (sh, sw) = Pair(node, "strides", 1);
        var (dh, dw) = Pair(node, "dilations", 1);
        string? padding = Padding(node, x, kh, kw, sh, sw, dh, dw, out long[] explicitPads);
        if (padding is null)
        {
            // Any other zero padding: ZeroPadding2D, then a 'valid' convolution (what Keras users write for it).
            x = AddZeroPadding(node, x, (int)explicitPads[0], (int)explicitPads[2], (int)explicitPads[1], (int)explicitPads[3]);
            padding = PaddingNames.Valid;
        }
        bool depthwise = group == channels && group > 1;
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal)
        {
            // ONNX W[o][i][y][x] → Keras kernel[y][x][i][o] (i within the group); for a depthwise one, output o = c·M + m
            // in both, so W[c·M + m][0][y][x] → depthwise_kernel[y][x][c][m], the same loop with one input per "group".
            [depthwise ? "depthwise_kernel" : "kernel"] = depthwise ? DepthwiseKernel(w.Floats, channels, filters / channels, kh, kw)
                : KernelHwio(w.Floats, filters, groupChannels, kh, kw),
        };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;

        int[] shape = { OutputSize(x.Shape[0], kh, sh, dh, padding), OutputSize(x.Shape[1], kw, sw, dw, padding), filters };
        string kernelArgument = kh == kw ? "kernelSize" : "kernelHeight";
        LayerDeclaration layer = depthwise
            ? new DepthwiseConv2DDeclaration(kh, kw, kernelArgument, filters / channels, sh, padding, dh, null, useBias, null, null, null)
            {
                StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw),
            }
            : new Conv2DDeclaration(filters, kh, kw, kernelArgument, sh, padding, dh, null, useBias, null, null, null)
            {
                StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw), Groups = group,
            };
        Layer(node, layer, weights, shape, like: x, inputs: x);
    }

    /// <summary>ONNX <c>W[o][i][y][x]</c> → Keras <c>kernel[y][x][i][o]</c>.</summary>
    private static float[] KernelHwio(float[] w, int filters, int channels, int kh, int kw)
    {
        var kernel = new float[w.Length];
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < channels; i++)
                for (int y = 0; y < kh; y++)
                    for (int xx = 0; xx < kw; xx++)
                        kernel[((y * kw + xx) * channels + i) * filters + o] = w[((o * channels + i) * kh + y) * kw + xx];
        return kernel;
    }

    /// <summary>ONNX depthwise <c>W[c·M + m][0][y][x]</c> → Keras <c>depthwise_kernel[y][x][c][m]</c>.</summary>
    private static float[] DepthwiseKernel(float[] w, int channels, int multiplier, int kh, int kw)
    {
        var kernel = new float[w.Length];
        for (int c = 0; c < channels; c++)
            for (int m = 0; m < multiplier; m++)
                for (int y = 0; y < kh; y++)
                    for (int xx = 0; xx < kw; xx++)
                        kernel[((y * kw + xx) * channels + c) * multiplier + m] = w[((c * multiplier + m) * kh + y) * kw + xx];
        return kernel;
    }

    /// <summary>
    /// ConvTranspose (group 1) → Conv2DTranspose, with Keras' padding and output_padding that crop the full result
    /// <c>(n − 1)·s + (k − 1)·d + 1</c> where ONNX's pads do; pads no Keras setting gives become a 'valid' layer and a
    /// Cropping2D after it. ONNX <c>W[c][f][y][x]</c> → Keras <c>kernel[y][x][f][c]</c>.
    /// </summary>
    private void ConvTranspose(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        RequireImage(node, x);
        if (Int(node, "group", 1) != 1) throw Unsupported(node, "group", "1 (grouped transposed convolutions are not imported)");
        if (node.Attributes.ContainsKey("output_shape")) throw Unsupported(node, "output_shape", "pads and output_padding instead (as PyTorch writes them)");
        string autoPad = node.Attributes.TryGetValue("auto_pad", out OnnxAttribute? a) ? a.String ?? "NOTSET" : "NOTSET";
        if (autoPad != "NOTSET") throw Unsupported(node, "auto_pad", "NOTSET with explicit pads (as PyTorch writes them)");
        OnnxTensor w = ConstantInput(node, 1, "the weights W");
        RequireRank(node, w, 4);
        int channels = (int)w.Dims[0], filters = (int)w.Dims[1], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
        if (channels != x.Shape[2])
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"weights for {channels} input channels",
                $"{x.Shape[2]} channels, those of '{node.Inputs[0]}'");
        }
        var (sh, sw) = Pair(node, "strides", 1);
        var (dh, dw) = Pair(node, "dilations", 1);
        long[] pads = Longs(node, "pads", 4, "four non-negative values (top, left, bottom, right)");
        long[] extra = Longs(node, "output_padding", 2, "two non-negative values (height, width)");
        var height = new TransposedAxis(x.Shape[0], kh, sh, dh, (int)pads[0], (int)pads[2], (int)extra[0]);
        var width = new TransposedAxis(x.Shape[1], kw, sw, dw, (int)pads[1], (int)pads[3], (int)extra[1]);
        if (height.Out <= 0 || width.Out <= 0) throw Unsupported(node, "pads", "pads that leave at least one output row and column");

        bool same = false;
        int opH = height.KerasOutputPadding(false), opW = width.KerasOutputPadding(false);
        if (opH == NoKerasSetting || opW == NoKerasSetting)
        {
            int sameH = height.KerasOutputPadding(true), sameW = width.KerasOutputPadding(true);
            if (sameH != NoKerasSetting && sameW != NoKerasSetting) (same, opH, opW) = (true, sameH, sameW);
        }
        bool crop = opH == NoKerasSetting || opW == NoKerasSetting;
        if (crop && (!height.FitsValidCrop || !width.FitsValidCrop))
        {
            throw Unsupported(node, "output_padding", "pads and output_padding that crop the full result (ONNX output within (n − 1)·s + (k − 1)·d + 1)");
        }
        if (crop) (opH, opW) = (-1, -1);

        var kernel = new float[w.Floats.Length];
        for (int c = 0; c < channels; c++)
            for (int f = 0; f < filters; f++)
                for (int y = 0; y < kh; y++)
                    for (int xx = 0; xx < kw; xx++)
                        kernel[((y * kw + xx) * filters + f) * channels + c] = w.Floats[((c * filters + f) * kh + y) * kw + xx];
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["kernel"] = kernel };
        bool useBias = node.Inputs.Count > 2 && node.Inputs[2].Length > 0;
        if (useBias) weights["bias"] = ConstantInput(node, 2, "the bias B").Floats;

        string padding = same ? PaddingNames.Same : PaddingNames.Valid;
        int outHeight = crop ? height.ValidOut : height.Out, outWidth = crop ? width.ValidOut : width.Out;
        var layer = new Conv2DTransposeDeclaration(filters, kh, kw, kh == kw ? "kernelSize" : "kernelHeight", sh, padding, opH, dh, null, useBias, null, null, null)
        {
            StridesWidth = Width(sh, sw), DilationWidth = Width(dh, dw), OutputPaddingWidth = opW == opH ? -2 : opW,
        };
        OnnxValueState transposed = Layer(node, layer, weights, new[] { outHeight, outWidth, filters }, like: x, inputs: x);
        if (!crop) return;
        var borders = new ImageBorders(height.PadBefore, height.ValidOut - height.PadBefore - height.Out,
            width.PadBefore, width.ValidOut - width.PadBefore - width.Out, "top", "bottom", "left", "right");
        Layer(node, new Cropping2DDeclaration(borders, null), null, new[] { height.Out, width.Out, filters }, like: transposed, inputs: transposed);
    }

    private const int NoKerasSetting = int.MinValue;

    /// <summary>One axis of an ONNX ConvTranspose: its output length and where it starts in the full result.</summary>
    private readonly struct TransposedAxis
    {
        private readonly int _n, _k, _s, _d;

        public TransposedAxis(int n, int k, int s, int d, int padBefore, int padAfter, int outputPadding)
        {
            (_n, _k, _s, _d) = (n, k, s, d);
            PadBefore = padBefore;
            long full = (n - 1L) * s + (k - 1L) * d + 1;
            Out = (int)Math.Max(Math.Min(full + outputPadding - padBefore - padAfter, int.MaxValue), int.MinValue);
            ValidOut = TransposedWindowArithmetic.Resolve(n, k, s, d, same: false, outputPadding: -1).Out;
        }

        public int Out { get; }

        public int PadBefore { get; }

        /// <summary>Keras' output length for padding 'valid' and no output padding: the full result (and bias-only cells past it when k_e &lt; s).</summary>
        public int ValidOut { get; }

        /// <summary>Whether a Cropping2D after the 'valid' layer can give this axis.</summary>
        public bool FitsValidCrop => PadBefore >= 0 && ValidOut - PadBefore - Out >= 0;

        /// <summary>The Keras output_padding (−1: None) that, with <paramref name="same"/>, gives this axis, or <see cref="NoKerasSetting"/>.</summary>
        public int KerasOutputPadding(bool same)
        {
            for (int op = -1; op < _s; op++)
            {
                var (outLength, padBefore) = TransposedWindowArithmetic.Resolve(_n, _k, _s, _d, same, op);
                if (outLength == Out && padBefore == PadBefore) return op;
            }
            return NoKerasSetting;
        }
    }

    private void Pool(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        List<long> kernelShape = node.Attributes.TryGetValue("kernel_shape", out OnnxAttribute? k) ? k.Ints : new List<long>();
        if (kernelShape.Count == 1 && kernelShape[0] is >= 1 and <= 1024)
        {
            Pool1D(node, x, (int)kernelShape[0]);
            return;
        }
        RequireImage(node, x);
        if (kernelShape.Count != 2) throw Unsupported(node, "kernel_shape", "one size (a 1-D pool) or two (a 2-D pool)");
        int ph = (int)kernelShape[0], pw = (int)kernelShape[1];
        var (sh, sw) = Pair(node, "strides", 1);
        if (Pair(node, "dilations", 1) != (1, 1)) throw Unsupported(node, "dilations", "1");
        string padding = Padding(node, x, ph, pw, sh, sw, 1, 1, out _) ??
            throw Unsupported(node, "pads", "all zeros ('valid') or Keras' 'same' (other pool padding is not imported)");
        if (Int(node, "ceil_mode", 0) != 0 &&
            (OutputSize(x.Shape[0], ph, sh, 1, padding) != CeilOutput(x.Shape[0], ph, sh) || OutputSize(x.Shape[1], pw, sw, 1, padding) != CeilOutput(x.Shape[1], pw, sw)))
        {
            throw Unsupported(node, "ceil_mode", "0 (or a size where rounding up changes nothing)");
        }
        if (node.OpType == "AveragePool" && padding == PaddingNames.Same && Int(node, "count_include_pad", 0) != 0)
        {
            throw Unsupported(node, "count_include_pad", "0 (Keras' 'same' average counts only real cells)");
        }
        LayerDeclaration layer = node.OpType == "MaxPool"
            ? new MaxPooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", sh, padding, null) { StridesWidth = Width(sh, sw) }
            : new AveragePooling2DDeclaration(ph, pw, ph == pw ? "poolSize" : "poolHeight", sh, padding, null) { StridesWidth = Width(sh, sw) };
        Layer(node, layer, null, new[] { OutputSize(x.Shape[0], ph, sh, 1, padding), OutputSize(x.Shape[1], pw, sw, 1, padding), x.Shape[2] }, like: x);
    }

    private void BatchNormalization(OnnxNode node)
    {
        OnnxValueState x = Read(node);
        if (Int(node, "training_mode", 0) != 0) throw Unsupported(node, "training_mode", "0 (an inference graph)");
        if (node.Outputs.Count(o => o.Length > 0) > 1) throw Unsupported(node, "outputs", "one output (an inference graph)");
        if (x.Shape.Length == 2 && !x.ChannelsFirst)
        {
            // ONNX normalizes axis 1, which of a (batch, steps, features) value is the steps; GenNet's layer the last axis.
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", "a (batch, steps, features) input, normalized over its steps (ONNX's axis 1)",
                "(batch, channels, steps) or (batch, channels, height, width) values, normalized per channel");
        }
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
    private static string? Padding(OnnxNode node, OnnxValueState x, int kh, int kw, int sh, int sw, int dh, int dw, out long[] pads)
    {
        pads = new long[4];
        if (AutoPadding(node, out List<long> given) is { } automatic) return automatic;
        if (given.Count != 4 || given.Any(v => v < 0 || v > 1024)) throw Unsupported(node, "pads", "four non-negative values (top, left, bottom, right)");
        int h = x.Shape[0], w = x.Shape[1];
        if (given[0] == SameBefore(h, kh, sh, dh) && given[1] == SameBefore(w, kw, sw, dw) &&
            given[2] == SameAfter(h, kh, sh, dh) && given[3] == SameAfter(w, kw, sw, dw))
        {
            return PaddingNames.Same;
        }
        pads = given.ToArray();
        return null;
    }

    /// <summary>
    /// Keras' padding where the node's <c>auto_pad</c> or all-zero pads say it ('valid', 'same'), else null with the
    /// explicit pads in <paramref name="pads"/>.
    /// </summary>
    private static string? AutoPadding(OnnxNode node, out List<long> pads)
    {
        string autoPad = StringAttribute(node, "auto_pad", "NOTSET");
        pads = node.Attributes.TryGetValue("pads", out OnnxAttribute? p) ? p.Ints : new List<long>();
        if (autoPad == "VALID") return PaddingNames.Valid;
        if (autoPad == "SAME_UPPER") return PaddingNames.Same;
        if (autoPad != "NOTSET") throw Unsupported(node, "auto_pad", "NOTSET, VALID or SAME_UPPER (Keras' 'same' puts the odd extra cell after)");
        return pads.Count == 0 || pads.All(v => v == 0) ? PaddingNames.Valid : null;
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

    /// <summary>A per-axis attribute (<c>strides</c>, <c>dilations</c>): two positive values, height then width.</summary>
    private (int Height, int Width) Pair(OnnxNode node, string attribute, int fallback)
    {
        if (!node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) || a.Ints.Count == 0) return (fallback, fallback);
        if (a.Ints.Count != 2 || a.Ints.Any(v => v < 1 || v > 1024)) throw Unsupported(node, attribute, "two positive values (height, width)");
        return ((int)a.Ints[0], (int)a.Ints[1]);
    }

    /// <summary>An optional list attribute of <paramref name="count"/> values in [0, 1024]; zeros when absent.</summary>
    private long[] Longs(OnnxNode node, string attribute, int count, string expected)
    {
        if (!node.Attributes.TryGetValue(attribute, out OnnxAttribute? a) || a.Ints.Count == 0) return new long[count];
        if (a.Ints.Count != count || a.Ints.Any(v => v < 0 || v > 1024)) throw Unsupported(node, attribute, expected);
        return a.Ints.ToArray();
    }

    /// <summary>A per-axis value's width as the declarations keep it: -1 when it equals the height's.</summary>
    private static int Width(int height, int width) => width == height ? -1 : width;

    private static void RequireImage(OnnxNode node, OnnxValueState x)
    {
        if (!x.ChannelsFirst || x.Shape.Length != 3)
        {
            throw new ImportProblem(Descriptors.OnnxGraphShape, $"node {node.Describe()}", $"an input of GenNet shape ({string.Join(", ", x.Shape)})",
                "(batch, channels, height, width)");
        }
    }
}
