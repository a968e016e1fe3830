using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>SeparableConv2D(filters, kernel_size, strides, padding, depth_multiplier, dilation_rate, activation, use_bias,
/// depthwise_initializer, pointwise_initializer, bias_initializer)</c> on NHWC images: a depthwise convolution (strides,
/// padding and dilation apply here; no bias) into a stored intermediate <c>(oh, ow, in·M)</c>, then a pointwise 1×1
/// convolution to <c>filters</c> with the bias, then the activation. Weights in Keras' order and layouts:
/// <c>depthwise_kernel (kh, kw, in, M)</c>, <c>pointwise_kernel (1, 1, in·M, filters)</c>, <c>bias (filters)</c>. The
/// depthwise step runs <c>GenNet.Kernels.DepthwiseConv2DKernel</c>; the pointwise step, a 1×1 convolution at stride 1 on
/// NHWC rows, is exactly a Dense over the <c>batch·oh·ow</c> pixel rows, so it runs <c>DenseKernel</c>'s GEMM. Forward and
/// backward change together.
/// </summary>
/// <param name="KernelArgument">Constructor parameter the kernel size came from, for squiggles: kernelSize or kernelHeight.</param>
internal sealed record SeparableConv2DDeclaration(
    int Filters,
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
    string? PointwiseInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[SeparableConv2D] is Keras' SeparableConv2D.</summary>
    public static readonly LayerKind Kind = new("SeparableConv2D", "SeparableConv2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "separable_conv2d";

    /// <summary>The width stride when it differs from <see cref="Strides"/> (the height's); -1 when the same.</summary>
    public int StridesWidth { get; init; } = -1;

    /// <summary>False when <c>Strides</c> was neither an int nor two ints (GN0013).</summary>
    public bool StridesValid { get; init; } = true;

    /// <summary>The width dilation when it differs from <see cref="DilationRate"/> (the height's); -1 when the same.</summary>
    public int DilationWidth { get; init; } = -1;

    /// <summary>False when <c>DilationRate</c> was neither an int nor two ints (GN0013).</summary>
    public bool DilationValid { get; init; } = true;

    /// <summary><c>[SeparableConv2D(filters, kernelSize | kernelHeight, kernelWidth, DepthMultiplier, Strides, Padding, DilationRate, Activation, UseBias, …)]</c>.</summary>
    public static SeparableConv2DDeclaration Parse(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity == 2;
        var strides = AxisPair.ReadStrides(attribute, LayerArgumentDefaults.ConvolutionStrides);
        var dilation = AxisPair.Read(attribute, LayerArgumentNames.DilationRate, LayerArgumentDefaults.DilationRate);
        var declaration = new SeparableConv2DDeclaration(
            attribute.Int(0),
            attribute.Int(1),
            square ? attribute.Int(1) : attribute.Int(2),
            square ? "kernelSize" : "kernelHeight",
            attribute.Int(LayerArgumentNames.DepthMultiplier, 1),
            strides.Height,
            attribute.String(LayerArgumentNames.Padding),
            dilation.Height,
            attribute.String(LayerArgumentNames.Activation),
            attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
            attribute.String(LayerArgumentNames.DepthwiseInitializer),
            attribute.String(LayerArgumentNames.PointwiseInitializer),
            attribute.String(LayerArgumentNames.BiasInitializer),
            attribute.String(LayerArgumentNames.Name));
        return declaration with { StridesWidth = strides.Width == strides.Height ? -1 : strides.Width, StridesValid = strides.Valid,
            DilationWidth = dilation.Width == dilation.Height ? -1 : dilation.Width, DilationValid = dilation.Valid };
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string layer = identity.Describe(TypeName);
        int filters = Window.Positive(context, identity, TypeName, "filters", "filters", Filters, "[SeparableConv2D(32, 3)] for 32 filters");
        int kh = Window.Positive(context, identity, TypeName, KernelArgument, "kernel_size", KernelHeight, "[SeparableConv2D(32, 3)] for a 3×3 kernel");
        int kw = KernelWidth == KernelHeight ? kh
            : Window.Positive(context, identity, TypeName, "kernelWidth", "kernel_size", KernelWidth, "[SeparableConv2D(32, 3, 5)] for a 3×5 kernel");
        int multiplier = Window.Positive(context, identity, TypeName, nameof(DepthMultiplier), "depth_multiplier", DepthMultiplier, "DepthMultiplier = 2");
        var (strideH, strideW) = AxisPair.ResolveStrides(context, identity, TypeName, Strides, StridesWidth < 0 ? Strides : StridesWidth, StridesValid);
        var (dilationH, dilationW) = AxisPair.ResolveDilation(context, identity, TypeName, DilationRate, DilationWidth < 0 ? DilationRate : DilationWidth, DilationValid);
        if ((strideH > 1 || strideW > 1) && (dilationH > 1 || dilationW > 1))
        {
            context.Report(Descriptors.StridesWithDilation, Site.ForLayer(identity.Index, "Strides"), layer, Window.Pair(strideH, strideW), Window.Pair(dilationH, dilationW));
        }
        bool same = Window.Same(context, identity, TypeName, Padding);
        var outputShapeForActivation = x with { Shape = new[] { 1, 1, filters }.ToEquatableArray() };
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", outputShapeForActivation);
        InitializerSpec depthwiseInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(DepthwiseInitializer)), layer,
            context, nameof(DepthwiseInitializer), DepthwiseInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec pointwiseInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(PointwiseInitializer)), layer,
            context, nameof(PointwiseInitializer), PointwiseInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(BiasInitializer)), layer,
            context, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int height = x.Shape[0], width = x.Shape[1], channels = x.Shape[2];
        int middle = channels * multiplier;
        var (outHeight, padTop) = Window.Resolve(height, kh, strideH, dilationH, same);
        var (outWidth, padLeft) = Window.Resolve(width, kw, strideW, dilationW, same);
        if (outHeight <= 0 || outWidth <= 0)
        {
            context.ReportShape(Descriptors.KernelLargerThanInput, Site.ForLayer(identity.Index, KernelArgument), layer,
                Window.Pair(height, width), Window.Pair((int)Window.Effective(kh, dilationH), (int)Window.Effective(kw, dilationW)),
                Window.Pair(kh, kw), Window.Pair(dilationH, dilationW), Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        var geometry = new ConvolutionGeometry(height, width, channels, kh, kw, multiplier, strideH, strideW, dilationH, dilationW,
            padTop, padLeft, outHeight, outWidth);
        int patch = kh * kw;
        var weights = new List<WeightSpec>
        {
            // Keras' fans of each shape: (kh, kw, in, M) → kh·kw·in, kh·kw·M; (1, 1, in·M, filters) → in·M, filters.
            context.AddWeight(identity, "depthwise_kernel", new[] { kh, kw, channels, multiplier }, depthwiseInit, patch * channels, patch * multiplier),
            context.AddWeight(identity, "pointwise_kernel", new[] { 1, 1, middle, filters }, pointwiseInit, middle, filters),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { filters }, biasInit, filters, filters));

        int depthwise = context.AddTensor(identity, "Depthwise", "Depthwise", $"{identity.Member}DepthwiseSize", new[] { outHeight, outWidth, middle });
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, new[] { outHeight, outWidth, filters });
        return new SeparableConv2DSpec(identity, input, output, weights.ToEquatableArray(), depthwise, preActivation, geometry, filters,
            same, activation, UseBias);
    }
}

/// <summary>
/// An inferred SeparableConv2D: the depthwise result <see cref="Depthwise"/> is stored (the pointwise kernel's gradient reads
/// it), and z apart from y with an activation. The depthwise geometry (<c>Filters</c> = depth multiplier) is a static field.
/// </summary>
/// <param name="PreActivation">Tensor index of z = pointwise(depthwise) + b, or -1 without an activation (then the output is z).</param>
internal sealed record SeparableConv2DSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int Depthwise,
    int PreActivation,
    ConvolutionGeometry Geometry,
    int Filters,
    bool Same,
    ActivationFunction Activation,
    bool UseBias) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "SeparableConv2D";

    public override string? FinalActivation => Activation.Name;

    private WeightSpec DepthwiseKernel => Weights[0];

    private WeightSpec PointwiseKernel => Weights[1];

    private WeightSpec? Bias => UseBias ? Weights[2] : null;

    private int Middle => Geometry.Channels * Geometry.Filters;

    private int Pixels => Geometry.OutHeight * Geometry.OutWidth;

    private string GeometryMember => $"{Member}DepthwiseGeometry";

    public override IEnumerable<KeyValuePair<string, string>> Config
    {
        get
        {
            var g = Geometry;
            var entries = new List<KeyValuePair<string, string>>
            {
                Entry("filters", Text.Int(Filters)),
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
            var parts = new List<string> { Text.Int(Filters), Window.Size(g.KernelHeight, g.KernelWidth) };
            if (g.Filters != 1) parts.Add($"depth_multiplier={Text.Int(g.Filters)}");
            if (!Activation.IsLinear) parts.Add(Activation.Description);
            if (g.StrideH != 1 || g.StrideW != 1) parts.Add(AxisPair.Describe(g.StrideH, g.StrideW));
            if (Same) parts.Add("padding=same");
            if (g.DilationH != 1 || g.DilationW != 1) parts.Add(AxisPair.Describe("dilation_rate", g.DilationH, g.DilationW));
            if (!UseBias) parts.Add("use_bias=False");
            return $"SeparableConv2D({string.Join(", ", parts)})";
        }
    }

    public override void EmitMembers(CodeWriter writer, ModelSpec model)
    {
        TensorSpec d = model.Tensors[Depthwise];
        ShapesEmitter.Constant(writer, $"Floats per sample of {Name}'s depthwise result, shape {Text.Shape(d.Shape)}.", d.SizeConstant, d.Size);
        Geometry.Emit(writer, $"{Name} · {Text.Xml(Description)} · depthwise step {Text.Shape(model.Tensors[Input].Shape)} → {Text.Shape(d.Shape)} (Filters = depth multiplier).",
            GeometryMember);
    }

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string depthwiseKernel = context.Weight(DepthwiseKernel), pointwiseKernel = context.Weight(PointwiseKernel);
        string bias = Bias is { } b ? context.Weight(b) : "default";
        string d = context.Declare(Depthwise);
        context.Writer.Line($"{KernelsAlias.Prefix}DepthwiseConv2DKernel.Forward({x}, {depthwiseKernel}, default, {d}, batch, {GeometryMember});");
        string z = context.Declare(PreActivation >= 0 ? PreActivation : Output);
        context.Writer.Line("// pointwise 1×1 convolution: a Dense over every pixel row");
        context.Writer.Line($"{KernelsAlias.Prefix}DenseKernel.Forward({d}, {pointwiseKernel}, {bias}, {z}, batch * {Text.Int(Pixels)}, {Text.Int(Middle)}, {Text.Int(Filters)});");
        if (PreActivation >= 0)
        {
            context.Declare(Output);
            Activation.EmitForward(context, PreActivation, Output);
        }
    }

    public override bool HasBackward(ModelSpec model) => true;

    public override void EmitBackward(BackwardContext context)
    {
        string dz;
        if (PreActivation >= 0)
        {
            Activation.EmitBackward(context, PreActivation, Output);
            dz = context.Gradient(PreActivation);
        }
        else
        {
            dz = context.Gradient(Output);
        }
        string x = context.Value(Input), d = context.Value(Depthwise);
        string dd = context.DeclareGradient(Depthwise);
        string dx = context.Tensor(Input).NeedsGradient ? context.DeclareGradient(Input) : "default";
        string dBias = Bias is { } b ? context.GradientOf(b) : "default";
        context.Writer.Line($"{KernelsAlias.Prefix}DenseKernel.Backward({d}, {context.Weight(PointwiseKernel)}, {dz}, {dd}, {context.GradientOf(PointwiseKernel)}, {dBias}, batch * {Text.Int(Pixels)}, {Text.Int(Middle)}, {Text.Int(Filters)});");
        context.Writer.Line($"{KernelsAlias.Prefix}DepthwiseConv2DKernel.Backward({x}, {context.Weight(DepthwiseKernel)}, {dd}, {dx}, {context.GradientOf(DepthwiseKernel)}, default, batch, {GeometryMember});");
    }

    /// <summary>
    /// Two ONNX Conv nodes on NCHW, as DepthwiseConv2D and Conv2D export: the depthwise one with <c>group = in</c> (kernel
    /// <c>(kh, kw, in, M)</c> transposed to <c>(in, M, kh, kw)</c> and reshaped to <c>(in·M, 1, kh, kw)</c>), no bias, Keras'
    /// padding as explicit pads; the pointwise one 1×1 (kernel <c>(1, 1, in·M, filters)</c> transposed to OIHW) with the
    /// bias; then the activation on NCHW.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        string x = context.Nchw(Input);
        string depthwiseKernel = context.Once($"{DepthwiseKernel.Key}/grouped", () =>
        {
            string imhw = context.Node("Transpose", $"{DepthwiseKernel.Key}_imhw", new[] { OnnxContext.Weight(DepthwiseKernel) }, OnnxContext.Ints("perm", 2, 3, 0, 1));
            return context.Node("Reshape", $"{DepthwiseKernel.Key}_grouped",
                new[] { imhw, OnnxContext.Int64s($"{DepthwiseKernel.Key}_grouped_shape", new[] { Middle, 1, g.KernelHeight, g.KernelWidth }) });
        });
        string d = context.Node("Conv", $"{Name}_depthwise", new[] { x, depthwiseKernel },
            OnnxContext.Ints("kernel_shape", g.KernelHeight, g.KernelWidth), OnnxContext.Ints("strides", g.StrideH, g.StrideW),
            OnnxContext.Ints("dilations", g.DilationH, g.DilationW), OnnxContext.Int("group", g.Channels),
            OnnxContext.Ints("pads", g.PadTop, g.PadLeft,
                Window.PadAfter(g.Height, g.KernelHeight, g.StrideH, g.DilationH, g.PadTop, g.OutHeight),
                Window.PadAfter(g.Width, g.KernelWidth, g.StrideW, g.DilationW, g.PadLeft, g.OutWidth)));
        string pointwiseKernel = context.Once($"{PointwiseKernel.Key}/oihw", () =>
            context.Node("Transpose", $"{PointwiseKernel.Key}_oihw", new[] { OnnxContext.Weight(PointwiseKernel) }, OnnxContext.Ints("perm", 3, 2, 0, 1)));
        var inputs = new List<string> { d, pointwiseKernel };
        if (Bias is { } bias) inputs.Add(OnnxContext.Weight(bias));
        string z = context.Node("Conv", Name, inputs, OnnxContext.Ints("kernel_shape", 1, 1));
        context.SetNchw(Output, Activation.EmitOnnx(context, z, Name, nchw: true));
    }
}
