using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Conv2DTranspose(filters, kernel_size, strides, padding, output_padding, dilation_rate, activation, use_bias,
/// kernel_initializer, bias_initializer)</c> on NHWC images: every input pixel scatters <c>x[i, j, ·]·kernel[a, b, ·, ·]ᵀ</c>
/// onto output pixel <c>(i·s − pad + a, j·s − pad + b)</c>, then bias and activation; kernel in Keras' layout
/// <c>(kh, kw, filters, in)</c>. The output size is Keras' rule (src/Shared/TransposedWindowArithmetic.cs). Everything GenNet
/// knows about the layer is in this file; forward and backward change together, and with <c>GenNet.Kernels.Conv2DTransposeKernel</c>.
/// </summary>
/// <param name="KernelArgument">Constructor parameter the kernel size came from, for squiggles: kernelSize or kernelHeight.</param>
/// <param name="OutputPadding">Keras' output_padding (the height's when per axis), negative when not written (Keras' None).</param>
internal sealed record Conv2DTransposeDeclaration(
    int Filters,
    int KernelHeight,
    int KernelWidth,
    string KernelArgument,
    int Strides,
    string? Padding,
    int OutputPadding,
    int DilationRate,
    string? Activation,
    bool UseBias,
    string? KernelInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Conv2DTranspose] is Keras' Conv2DTranspose.</summary>
    public static readonly LayerKind Kind = new("Conv2DTranspose", "Conv2DTranspose", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "conv2d_transpose";

    /// <summary>The width stride when it differs from <see cref="Strides"/> (the height's); -1 when the same.</summary>
    public int StridesWidth { get; init; } = -1;

    /// <summary>False when <c>Strides</c> was neither an int nor two ints (GN0013).</summary>
    public bool StridesValid { get; init; } = true;

    /// <summary>The width's output padding when it differs from <see cref="OutputPadding"/>; -2 when the same.</summary>
    public int OutputPaddingWidth { get; init; } = -2;

    /// <summary>False when <c>OutputPadding</c> was neither an int nor two ints (GN0013).</summary>
    public bool OutputPaddingValid { get; init; } = true;

    /// <summary>The width dilation when it differs from <see cref="DilationRate"/> (the height's); -1 when the same.</summary>
    public int DilationWidth { get; init; } = -1;

    /// <summary>False when <c>DilationRate</c> was neither an int nor two ints (GN0013).</summary>
    public bool DilationValid { get; init; } = true;

    /// <summary><c>[Conv2DTranspose(filters, kernelSize | kernelHeight, kernelWidth, Strides, Padding, OutputPadding, DilationRate, Activation, UseBias, …)]</c>.</summary>
    public static Conv2DTransposeDeclaration Parse(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity == 2;
        var strides = AxisPair.ReadStrides(attribute, LayerArgumentDefaults.ConvolutionStrides);
        var outputPadding = AxisPair.Read(attribute, LayerArgumentNames.OutputPadding, -1);
        var dilation = AxisPair.Read(attribute, LayerArgumentNames.DilationRate, LayerArgumentDefaults.DilationRate);
        var declaration = new Conv2DTransposeDeclaration(
            attribute.Int(0),
            attribute.Int(1),
            square ? attribute.Int(1) : attribute.Int(2),
            square ? "kernelSize" : "kernelHeight",
            strides.Height,
            attribute.String(LayerArgumentNames.Padding),
            outputPadding.Height,
            dilation.Height,
            attribute.String(LayerArgumentNames.Activation),
            attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
            attribute.String(LayerArgumentNames.KernelInitializer),
            attribute.String(LayerArgumentNames.BiasInitializer),
            attribute.String(LayerArgumentNames.Name));
        return declaration with
        {
            StridesWidth = strides.Width == strides.Height ? -1 : strides.Width,
            StridesValid = strides.Valid,
            OutputPaddingWidth = outputPadding.Width == outputPadding.Height ? -2 : outputPadding.Width,
            OutputPaddingValid = outputPadding.Valid,
            DilationWidth = dilation.Width == dilation.Height ? -1 : dilation.Width,
            DilationValid = dilation.Valid,
        };
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string layer = identity.Describe(TypeName);
        int filters = Window.Positive(context, identity, TypeName, "filters", "filters", Filters, "[Conv2DTranspose(32, 3)] for 32 filters");
        int kh = Window.Positive(context, identity, TypeName, KernelArgument, "kernel_size", KernelHeight, "[Conv2DTranspose(32, 3)] for a 3×3 kernel");
        int kw = KernelWidth == KernelHeight ? kh
            : Window.Positive(context, identity, TypeName, "kernelWidth", "kernel_size", KernelWidth, "[Conv2DTranspose(32, 3, 5)] for a 3×5 kernel");
        var (strideH, strideW) = AxisPair.ResolveStrides(context, identity, TypeName, Strides, StridesWidth < 0 ? Strides : StridesWidth, StridesValid);
        var (dilationH, dilationW) = AxisPair.ResolveDilation(context, identity, TypeName, DilationRate, DilationWidth < 0 ? DilationRate : DilationWidth, DilationValid);
        var (outputPaddingH, outputPaddingW) = ResolveOutputPadding(context, identity, strideH, strideW);
        bool same = Window.Same(context, identity, TypeName, Padding);
        var outputShapeForActivation = x with { Shape = new[] { 1, 1, filters }.ToEquatableArray() };
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", outputShapeForActivation);
        InitializerSpec kernelInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(KernelInitializer)), layer,
            context, nameof(KernelInitializer), KernelInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(BiasInitializer)), layer,
            context, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int height = x.Shape[0], width = x.Shape[1], channels = x.Shape[2];
        var (outHeight, padTop) = TransposedWindowArithmetic.Resolve(height, kh, strideH, dilationH, same, outputPaddingH);
        var (outWidth, padLeft) = TransposedWindowArithmetic.Resolve(width, kw, strideW, dilationW, same, outputPaddingW);
        if (outHeight <= 0 || outWidth <= 0)
        {
            context.ReportShape(Descriptors.TransposedOutputEmpty, Site.ForLayer(identity.Index, KernelArgument), layer,
                Window.Pair(outHeight, outWidth), Text.Shape(x.Shape), Window.Pair(kh, kw), Window.Pair(strideH, strideW));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        var geometry = new TransposedConvolutionGeometry(height, width, channels, kh, kw, filters, strideH, strideW,
            padTop, padLeft, outHeight, outWidth, dilationH, dilationW);
        int patch = kh * kw;
        var weights = new List<WeightSpec>
        {
            // Keras' fans of the shape (kh, kw, filters, in): fan_in = kh·kw·filters, fan_out = kh·kw·in.
            context.AddWeight(identity, "kernel", new[] { kh, kw, filters, channels }, kernelInit, patch * filters, patch * channels),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { filters }, biasInit, filters, filters));
        context.RequireConvolutionScratch(geometry.ScratchSize);

        int[] shape = { outHeight, outWidth, filters };
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, shape);
        return new Conv2DTransposeSpec(identity, input, output, weights.ToEquatableArray(), preActivation, geometry, same,
            outputPaddingH, outputPaddingW, activation, UseBias);
    }

    /// <summary>
    /// Keras' output_padding per axis, -1 each when unset (Keras' None); GN0013 for a negative or malformed value and
    /// GN0280 for one not below its axis' stride (Keras checks each axis), after which the axis is treated as unset.
    /// </summary>
    private (int Height, int Width) ResolveOutputPadding(InferContext context, LayerIdentity identity, int strideH, int strideW)
    {
        string layer = identity.Describe(TypeName);
        if (!OutputPaddingValid)
        {
            AxisPair.Resolve(context, identity, TypeName, LayerArgumentNames.OutputPadding, "output_padding", 1, 1, valid: false);
            return (-1, -1);
        }
        int Axis(int written, int stride)
        {
            if (written < -1)
            {
                context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, LayerArgumentNames.OutputPadding), layer,
                    "output_padding must not be negative", $"output_padding={Text.Int(written)}",
                    "Write e.g. OutputPadding = 1, or leave it unset (Keras' None)");
                return -1;
            }
            if (written >= stride)
            {
                context.Report(Descriptors.OutputPaddingNotBelowStride, Site.ForLayer(identity.Index, LayerArgumentNames.OutputPadding), layer,
                    Text.Int(written), Text.Int(stride), Text.Int(stride - 1));
                return -1;
            }
            return written;
        }
        if (OutputPaddingWidth == -2)
        {
            int both = Axis(OutputPadding, System.Math.Min(strideH, strideW));   // one value: below both strides
            return (both, both);
        }
        return (Axis(OutputPadding, strideH), Axis(OutputPaddingWidth, strideW));
    }
}

/// <summary>
/// An inferred Conv2DTranspose: z and y kept apart with an activation (<see cref="KernelLayerSpec"/>); its geometry is a
/// static field of the generated class.
/// </summary>
/// <param name="OutputPaddingH">The height's output padding as declared, −1 for Keras' None.</param>
/// <param name="OutputPaddingW">The width's output padding as declared, −1 for Keras' None.</param>
internal sealed record Conv2DTransposeSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int PreActivation,
    TransposedConvolutionGeometry Geometry,
    bool Same,
    int OutputPaddingH,
    int OutputPaddingW,
    ActivationFunction Activation,
    bool UseBias) : KernelLayerSpec(Identity, Input, Output, Weights, PreActivation, Activation, UseBias)
{
    public override string TypeName => "Conv2DTranspose";

    public override IEnumerable<KeyValuePair<string, string>> Config
    {
        get
        {
            var g = Geometry;
            var entries = new List<KeyValuePair<string, string>>
            {
                Entry("filters", Text.Int(g.Filters)),
                Entry("kernel_size", PairText(g.KernelHeight, g.KernelWidth)),
                Entry("strides", PairText(g.StrideH, g.StrideW)),
                Entry("padding", Same ? "same" : "valid"),
                Entry("output_padding", OutputPaddingH < 0 && OutputPaddingW < 0 ? "None" : PairText(System.Math.Max(OutputPaddingH, 0), System.Math.Max(OutputPaddingW, 0))),
                Entry("dilation_rate", PairText(g.DilationH, g.DilationW)),
            };
            entries.AddRange(Activation.ConfigEntries());
            entries.Add(Entry("use_bias", UseBias));
            return entries;
        }
    }

    public override string Description
    {
        get
        {
            var g = Geometry;
            var parts = new List<string> { Text.Int(g.Filters), Window.Size(g.KernelHeight, g.KernelWidth) };
            if (!Activation.IsLinear) parts.Add(Activation.Description);
            if (g.StrideH != 1 || g.StrideW != 1) parts.Add(AxisPair.Describe(g.StrideH, g.StrideW));
            if (Same) parts.Add("padding=same");
            if (OutputPaddingH >= 0 || OutputPaddingW >= 0)
                parts.Add($"output_padding={Window.Pair(System.Math.Max(OutputPaddingH, 0), System.Math.Max(OutputPaddingW, 0))}");
            if (g.DilationH != 1 || g.DilationW != 1) parts.Add(AxisPair.Describe("dilation_rate", g.DilationH, g.DilationW));
            if (!UseBias) parts.Add("use_bias=False");
            return $"Conv2DTranspose({string.Join(", ", parts)})";
        }
    }

    private string GeometryMember => $"{Member}Geometry";

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → {Text.Shape(model.Tensors[Output].Shape)}.",
            GeometryMember);

    protected override string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z) =>
        $"{KernelsAlias.Prefix}Conv2DTransposeKernel.Forward({x}, {kernel}, {bias}, {z}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    /// <summary><see cref="KernelLayerSpec.ForwardReluCall"/>: the relu applied as each output tile is stored.</summary>
    protected override string? ForwardReluCall(ForwardContext context, string x, string kernel, string bias, string y) =>
        $"{KernelsAlias.Prefix}Conv2DTransposeKernel.ForwardRelu({x}, {kernel}, {bias}, {y}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    protected override string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias) =>
        $"{KernelsAlias.Prefix}Conv2DTransposeKernel.Backward({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    /// <summary>
    /// ONNX ConvTranspose on NCHW: Keras' kernel <c>(kh, kw, filters, in)</c> transposed to ONNX's <c>(in, filters, kh, kw)</c>
    /// once; <c>pads</c> crop the full result <c>(n − 1)·s + k</c> as GenNet does (PadTop/PadLeft before, the rest after),
    /// and where the output reaches past the full result (bias-only rows and columns) <c>output_padding</c> adds them
    /// instead; then the activation on NCHW.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        string x = context.Nchw(Input);
        string kernel = context.Once($"{Kernel.Key}/iohw", () =>
            context.Node("Transpose", $"{Kernel.Key}_iohw", new[] { OnnxContext.Weight(Kernel) }, OnnxContext.Ints("perm", 3, 2, 0, 1)));
        var inputs = new List<string> { x, kernel };
        if (Bias is { } bias) inputs.Add(OnnxContext.Weight(bias));
        var (bottom, extraH) = g.After(g.Height, g.KernelHeight, g.StrideH, g.DilationH, g.PadTop, g.OutHeight);
        var (right, extraW) = g.After(g.Width, g.KernelWidth, g.StrideW, g.DilationW, g.PadLeft, g.OutWidth);
        var attributes = new List<string> { OnnxContext.Ints("kernel_shape", g.KernelHeight, g.KernelWidth), OnnxContext.Ints("strides", g.StrideH, g.StrideW) };
        if (g.DilationH != 1 || g.DilationW != 1) attributes.Add(OnnxContext.Ints("dilations", g.DilationH, g.DilationW));   // 1 is ONNX's default
        attributes.Add(OnnxContext.Ints("pads", g.PadTop, g.PadLeft, bottom, right));
        attributes.Add(OnnxContext.Ints("output_padding", extraH, extraW));
        string z = context.Node("ConvTranspose", Name, inputs, attributes.ToArray());
        context.SetNchw(Output, Activation.EmitOnnx(context, z, Name, nchw: true));
    }
}

/// <summary>
/// A Conv2DTranspose's compile-time shape, emitted as a <c>GenNet.Kernels.Conv2DTransposeGeometry</c> constant with named
/// arguments (the runtime record has the same members in the same order).
/// </summary>
internal sealed record TransposedConvolutionGeometry(
    int Height, int Width, int Channels,
    int KernelHeight, int KernelWidth, int Filters,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth,
    int DilationH, int DilationW)
{
    /// <summary>Floats of scratch: one sample's column matrix (as <c>Conv2DTransposeGeometry.ScratchSize</c>).</summary>
    public long ScratchSize => (long)Height * Width * KernelHeight * KernelWidth * Filters;

    /// <summary>
    /// For one axis: what is cropped after the output (ONNX's end pad) and, when the output reaches past the full result
    /// <c>(n − 1)·s + (k − 1)·d + 1</c>, how far (ONNX's output_padding); one of the two is 0.
    /// </summary>
    public (int PadAfter, int Extra) After(int n, int k, int s, int d, int padBefore, int outLength)
    {
        long rest = (n - 1L) * s + (k - 1L) * d + 1 - padBefore - outLength;
        return rest >= 0 ? ((int)rest, 0) : (0, (int)-rest);
    }

    public void Emit(CodeWriter w, string summary, string member)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public static readonly {KernelsAlias.Prefix}Conv2DTransposeGeometry {member} = new(");
        w.Line($"    Height: {Text.Int(Height)}, Width: {Text.Int(Width)}, Channels: {Text.Int(Channels)},");
        w.Line($"    KernelHeight: {Text.Int(KernelHeight)}, KernelWidth: {Text.Int(KernelWidth)}, Filters: {Text.Int(Filters)},");
        w.Line($"    StrideH: {Text.Int(StrideH)}, StrideW: {Text.Int(StrideW)},");
        // Dilation 1 is the runtime record's default, left out so that undilated layers read as before.
        bool dilated = DilationH != 1 || DilationW != 1;
        w.Line($"    PadTop: {Text.Int(PadTop)}, PadLeft: {Text.Int(PadLeft)}, OutHeight: {Text.Int(OutHeight)}, OutWidth: {Text.Int(OutWidth)}{(dilated ? "," : ");")}");
        if (dilated) w.Line($"    DilationH: {Text.Int(DilationH)}, DilationW: {Text.Int(DilationW)});");
    }
}
