using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Conv1D(filters, kernel_size, strides, padding, dilation_rate, activation, use_bias, kernel_initializer,
/// bias_initializer)</c> on sequences <c>(steps, channels)</c>: <c>y = f(conv(x, kernel) + bias)</c>, kernel
/// <c>(k, in, filters)</c>. A sequence is a one-row image and the kernel <c>(k, in, filters)</c> is the HWIO kernel
/// <c>(1, k, in, filters)</c> byte for byte, so the layer runs <c>GenNet.Kernels.Conv2DKernel</c> on the geometry
/// <c>(1, steps, channels)</c>; "causal" is the padding <c>(k − 1)·d</c> before the first step and none after, which the
/// geometry's explicit <c>PadLeft</c> already expresses. With <c>groups</c> &gt; 1 it runs <c>GroupedConv2DKernel</c> on the
/// same geometry (kernel <c>(k, in/groups, filters)</c>, the grouped HWIO kernel with one row). Forward and backward change
/// together, and with those kernels.
/// </summary>
internal sealed record Conv1DDeclaration(
    int Filters,
    int KernelSize,
    int Strides,
    string? Padding,
    int DilationRate,
    string? Activation,
    bool UseBias,
    string? KernelInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Conv1D] is Keras' Conv1D.</summary>
    public static readonly LayerKind Kind = new("Conv1D", "Conv1D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "conv1d";

    /// <summary>Keras <c>groups</c>: the channels and filters split into this many groups, each filter reading only its group's channels. Default 1.</summary>
    public int Groups { get; init; } = 1;

    /// <summary><c>[Conv1D(filters, kernelSize, Strides, Padding, DilationRate, Groups, Activation, UseBias, …)]</c>.</summary>
    public static Conv1DDeclaration Parse(AttributeReader attribute) => new Conv1DDeclaration(
        attribute.Int(0),
        attribute.Int(1),
        attribute.Int(LayerArgumentNames.Strides, LayerArgumentDefaults.ConvolutionStrides),
        attribute.String(LayerArgumentNames.Padding),
        attribute.Int(LayerArgumentNames.DilationRate, LayerArgumentDefaults.DilationRate),
        attribute.String(LayerArgumentNames.Activation),
        attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
        attribute.String(LayerArgumentNames.KernelInitializer),
        attribute.String(LayerArgumentNames.BiasInitializer),
        attribute.String(LayerArgumentNames.Name)) { Groups = attribute.Int(LayerArgumentNames.Groups, 1) };

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int filters = Window.Positive(context, identity, TypeName, "filters", "filters", Filters, "[Conv1D(32, 3)] for 32 filters");
        int k = Window.Positive(context, identity, TypeName, "kernelSize", "kernel_size", KernelSize, "[Conv1D(32, 3)] for a kernel of 3 steps");
        int strides = Window.Positive(context, identity, TypeName, "Strides", "strides", Strides, "Strides = 2");
        int dilation = Window.Positive(context, identity, TypeName, "DilationRate", "dilation_rate", DilationRate, "DilationRate = 2");
        if (strides > 1 && dilation > 1)
        {
            context.Report(Descriptors.StridesWithDilation, Site.ForLayer(identity.Index, "Strides"), identity.Describe(TypeName),
                Text.Int(strides), Text.Int(dilation));
        }
        bool causal = Padding == PaddingNames.Causal;
        bool same = !causal && Window.Same(context, identity, TypeName, Padding);
        if (causal && strides > 1)
        {
            context.Report(Descriptors.CausalWithStrides, Site.ForLayer(identity.Index, "Strides"), identity.Describe(TypeName), Text.Int(strides));
        }
        var outputShapeForActivation = x with { Shape = new[] { 1, filters }.ToEquatableArray() };
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", outputShapeForActivation);
        InitializerSpec kernelInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(KernelInitializer)), identity.Describe(TypeName),
            context, nameof(KernelInitializer), KernelInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(BiasInitializer)), identity.Describe(TypeName),
            context, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        if (!Sequence.Require(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int steps = x.Shape[0], channels = x.Shape[1];
        if (ConvolutionGroups.Resolve(context, identity, TypeName, Groups, filters, channels) is not int groups) return new FailedLayerSpec(identity, input, TypeName);
        int outSteps, padBefore;
        if (causal)
        {
            // Keras pads (k − 1)·d zeros before the first step only; the padded length n + (k − 1)·d always fits the window.
            // Valid on that length: ⌊(n − 1)/s⌋ + 1 steps (n at stride 1, the only stride Keras allows with it).
            padBefore = (int)System.Math.Min(Window.Effective(k, dilation) - 1, int.MaxValue);
            outSteps = (steps - 1) / strides + 1;
        }
        else
        {
            (outSteps, padBefore) = Window.Resolve(steps, k, strides, dilation, same);
        }
        if (outSteps <= 0)
        {
            context.ReportShape(Descriptors.WindowLargerThanSequence, Site.ForLayer(identity.Index, "kernelSize"), identity.Describe(TypeName),
                "kernel", Text.Int(steps), Text.Int((int)System.Math.Min(Window.Effective(k, dilation), int.MaxValue)),
                $"kernel_size={Text.Int(k)}, dilation_rate={Text.Int(dilation)}", Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }

        var geometry = new ConvolutionGeometry(1, steps, channels, 1, k, filters, 1, strides, 1, dilation, 0, padBefore, 1, outSteps);
        var weights = new List<WeightSpec>
        {
            // Grouped: Keras' kernel (k, in/groups, filters), fans of that shape.
            context.AddWeight(identity, "kernel", new[] { k, channels / groups, filters }, kernelInit, k * (channels / groups), k * filters),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { filters }, biasInit, filters, filters));
        if (groups == 1) context.RequireConvolutionScratch(geometry.ScratchSize);

        int[] shape = { outSteps, filters };
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, shape);
        string padding = causal ? PaddingNames.Causal : same ? PaddingNames.Same : PaddingNames.Valid;
        return new Conv1DSpec(identity, input, output, weights.ToEquatableArray(), preActivation, geometry, padding, activation, UseBias) { Groups = groups };
    }
}

/// <summary>
/// An inferred Conv1D: a Conv2D on a one-row image (see <see cref="Conv1DDeclaration"/>), its geometry a static field of
/// the generated class. With an activation it stores z and y apart, as Conv2D.
/// </summary>
/// <param name="Padding">"valid", "same" or "causal", as written (the geometry holds the resulting pads).</param>
internal sealed record Conv1DSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int PreActivation,
    ConvolutionGeometry Geometry,
    string Padding,
    ActivationFunction Activation,
    bool UseBias) : KernelLayerSpec(Identity, Input, Output, Weights, PreActivation, Activation, UseBias)
{
    public override string TypeName => "Conv1D";

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
                Entry("kernel_size", Text.Int(g.KernelWidth)),
                Entry("strides", Text.Int(g.StrideW)),
                Entry("padding", Padding),
                Entry("dilation_rate", Text.Int(g.DilationW)),
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
            string text = $"Conv1D({Text.Int(g.Filters)}, {Text.Int(g.KernelWidth)}";
            if (!Activation.IsLinear) text += $", {Activation.Description}";
            if (g.StrideW != 1) text += $", strides={Text.Int(g.StrideW)}";
            if (Padding != PaddingNames.Valid) text += $", padding={Padding}";
            if (g.DilationW != 1) text += $", dilation_rate={Text.Int(g.DilationW)}";
            if (Groups != 1) text += $", groups={Text.Int(Groups)}";
            if (!UseBias) text += ", use_bias=False";
            return $"{text})";
        }
    }

    private string GeometryMember => $"{Member}Geometry";

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → " +
            $"{Text.Shape(model.Tensors[Output].Shape)}: a one-row Conv2D.", GeometryMember);

    /// <summary>Direct or im2col, decided here at build time from the geometry, as for Conv2D.</summary>
    public Conv2DVariant Variant => Conv2DVariants.Choose(Geometry);

    protected override string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z) => Groups != 1
        ? $"{KernelsAlias.Prefix}GroupedConv2DKernel.Forward({x}, {kernel}, {bias}, {z}, batch, {GeometryMember}, groups: {Text.Int(Groups)})"
        : $"{KernelsAlias.Prefix}Conv2DKernel.Forward{Variant.EntryPointSuffix()}({x}, {kernel}, {bias}, {z}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    protected override string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias) => Groups != 1
        ? $"{KernelsAlias.Prefix}GroupedConv2DKernel.Backward({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, batch, {GeometryMember}, groups: {Text.Int(Groups)})"
        : $"{KernelsAlias.Prefix}Conv2DKernel.Backward{Variant.EntryPointSuffix()}({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, {ForwardContext.ConvolutionScratch}, batch, {GeometryMember})";

    /// <summary>
    /// ONNX Conv on NCW: the input transposed from <c>[N, steps, C]</c>, the <c>(k, in, filters)</c> kernel transposed to
    /// OIW (once per weight), Keras' padding ("causal" too) as explicit pads, the activation on NCW, then back to
    /// <c>[N, steps, filters]</c>.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        string x = context.Node("Transpose", $"{Name}_ncw", new[] { context.Nhwc(Input) }, OnnxContext.Ints("perm", 0, 2, 1));
        string kernel = context.Once($"{Kernel.Key}/oiw", () =>
            context.Node("Transpose", $"{Kernel.Key}_oiw", new[] { OnnxContext.Weight(Kernel) }, OnnxContext.Ints("perm", 2, 1, 0)));
        var inputs = new List<string> { x, kernel };
        if (Bias is { } bias) inputs.Add(OnnxContext.Weight(bias));
        var attributes = new List<string>
        {
            OnnxContext.Ints("kernel_shape", g.KernelWidth), OnnxContext.Ints("strides", g.StrideW), OnnxContext.Ints("dilations", g.DilationW),
            OnnxContext.Ints("pads", g.PadLeft, Window.PadAfter(g.Width, g.KernelWidth, g.StrideW, g.DilationW, g.PadLeft, g.OutWidth)),
        };
        // Grouped: ONNX's W (M, C/group, k) is the transposed (k, in/groups, filters) kernel as it stands.
        if (Groups != 1) attributes.Add(OnnxContext.Int("group", Groups));
        string z = context.Node("Conv", Name, inputs, attributes.ToArray());
        string y = Activation.EmitOnnx(context, z, Name, nchw: true);
        context.SetNhwc(Output, context.Node("Transpose", $"{Name}_nwc", new[] { y }, OnnxContext.Ints("perm", 0, 2, 1)));
    }
}

/// <summary>What the sequence layers share: the rank-2 <c>(steps, features)</c> input check.</summary>
internal static class Sequence
{
    /// <summary>GN0240 unless <paramref name="x"/> is (steps, features); stops shape inference on failure.</summary>
    public static bool Require(InferContext context, LayerIdentity identity, string typeName, TensorSpec x)
    {
        if (x.Shape.Count == 2) return true;
        context.ReportShape(Descriptors.SequenceInputRequired, Site.ForLayer(identity.Index), identity.Describe(typeName), Text.Shape(x.Shape));
        return false;
    }
}
