using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Dense(units, activation, use_bias, kernel_initializer, bias_initializer)</c>: <c>y = f(x·W + b)</c> on
/// the last axis, <c>kernel[inputs, units]</c>. Everything GenNet knows about Dense is in this file: attribute
/// arguments, validation, shape rule, weights, forward and backward lines. Forward and backward change together,
/// and with <c>GenNet.Kernels.DenseKernel</c>.
/// </summary>
internal sealed record DenseDeclaration(
    int Units,
    string? Activation,
    bool UseBias,
    string? KernelInitializer,
    string? BiasInitializer,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Dense] is Keras' Dense.</summary>
    public static readonly LayerKind Kind = new("Dense", "Dense", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "dense";

    /// <summary><c>[Dense(units, Activation = …, UseBias = …, KernelInitializer = …, BiasInitializer = …, Name = …)]</c>.</summary>
    public static DenseDeclaration Parse(AttributeReader attribute) => new(
        attribute.Int(0),
        attribute.String(LayerArgumentNames.Activation),
        attribute.Bool(LayerArgumentNames.UseBias, LayerArgumentDefaults.UseBias),
        attribute.String(LayerArgumentNames.KernelInitializer),
        attribute.String(LayerArgumentNames.BiasInitializer),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        string who = identity.Describe(TypeName);
        TensorSpec x = context.Tensor(input);
        int units = Units;
        if (units <= 0)
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "units"), who,
                "units must be positive", $"units={Text.Int(Units)}", "Write e.g. [Dense(16)] for 16 outputs per sample");
            units = 1;
        }
        ActivationFunction activation = ActivationFunction.Resolve(context, identity, TypeName, Activation,
            ActivationOptions.None, "Activation", WithLastAxis(x, units));
        InitializerSpec kernelInit = Initializer(context, identity, nameof(KernelInitializer), KernelInitializer, InitializerSpec.GlorotUniform);
        InitializerSpec biasInit = Initializer(context, identity, nameof(BiasInitializer), BiasInitializer, InitializerSpec.Zeros);

        var weights = new System.Collections.Generic.List<WeightSpec>
        {
            context.AddWeight(identity, "kernel", new[] { x.LastAxis, units }, kernelInit, x.LastAxis, units),
        };
        if (UseBias) weights.Add(context.AddWeight(identity, "bias", new[] { units }, biasInit, units, units));

        int[] shape = x.Shape.Take(x.Shape.Count - 1).Concat(new[] { units }).ToArray();
        var (preActivation, output) = KernelLayerSpec.AddOutputs(context, identity, activation, shape);
        return new DenseSpec(identity, input, output, weights.ToEquatableArray(), preActivation, x.LastAxis, units, activation, UseBias);
    }

    private static TensorSpec WithLastAxis(TensorSpec x, int units) =>
        x with { Shape = x.Shape.Take(x.Shape.Count - 1).Concat(new[] { units }).ToEquatableArray() };

    private static InitializerSpec Initializer(InferContext context, LayerIdentity identity, string argument, string? text, InitializerSpec fallback) =>
        InitializerSpec.Resolve(Site.ForLayer(identity.Index, argument), identity.Describe("Dense"), context, argument, text, fallback);
}

/// <summary>
/// An inferred Dense layer. With an activation it stores the pre-activation z and the output y separately, since
/// the activation's gradient needs both.
/// </summary>
/// <param name="PreActivation">Tensor index of z = x·W + b, or -1 without an activation (then the output is z).</param>
internal sealed record DenseSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int PreActivation,
    int Inputs,
    int Units,
    ActivationFunction Activation,
    bool UseBias) : KernelLayerSpec(Identity, Input, Output, Weights, PreActivation, Activation, UseBias)
{
    public override string TypeName => "Dense";

    public override IEnumerable<KeyValuePair<string, string>> Config =>
        new[] { Entry("units", Text.Int(Units)) }.Concat(Activation.ConfigEntries()).Concat(new[] { Entry("use_bias", UseBias) });

    public override string Description =>
        $"Dense({Text.Int(Units)}{(Activation.IsLinear ? "" : $", {Activation.Description}")}{(UseBias ? "" : ", use_bias=False")})";

    protected override string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z) =>
        $"{KernelsAlias.Prefix}DenseKernel.Forward({x}, {kernel}, {bias}, {z}, " +
        $"{ForwardContext.Rows(context.Tensor(Input))}, {Text.Int(Inputs)}, {Text.Int(Units)})";

    protected override string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias) =>
        $"{KernelsAlias.Prefix}DenseKernel.Backward({x}, {kernel}, {dz}, {dx}, {dKernel}, {dBias}, " +
        $"{ForwardContext.Rows(context.Tensor(Input))}, {Text.Int(Inputs)}, {Text.Int(Units)})";

    /// <summary>MatMul on the last axis (any rank, so NHWC), Add of the bias, then the activation.</summary>
    /// <summary><see cref="KernelLayerSpec.ForwardReluCall"/>: the product with the relu applied while the outputs are in cache.</summary>
    protected override string? ForwardReluCall(ForwardContext context, string x, string kernel, string bias, string y) =>
        $"{KernelsAlias.Prefix}DenseKernel.ForwardRelu({x}, {kernel}, {bias}, {y}, {ForwardContext.Rows(context.Tensor(Input))}, {Text.Int(Inputs)}, {Text.Int(Units)})";

    /// <summary><see cref="KernelLayerSpec.BackwardReluInputCall"/>: the input gradient masked by <c>[x &gt; 0]</c> as it is stored.</summary>
    public override string? BackwardReluInputCall(BackwardContext context, string x, string kernel, string dy, string dz, string dKernel, string dBias) =>
        $"{KernelsAlias.Prefix}DenseKernel.BackwardReluInput({x}, {kernel}, {dy}, {dz}, {dKernel}, {dBias}, {ForwardContext.Rows(context.Tensor(Input))}, {Text.Int(Inputs)}, {Text.Int(Units)})";

    public override void EmitOnnx(OnnxContext context)
    {
        string z = context.Node("MatMul", $"{Name}_matmul", new[] { context.Nhwc(Input), OnnxContext.Weight(Kernel) });
        if (Bias is { } bias) z = context.Node("Add", $"{Name}_bias", new[] { z, OnnxContext.Weight(bias) });
        context.SetNhwc(Output, Activation.EmitOnnx(context, z, Name));
    }
}
