using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>ReLU(max_value=None, negative_slope=0.0, threshold=0.0)</c>: the relu activation as a layer of its own, with
/// Keras' checks (each argument at least 0, GN0013). Forward and backward are relu's (<see cref="ActivationFunction"/>).
/// </summary>
internal sealed record ReLUDeclaration(double? MaxValue, double NegativeSlope, double Threshold, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[ReLU] is Keras' ReLU.</summary>
    public static readonly LayerKind Kind = new("ReLU", "ReLU", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "re_lu";

    /// <summary><c>[ReLU(MaxValue = …, NegativeSlope = …, Threshold = …, Name = …)]</c>.</summary>
    public static ReLUDeclaration Parse(AttributeReader attribute) => new(
        attribute.Has(LayerArgumentNames.MaxValue) ? attribute.Double(LayerArgumentNames.MaxValue) : null,
        attribute.Double(LayerArgumentNames.NegativeSlope) ?? 0,
        attribute.Double(LayerArgumentNames.Threshold) ?? 0,
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        if (!(Threshold >= 0))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, LayerArgumentNames.Threshold), identity.Describe(TypeName),
                "threshold must not be negative", $"threshold={Text.Number(Threshold)}", "Write e.g. Threshold = 0.5, or leave it out (0)");
        }
        // Resolve reports a negative slope or maximum (GN0013); defaults are left out so a plain ReLU() is plain relu.
        var options = new ActivationOptions(NegativeSlope != 0 ? NegativeSlope : null, MaxValue,
            Threshold != 0 ? Threshold : null, null, null);
        var config = new[]
        {
            $"max_value={(MaxValue is double max && !double.IsPositiveInfinity(max) ? Text.Number(max) : "None")}",
            $"negative_slope={Text.Number(NegativeSlope)}",
            $"threshold={Text.Number(Threshold)}",
        };
        return ActivationLayerSpec.Create(context, identity, input, TypeName, ActivationNames.Relu, options, config);
    }
}

/// <summary>Keras <c>LeakyReLU(negative_slope=0.3)</c>: the leaky_relu activation as a layer (note the layer's own default).</summary>
internal sealed record LeakyReLUDeclaration(double NegativeSlope, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[LeakyReLU] is Keras' LeakyReLU.</summary>
    public static readonly LayerKind Kind = new("LeakyReLU", "LeakyReLU", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "leaky_re_lu";

    /// <summary><c>[LeakyReLU(NegativeSlope = 0.3, Name = …)]</c>.</summary>
    public static LeakyReLUDeclaration Parse(AttributeReader attribute) => new(
        attribute.Double(LayerArgumentNames.NegativeSlope) ?? LayerArgumentDefaults.LeakyReLUNegativeSlope,
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        double slope = NegativeSlope;
        if (!(slope >= 0) || double.IsInfinity(slope))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, LayerArgumentNames.NegativeSlope), identity.Describe(TypeName),
                "negative_slope must be a finite number at least 0", $"negative_slope={Text.Number(slope)}", "Write e.g. NegativeSlope = 0.3 (Keras' default)");
            slope = LayerArgumentDefaults.LeakyReLUNegativeSlope;
        }
        var options = new ActivationOptions(null, null, null, slope, null);
        return ActivationLayerSpec.Create(context, identity, input, TypeName, ActivationNames.LeakyRelu, options,
            new[] { $"negative_slope={Text.Number(slope)}" });
    }
}

/// <summary>Keras <c>ELU(alpha=1.0)</c>: the elu activation as a layer.</summary>
internal sealed record ELUDeclaration(double Alpha, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[ELU] is Keras' ELU.</summary>
    public static readonly LayerKind Kind = new("ELU", "ELU", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "elu";

    /// <summary><c>[ELU(Alpha = 1, Name = …)]</c>.</summary>
    public static ELUDeclaration Parse(AttributeReader attribute) => new(
        attribute.Double(LayerArgumentNames.Alpha) ?? LayerArgumentDefaults.EluAlpha,
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        double alpha = Alpha;
        if (double.IsNaN(alpha) || double.IsInfinity(alpha))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, LayerArgumentNames.Alpha), identity.Describe(TypeName),
                "alpha must be a finite number", $"alpha={Text.Number(alpha)}", "Write e.g. Alpha = 1 (Keras' default)");
            alpha = LayerArgumentDefaults.EluAlpha;
        }
        var options = new ActivationOptions(null, null, null, alpha, null);
        return ActivationLayerSpec.Create(context, identity, input, TypeName, ActivationNames.Elu, options, new[] { $"alpha={Text.Number(alpha)}" });
    }
}

/// <summary>
/// Keras <c>Softmax(axis=-1)</c>. On the last axis it is the softmax activation (and fuses with a categorical
/// cross-entropy like one); on another axis it is <see cref="SoftmaxAxisSpec"/>. An axis that is not a sample's is GN0263.
/// </summary>
internal sealed record SoftmaxDeclaration(int Axis, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Softmax] is Keras' Softmax.</summary>
    public static readonly LayerKind Kind = new("Softmax", "Softmax", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "softmax";

    /// <summary><c>[Softmax(Axis = -1, Name = …)]</c>.</summary>
    public static SoftmaxDeclaration Parse(AttributeReader attribute) => new(
        attribute.Int(LayerArgumentNames.Axis, LayerArgumentDefaults.SoftmaxAxis),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int rank = x.Shape.Count;
        int axis = Axis > 0 ? Axis - 1 : rank + Axis;
        string[] config = { $"axis={Text.Int(Axis)}" };
        if (Axis == 0 || axis < 0 || axis >= rank)
        {
            context.Report(Descriptors.SoftmaxAxisOutOfRange, Site.ForLayer(identity.Index, LayerArgumentNames.Axis), identity.Describe(TypeName),
                Text.Int(Axis), Text.Shape(x.Shape), Text.Int(rank));
            axis = rank - 1;
        }
        if (axis == rank - 1)
        {
            return ActivationLayerSpec.Create(context, identity, input, TypeName, ActivationNames.Softmax, ActivationOptions.None, config);
        }
        int outer = x.Shape.Take(axis).Aggregate(1, (a, d) => a * d);
        int inner = x.Shape.Skip(axis + 1).Aggregate(1, (a, d) => a * d);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new SoftmaxAxisSpec(identity, input, output, Axis, axis, outer, x.Shape[axis], inner);
    }
}

/// <summary>
/// A Keras activation layer (ReLU, LeakyReLU, ELU, Softmax on the last axis): one activation function, its own output
/// region, no weights. Forward, backward and ONNX are the function's, as for <c>[Activation]</c>; only the Keras type,
/// its configuration and its default name differ.
/// </summary>
/// <param name="ConfigText">Keras' <c>get_config()</c> entries as <c>key=value</c>.</param>
internal sealed record ActivationLayerSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    ActivationFunction Function,
    string KerasType,
    EquatableArray<string> ConfigText) : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    /// <summary>Resolves <paramref name="function"/> with <paramref name="options"/> and adds the output tensor.</summary>
    public static ActivationLayerSpec Create(InferContext context, LayerIdentity identity, int input, string kerasType, string function,
        ActivationOptions options, IEnumerable<string> config)
    {
        TensorSpec x = context.Tensor(input);
        ActivationFunction resolved = ActivationFunction.Resolve(context, identity, kerasType, function, options, "activation", x);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new ActivationLayerSpec(identity, input, output, resolved, kerasType, config.ToEquatableArray());
    }

    public override string TypeName => KerasType;

    public override IEnumerable<KeyValuePair<string, string>> Config =>
        ConfigText.Select(e => Entry(e.Substring(0, e.IndexOf('=')), e.Substring(e.IndexOf('=') + 1)));

    public override string Description => $"{KerasType}({(Function.Options.Length == 0 ? "" : Function.Options)})";

    public override string? FinalActivation => Function.Name;

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        if (InferenceFold is { } fold)
        {
            BatchNormFolding.EmitTrainingOrFolded(context, fold, y, () => Function.EmitForward(context, Input, Output));
            return;
        }
        Function.EmitForward(context, Input, Output);
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context) => Function.EmitBackward(context, Input, Output);

    /// <summary>The function's nodes in the input's layout (softmax over the channel axis either way).</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        bool nchw = context.IsNchw(Input);
        context.Set(Output, Function.EmitOnnx(context, context.Current(Input), Name, nchw), nchw);
    }
}

/// <summary>
/// A Softmax over an axis that is not the last: the sample viewed as <c>[Outer, Length, Inner]</c>, so the kernel runs over
/// <c>batch·Outer</c> blocks (<c>GenNet.Kernels.SoftmaxKernel</c>). It does not fuse with a loss (the loss's fused
/// gradient is for the last axis), so its <see cref="FinalActivation"/> is linear.
/// </summary>
/// <param name="KerasAxis">The axis as written (batch = 0).</param>
/// <param name="SampleAxis">The axis among a sample's axes (0-based).</param>
internal sealed record SoftmaxAxisSpec(LayerIdentity Identity, int Input, int Output, int KerasAxis, int SampleAxis, int Outer, int Length, int Inner)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "Softmax";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry("axis", Text.Int(KerasAxis)) };

    public override string Description => $"Softmax(axis={Text.Int(KerasAxis)})";

    public override string? FinalActivation => "linear";

    private string Sizes => $"{(Outer == 1 ? "batch" : $"batch * {Text.Int(Outer)}")}, {Text.Int(Length)}, {Text.Int(Inner)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}SoftmaxKernel.Forward({x}, {y}, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string y = context.Value(Output);
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}SoftmaxKernel.Backward({y}, {dy}, {dx}, {Sizes});");
    }

    /// <summary>ONNX Softmax with the axis mapped onto the value's layout: <c>axis + 1</c> on NHWC; H, W, C → 2, 3, 1 on NCHW.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        bool nchw = context.IsNchw(Input);
        int axis = nchw ? new[] { 2, 3, 1 }[SampleAxis] : SampleAxis + 1;
        context.Set(Output, context.Node("Softmax", Name, new[] { context.Current(Input) }, OnnxContext.Int("axis", axis)), nchw);
    }
}
