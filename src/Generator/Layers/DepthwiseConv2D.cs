using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>DepthwiseConv2D(kernel_size, strides, padding, depth_multiplier, dilation_rate, activation, use_bias,
/// depthwise_initializer, bias_initializer)</c> on NHWC images: each input channel <c>c</c> convolved with its own
/// <c>M = depth_multiplier</c> filters, output channel <c>c·M + m</c>; weights <c>depthwise_kernel (kh, kw, in, M)</c> and
/// <c>bias (in·M)</c>. The geometry is Conv2D's with <c>Filters = M</c>; the kernel is <c>GenNet.Kernels.DepthwiseConv2DKernel</c>.
/// </summary>
/// <param name="KernelArgument">Constructor parameter the kernel size came from, for squiggles: kernelSize or kernelHeight.</param>
internal sealed record DepthwiseConv2DDeclaration(
    int KernelHeight,
    int KernelWidth,
    string KernelArgument,
    int DepthMultiplier,
    int Strides,
    string? Padding,
    int DilationRate,
    string? Activation,
    bool UseBias,
    string? DepthwiseInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[DepthwiseConv2D] is Keras' DepthwiseConv2D.</summary>
    public static readonly LayerKind Kind = new("DepthwiseConv2D", "DepthwiseConv2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "depthwise_conv2d";

    /// <summary>The width stride when it differs from <see cref="Strides"/> (the height's); -1 when the same.</summary>
    public int StridesWidth { get; init; } = -1;

    /// <summary>False when <c>Strides</c> was neither an int nor two ints (GN0013).</summary>
    public bool StridesValid { get; init; } = true;

    /// <summary>The width dilation when it differs from <see cref="DilationRate"/> (the height's); -1 when the same.</summary>
    public int DilationWidth { get; init; } = -1;

    /// <summary>False when <c>DilationRate</c> was neither an int nor two ints (GN0013).</summary>
    public bool DilationValid { get; init; } = true;

    /// <summary><c>[DepthwiseConv2D(kernelSize | kernelHeight, kernelWidth, DepthMultiplier, Strides, Padding, DilationRate, Activation, UseBias, …)]</c>.</summary>
    public static DepthwiseConv2DDeclaration Parse(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity == 1;
        var strides = AxisPair.ReadStrides(attribute, LayerArgumentDefaults.ConvolutionStrides);
        var dilation = AxisPair.Read(attribute, LayerArgumentNames.DilationRate, LayerArgumentDefaults.DilationRate);
        var declaration = new DepthwiseConv2DDeclaration(
            attribute.Int(0),
            square ? attribute.Int(0) : attribute.Int(1),
            square ? "kernelSize" : "kernelHeight",
            attribute.Int(LayerArgumentNames.DepthMultiplier, 1),
            strides.Height,
            attribute.String(LayerArgumentNames.Padding),
            dilation.Height,
            attribute.String(LayerArgumentNames.Activation),
            attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
            attribute.String(LayerArgumentNames.DepthwiseInitializer),
            attribute.String(LayerArgumentNames.BiasInitializer),
            attribute.String(LayerArgumentNames.Name));
        return declaration with { StridesWidth = strides.Width == strides.Height ? -1 : strides.Width, StridesValid = strides.Valid,
            DilationWidth = dilation.Width == dilation.Height ? -1 : dilation.Width, DilationValid = dilation.Valid };
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int kh = Window.Positive(context, identity, TypeName, KernelArgument, "kernel_size", KernelHeight, "[DepthwiseConv2D(3)] for a 3×3 kernel");
        int kw = KernelWidth == KernelHeight ? kh
            : Window.Positive(context, identity, TypeName, "kernelWidth", "kernel_size", KernelWidth, "[DepthwiseConv2D(3, 5)] for a 3×5 kernel");
        int multiplier = Window.Positive(context, identity, TypeName, nameof(DepthMultiplier), "depth_multiplier", DepthMultiplier, "DepthMultiplier = 2");
        var (strideH, strideW) = AxisPair.ResolveStrides(context, identity, TypeName, Strides, StridesWidth < 0 ? Strides : StridesWidth, StridesValid);
        var (dilationH, dilationW) = AxisPair.ResolveDilation(context, identity, TypeName, DilationRate, DilationWidth < 0 ? DilationRate : DilationWidth, DilationValid);
        if ((strideH > 1 || strideW > 1) && (dilationH > 1 || dilationW > 1))
        {
            context.Report(Descriptors.StridesWithDilation, Site.ForLayer(identity.Index, "Strides"), identity.Describe(TypeName),
                Window.Pair(strideH, strideW), Window.Pair(dilationH, dilationW));
        }
        bool same = Window.Same(context, identity, TypeName, Padding);
        InitializerSpec kernelInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(DepthwiseInitializer)), identity.Describe(TypeName),
            context, nameof(DepthwiseInitializer), DepthwiseInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(BiasInitializer)), identity.Describe(TypeName),
            context, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int height = x.Shape[0], width = x.Shape[1], channels = x.Shape[2];
        int outChannels = channels * multiplier;
        var outputShapeForActivation = x with { Shape = new[] { 1, 1, outChannels }.ToEquatableArray() };
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", outputShapeForActivation);
        var (outHeight, padTop) = Window.Resolve(height, kh, strideH, dilationH, same);
        var (outWidth, padLeft) = Window.Resolve(width, kw, strideW, dilationW, same);
        if (outHeight <= 0 || outWidth <= 0)
        {
            context.ReportShape(Descriptors.KernelLargerThanInput, Site.ForLayer(identity.Index, KernelArgument), identity.Describe(TypeName),
                Window.Pair(height, width), Window.Pair((int)Window.Effective(kh, dilationH), (int)Window.Effective(kw, dilationW)),
                Window.Pair(kh, kw), Window.Pair(dilationH, dilationW), Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        var geometry = new ConvolutionGeometry(height, width, channels, kh, kw, multiplier, strideH, strideW, dilationH, dilationW,
            padTop, padLeft, outHeight, outWidth);
        int patch = kh * kw;
        var weights = new List<WeightSpec>
        {
            // Keras' fans of the shape (kh, kw, in, M): fan_in = kh·kw·in, fan_out = kh·kw·M.
            context.AddWeight(identity, "depthwise_kernel", new[] { kh, kw, channels, multiplier }, kernelInit, patch * channels, patch * multiplier),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { outChannels }, biasInit, outChannels, outChannels));

        int[] shape = { outHeight, outWidth, outChannels };
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, shape);
        return new DepthwiseConv2DSpec(identity, input, output, weights.ToEquatableArray(), preActivation, geometry, same, activation, UseBias);
    }
}

/// <summary>
/// An inferred DepthwiseConv2D: z and y kept apart with an activation (<see cref="KernelLayerSpec"/>); its geometry
/// (<c>Filters</c> = depth multiplier) is a static field of the generated class.
/// </summary>
internal sealed record DepthwiseConv2DSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int PreActivation,
    ConvolutionGeometry Geometry,
    bool Same,
    ActivationFunction Activation,
    bool UseBias) : KernelLayerSpec(Identity, Input, Output, Weights, PreActivation, Activation, UseBias)
{
    public override string TypeName => "DepthwiseConv2D";

    public override IEnumerable<KeyValuePair<string, string>> Config
    {
        get
        {
            var g = Geometry;
            var entries = new List<KeyValuePair<string, string>>
            {
                Entry("kernel_size", PairText(g.KernelHeight, g.KernelWidth)),
                Entry("strides", PairText(g.StrideH, g.StrideW)),
                Entry("padding", Same ? "same" : "valid"),
                Entry("depth_multiplier", Text.Int(g.Filters)),
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
            string text = $"DepthwiseConv2D({Window.Size(g.KernelHeight, g.KernelWidth)}";
            if (g.Filters != 1) text += $", depth_multiplier={Text.Int(g.Filters)}";
            if (!Activation.IsLinear) text += $", {Activation.Description}";
            if (g.StrideH != 1 || g.StrideW != 1) text += $", {AxisPair.Describe(g.StrideH, g.StrideW)}";
            if (Same) text += ", padding=same";
            if (g.DilationH != 1 || g.DilationW != 1) text += $", {AxisPair.Describe("dilation_rate", g.DilationH, g.DilationW)}";
            if (!UseBias) text += ", use_bias=False";
            return $"{text})";
        }
    }

    private string GeometryMember => $"{Member}Geometry";

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → {Text.Shape(model.Tensors[Output].Shape)} (Filters = depth multiplier).",
            GeometryMember);

    protected override string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z) =>
        $"{KernelsAlias.Prefix}DepthwiseConv2DKernel.Forward({x}, {kernel}, {bias}, {z}, batch, {GeometryMember})";

    public override bool CanFoldNormalization => true;

    public override string ForwardFoldedCall(ForwardContext context, string x, string y, string scaleShift, string min, string max) =>
        $"{KernelsAlias.Prefix}DepthwiseConv2DKernel.ForwardFolded({x}, {context.Weight(Kernel)}, {y}, {scaleShift}, batch, {GeometryMember}, {min}, {max})";

    protected override string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias) =>
        $"{KernelsAlias.Prefix}DepthwiseConv2DKernel.Backward({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, batch, {GeometryMember})";

    /// <summary>
    /// ONNX Conv with <c>group = in</c> on NCHW: the kernel <c>(kh, kw, in, M)</c> transposed to <c>(in, M, kh, kw)</c> and
    /// reshaped to <c>(in·M, 1, kh, kw)</c> (output channel <c>c·M + m</c>, as ONNX groups them), explicit pads as Conv2D's,
    /// then the activation on NCHW.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        string x = context.Nchw(Input);
        string kernel = context.Once($"{Kernel.Key}/grouped", () =>
        {
            string imhw = context.Node("Transpose", $"{Kernel.Key}_imhw", new[] { OnnxContext.Weight(Kernel) }, OnnxContext.Ints("perm", 2, 3, 0, 1));
            return context.Node("Reshape", $"{Kernel.Key}_grouped",
                new[] { imhw, OnnxContext.Int64s($"{Kernel.Key}_grouped_shape", new[] { g.Channels * g.Filters, 1, g.KernelHeight, g.KernelWidth }) });
        });
        var inputs = new List<string> { x, kernel };
        if (Bias is { } bias) inputs.Add(OnnxContext.Weight(bias));
        string z = context.Node("Conv", Name, inputs,
            OnnxContext.Ints("kernel_shape", g.KernelHeight, g.KernelWidth), OnnxContext.Ints("strides", g.StrideH, g.StrideW),
            OnnxContext.Ints("dilations", g.DilationH, g.DilationW), OnnxContext.Int("group", g.Channels),
            OnnxContext.Ints("pads", g.PadTop, g.PadLeft,
                Window.PadAfter(g.Height, g.KernelHeight, g.StrideH, g.DilationH, g.PadTop, g.OutHeight),
                Window.PadAfter(g.Width, g.KernelWidth, g.StrideW, g.DilationW, g.PadLeft, g.OutWidth)));
        context.SetNchw(Output, Activation.EmitOnnx(context, z, Name, nchw: true));
    }
}
