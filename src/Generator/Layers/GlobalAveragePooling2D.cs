using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>GlobalAveragePooling2D()</c>: the mean over height and width per channel, <c>(H, W, C) → (C)</c>. Forward
/// and backward change together, and with <c>GenNet.Kernels.GlobalAveragePooling2DKernel</c>.
/// </summary>
internal sealed record GlobalAveragePooling2DDeclaration(string? Name) : LayerDeclaration(Name)
{
    /// <summary>[GlobalAveragePooling2D] is Keras' GlobalAveragePooling2D.</summary>
    public static readonly LayerKind Kind = new("GlobalAveragePooling2D", "GlobalAveragePooling2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "global_average_pooling2d";

    /// <summary><c>[GlobalAveragePooling2D(Name = …)]</c>.</summary>
    public static GlobalAveragePooling2DDeclaration Parse(AttributeReader attribute) => new(attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { x.Shape[2] });
        return new GlobalAveragePooling2DSpec(identity, input, output, x.Shape[0], x.Shape[1], x.Shape[2]);
    }
}

/// <summary>An inferred GlobalAveragePooling2D.</summary>
internal sealed record GlobalAveragePooling2DSpec(LayerIdentity Identity, int Input, int Output, int Height, int Width, int Channels)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "GlobalAveragePooling2D";

    public override string Description => "GlobalAveragePooling2D()";

    public override string? FinalActivation => "linear";

    private string Sizes => $"{Text.Int(Height)}, {Text.Int(Width)}, {Text.Int(Channels)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}GlobalAveragePooling2DKernel.Forward({x}, {y}, batch, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}GlobalAveragePooling2DKernel.Backward({dy}, {dx}, batch, {Sizes});");
    }

    /// <summary>GlobalAveragePool on NCHW (<c>[N, C, 1, 1]</c>), then Reshape to <c>[N, C]</c>.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        string pooled = context.Node("GlobalAveragePool", $"{Name}_pool", new[] { context.Nchw(Input) });
        context.SetNhwc(Output, context.Node("Reshape", Name, new[] { pooled, OnnxContext.Int64s($"{Name}_shape", new[] { 0, Channels }) }));
    }
}
