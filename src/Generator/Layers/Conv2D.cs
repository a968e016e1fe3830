using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Conv2D(filters, kernel_size, strides, padding, dilation_rate, activation, use_bias, kernel_initializer,
/// bias_initializer)</c> on NHWC images: <c>y = f(conv(x, kernel) + bias)</c>, kernel HWIO <c>(kh, kw, in, filters)</c>.
/// Everything GenNet knows about Conv2D is in this file. Forward and backward change together, and with
/// <c>GenNet.Kernels.Conv2DKernel</c>.
/// </summary>
/// <param name="KernelArgument">Constructor parameter the kernel size came from, for squiggles: kernelSize or kernelHeight.</param>
internal sealed record Conv2DDeclaration(
    int Filters,
    int KernelHeight,
    int KernelWidth,
    string KernelArgument,
    int Strides,
    string? Padding,
    int DilationRate,
    string? Activation,
    bool UseBias,
    string? KernelInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Conv2D] is Keras' Conv2D.</summary>
    public static readonly LayerKind Kind = new("Conv2D", "Conv2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "conv2d";

    /// <summary>Keras <c>groups</c>: the channels and filters split into this many groups, each filter reading only its group's channels. Default 1.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>The width stride when it differs from <see cref="Strides"/> (the height's); -1 when the same.</summary>
    public int StridesWidth { get; init; } = -1;

    /// <summary>False when <c>Strides</c> was neither an int nor two ints (GN0013).</summary>
    public bool StridesValid { get; init; } = true;

    /// <summary>The width dilation when it differs from <see cref="DilationRate"/> (the height's); -1 when the same.</summary>
    public int DilationWidth { get; init; } = -1;

    /// <summary>False when <c>DilationRate</c> was neither an int nor two ints (GN0013).</summary>
    public bool DilationValid { get; init; } = true;

    /// <summary><c>[Conv2D(filters, kernelSize | kernelHeight, kernelWidth, Strides, Padding, DilationRate, Activation, UseBias, …)]</c>.</summary>
    public static Conv2DDeclaration Parse(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity == 2;
        var strides = AxisPair.ReadStrides(attribute, LayerArgumentDefaults.ConvolutionStrides);
        var dilation = AxisPair.Read(attribute, LayerArgumentNames.DilationRate, LayerArgumentDefaults.DilationRate);
        var declaration = new Conv2DDeclaration(
            attribute.Int(0),
            attribute.Int(1),
            square ? attribute.Int(1) : attribute.Int(2),
            square ? "kernelSize" : "kernelHeight",
            strides.Height,
            attribute.String(LayerArgumentNames.Padding),
            dilation.Height,
            attribute.String(LayerArgumentNames.Activation),
            attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
            attribute.String(LayerArgumentNames.KernelInitializer),
            attribute.String(LayerArgumentNames.BiasInitializer),
            attribute.String(LayerArgumentNames.Name));
        return declaration with
        {
            Groups = attribute.Int(LayerArgumentNames.Groups, 1),
            StridesWidth = strides.Width == strides.Height ? -1 : strides.Width,
            StridesValid = strides.Valid,
            DilationWidth = dilation.Width == dilation.Height ? -1 : dilation.Width,
            DilationValid = dilation.Valid,
        };
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int filters = Window.Positive(context, identity, TypeName, "filters", "filters", Filters, "[Conv2D(32, 3)] for 32 filters");
        int kh = Window.Positive(context, identity, TypeName, KernelArgument, "kernel_size", KernelHeight, "[Conv2D(32, 3)] for a 3×3 kernel");
        int kw = KernelWidth == KernelHeight ? kh
            : Window.Positive(context, identity, TypeName, "kernelWidth", "kernel_size", KernelWidth, "[Conv2D(32, 3, 5)] for a 3×5 kernel");
        var (strideH, strideW) = AxisPair.ResolveStrides(context, identity, TypeName, Strides, StridesWidth < 0 ? Strides : StridesWidth, StridesValid);
        var (dilationH, dilationW) = AxisPair.ResolveDilation(context, identity, TypeName, DilationRate, DilationWidth < 0 ? DilationRate : DilationWidth, DilationValid);
        if ((strideH > 1 || strideW > 1) && (dilationH > 1 || dilationW > 1))
        {
            context.Report(Descriptors.StridesWithDilation, Site.ForLayer(identity.Index, "Strides"), identity.Describe(TypeName),
                Window.Pair(strideH, strideW), Window.Pair(dilationH, dilationW));
        }
        bool same = Window.Same(context, identity, TypeName, Padding);
        var outputShapeForActivation = x with { Shape = new[] { 1, 1, filters }.ToEquatableArray() };
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", outputShapeForActivation);
        InitializerSpec kernelInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(KernelInitializer)), identity.Describe(TypeName),
            context, nameof(KernelInitializer), KernelInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(BiasInitializer)), identity.Describe(TypeName),
            context, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int height = x.Shape[0], width = x.Shape[1], channels = x.Shape[2];
        if (ConvolutionGroups.Resolve(context, identity, TypeName, Groups, filters, channels) is not int groups) return new FailedLayerSpec(identity, input, TypeName);
        var (outHeight, padTop) = Window.Resolve(height, kh, strideH, dilationH, same);
        var (outWidth, padLeft) = Window.Resolve(width, kw, strideW, dilationW, same);
        if (outHeight <= 0 || outWidth <= 0)
        {
            context.ReportShape(Descriptors.KernelLargerThanInput, Site.ForLayer(identity.Index, KernelArgument), identity.Describe(TypeName),
                Window.Pair(height, width), Window.Pair((int)Window.Effective(kh, dilationH), (int)Window.Effective(kw, dilationW)),
                Window.Pair(kh, kw), Window.Pair(dilationH, dilationW), Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        var geometry = new ConvolutionGeometry(height, width, channels, kh, kw, filters, strideH, strideW, dilationH, dilationW,
            padTop, padLeft, outHeight, outWidth);
        int patch = kh * kw;
        var weights = new List<WeightSpec>
        {
            // Grouped: Keras' kernel (kh, kw, in/groups, filters), fans of that shape.
            context.AddWeight(identity, "kernel", new[] { kh, kw, channels / groups, filters }, kernelInit, patch * (channels / groups), patch * filters),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { filters }, biasInit, filters, filters));
        if (groups == 1) context.RequireConvolutionScratch(geometry.ScratchSize);

        int[] shape = { outHeight, outWidth, filters };
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, shape);
        return new Conv2DSpec(identity, input, output, weights.ToEquatableArray(), preActivation, geometry, same, activation, UseBias)
        {
            Groups = groups,
        };
    }
}

/// <summary>
/// An inferred Conv2D. With an activation it stores the pre-activation z and the output y separately, since the
/// activation's gradient needs both; its geometry is a static field of the generated class.
/// </summary>
/// <param name="PreActivation">Tensor index of z = conv(x) + b, or -1 without an activation (then the output is z).</param>
internal sealed record Conv2DSpec(
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
    public override string TypeName => "Conv2D";

    /// <summary>Keras <c>groups</c> (1: an ordinary convolution); above 1 the layer runs <c>GroupedConv2DKernel</c>.</summary>
    public int Groups { get; init; } = 1;

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
                Entry("dilation_rate", PairText(g.DilationH, g.DilationW)),
            };
            if (Groups != 1) entries.Add(Entry("groups", Text.Int(Groups)));
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
            string text = $"Conv2D({Text.Int(g.Filters)}, {Window.Size(g.KernelHeight, g.KernelWidth)}";
            if (!Activation.IsLinear) text += $", {Activation.Description}";
            if (g.StrideH != 1 || g.StrideW != 1) text += $", {AxisPair.Describe(g.StrideH, g.StrideW)}";
            if (Same) text += ", padding=same";
            if (g.DilationH != 1 || g.DilationW != 1) text += $", {AxisPair.Describe("dilation_rate", g.DilationH, g.DilationW)}";
            string groups = Groups != 1 ? $", groups={Text.Int(Groups)}" : "";
            string bias = UseBias ? "" : ", use_bias=False";
            return $"{text}{groups}{bias})";
        }
    }

    private string GeometryMember => $"{Member}Geometry";

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → " +
            $"{Text.Shape(model.Tensors[Output].Shape)}.", GeometryMember);

    /// <summary>Direct or im2col, decided here at build time from the geometry (<see cref="Conv2DVariants.Choose"/>).</summary>
    public Conv2DVariant Variant => Conv2DVariants.Choose(Geometry);

    protected override string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z) => Groups != 1
        ? $"{KernelsAlias.Prefix}GroupedConv2DKernel.Forward({x}, {kernel}, {bias}, {z}, batch, {GeometryMember}, groups: {Text.Int(Groups)})"
        : $"{KernelsAlias.Prefix}Conv2DKernel.Forward{Variant.EntryPointSuffix()}({x}, {kernel}, {bias}, {z}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    public override bool CanFoldNormalization => Groups == 1;

    public override string ForwardFoldedCall(ForwardContext context, string x, string y, string scaleShift, string min, string max) =>
        $"{KernelsAlias.Prefix}Conv2DKernel.ForwardFolded{Variant.EntryPointSuffix()}({x}, {context.Weight(Kernel)}, {y}, {ForwardContext.ConvolutionScratch}, {scaleShift}, batch, {GeometryMember}, {min}, {max})";

    protected override string? ForwardReluCall(ForwardContext context, string x, string kernel, string bias, string y) => Groups != 1 ? null :
        $"{KernelsAlias.Prefix}Conv2DKernel.ForwardRelu{Variant.EntryPointSuffix()}({x}, {kernel}, {bias}, {y}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    protected override string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias) => Groups != 1
        ? $"{KernelsAlias.Prefix}GroupedConv2DKernel.Backward({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, batch, {GeometryMember}, groups: {Text.Int(Groups)})"
        : $"{KernelsAlias.Prefix}Conv2DKernel.Backward{Variant.EntryPointSuffix()}({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    /// <summary>
    /// ONNX Conv on NCHW: the HWIO kernel transposed to OIHW by a Transpose node on its initializer (once, however often the
    /// layer is called), Keras' padding as explicit pads (the odd pixel bottom/right), then the activation on NCHW.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        string x = context.Nchw(Input);
        string kernel = context.Once($"{Kernel.Key}/oihw", () =>
            context.Node("Transpose", $"{Kernel.Key}_oihw", new[] { OnnxContext.Weight(Kernel) }, OnnxContext.Ints("perm", 3, 2, 0, 1)));
        var inputs = new List<string> { x, kernel };
        if (Bias is { } bias) inputs.Add(OnnxContext.Weight(bias));
        var attributes = new List<string>
        {
            OnnxContext.Ints("kernel_shape", g.KernelHeight, g.KernelWidth), OnnxContext.Ints("strides", g.StrideH, g.StrideW),
            OnnxContext.Ints("dilations", g.DilationH, g.DilationW),
            OnnxContext.Ints("pads", g.PadTop, g.PadLeft,
                Window.PadAfter(g.Height, g.KernelHeight, g.StrideH, g.DilationH, g.PadTop, g.OutHeight),
                Window.PadAfter(g.Width, g.KernelWidth, g.StrideW, g.DilationW, g.PadLeft, g.OutWidth)),
        };
        // Grouped: ONNX's W (M, C/group, kH, kW) is the transposed (kh, kw, in/groups, filters) kernel as it stands.
        if (Groups != 1) attributes.Add(OnnxContext.Int("group", Groups));
        string z = context.Node("Conv", Name, inputs, attributes.ToArray());
        context.SetNchw(Output, Activation.EmitOnnx(context, z, Name, nchw: true));
    }
}

/// <summary>Keras' <c>groups</c> of Conv2D and Conv1D, checked against the filters and the input channels (GN0013, GN0283).</summary>
internal static class ConvolutionGroups
{
    /// <summary>
    /// The groups to build with: 1 after a report on the filters (inference goes on), null where the input channels do not
    /// divide (shape inference stops at the layer).
    /// </summary>
    public static int? Resolve(InferContext context, LayerIdentity identity, string typeName, int declared, int filters, int channels)
    {
        int groups = Window.Positive(context, identity, typeName, "Groups", "groups", declared, "Groups = 2");
        if (filters % groups != 0)
        {
            context.Report(Descriptors.GroupsDoNotDivide, Site.ForLayer(identity.Index, "Groups"), identity.Describe(typeName),
                "filters", Text.Int(filters), Text.Int(groups));
            return 1;
        }
        if (channels % groups == 0) return groups;
        context.ReportShape(Descriptors.GroupsDoNotDivide, Site.ForLayer(identity.Index, "Groups"), identity.Describe(typeName),
            "input channels", Text.Int(channels), Text.Int(groups));
        return null;
    }
}
