using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>ZeroPadding1D(padding=1)</c> on sequences: <c>(steps, c) → (left + steps + right, c)</c>, zero steps at both
/// ends; <c>padding</c> is one int or <c>(left, right)</c>. A negative side is GN0260, a non-sequence input GN0240.
/// Forward and backward change together, and with <c>GenNet.Kernels.ZeroPadding1DKernel</c>.
/// </summary>
/// <param name="LeftArgument">The constructor parameter <see cref="Left"/> came from (for squiggles): padding or left.</param>
internal sealed record ZeroPadding1DDeclaration(int Left, int Right, string LeftArgument, string RightArgument, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[ZeroPadding1D] is Keras' ZeroPadding1D.</summary>
    public static readonly LayerKind Kind = new("ZeroPadding1D", "ZeroPadding1D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "zero_padding1d";

    /// <summary><c>[ZeroPadding1D]</c>, <c>[ZeroPadding1D(p)]</c>, <c>[ZeroPadding1D(left, right)]</c>.</summary>
    public static ZeroPadding1DDeclaration Parse(AttributeReader attribute) => attribute.ConstructorArity == 2
        ? new(attribute.Int(0), attribute.Int(1), "left", "right", attribute.String(LayerArgumentNames.Name))
        : new(attribute.Int(0, LayerArgumentDefaults.ZeroPadding), attribute.Int(0, LayerArgumentDefaults.ZeroPadding), "padding", "padding",
            attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        bool valid = true;
        var reported = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (value, argument) in new[] { (Left, LeftArgument), (Right, RightArgument) })
        {
            if (value >= 0 || !reported.Add(argument)) continue;
            context.Report(Descriptors.NegativePaddingOrCropping, Site.ForLayer(identity.Index, argument), identity.Describe(TypeName),
                "padding", $"{argument}={Text.Int(value)}", "[ZeroPadding1D(1, 0)]");
            valid = false;
        }
        if (!Sequence.Require(context, identity, TypeName, x) || !valid) return new FailedLayerSpec(identity, input, TypeName);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { Left + x.Shape[0] + Right, x.Shape[1] });
        return new ZeroPadding1DSpec(identity, input, output, x.Shape[0], x.Shape[1], Left, Right);
    }
}

/// <summary>An inferred ZeroPadding1D: the input's steps and channels and the zero steps before and after.</summary>
internal sealed record ZeroPadding1DSpec(LayerIdentity Identity, int Input, int Output, int Steps, int Channels, int Left, int Right)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "ZeroPadding1D";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry("padding", $"{Text.Int(Left)},{Text.Int(Right)}") };

    public override string Description => $"ZeroPadding1D(({Text.Int(Left)}, {Text.Int(Right)}))";

    public override string? FinalActivation => "linear";

    private string Sizes => $"batch, {Text.Int(Steps)}, {Text.Int(Channels)}, {Text.Int(Left)}, {Text.Int(Right)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}ZeroPadding1DKernel.Forward({x}, {y}, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}ZeroPadding1DKernel.Backward({dy}, {dx}, {Sizes});");
    }

    /// <summary>Pad (constant 0) of axis 1 of the (N, steps, C) value (sequences are kept channels-last in the export).</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        int[] pads = { 0, Left, 0, 0, Right, 0 };
        context.SetNhwc(Output, context.Node("Pad", Name, new[] { context.Nhwc(Input), OnnxContext.Int64s($"{Name}_pads", pads) }));
    }
}
