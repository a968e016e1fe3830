using System.Linq;
using GenNet.Generator.Emit;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>MaxPooling2D(pool_size=2, strides=None, padding="valid")</c>: the window maxima, per channel. Shape rule and
/// validation in <see cref="Pooling2DDeclaration"/>. Forward and backward change together, and with
/// <c>GenNet.Kernels.MaxPooling2DKernel</c> (whose backward re-finds each window's winner in x).
/// </summary>
internal sealed record MaxPooling2DDeclaration(int PoolHeight, int PoolWidth, string PoolArgument, int? Strides, string? Padding, string? Name)
    : Pooling2DDeclaration(PoolHeight, PoolWidth, PoolArgument, Strides, Padding, Name)
{
    /// <summary>[MaxPooling2D] is Keras' MaxPooling2D.</summary>
    public static readonly LayerKind Kind = new("MaxPooling2D", "MaxPooling2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "max_pooling2d";

    /// <summary><c>[MaxPooling2D(poolSize = 2 | poolHeight, poolWidth, Strides = …, Padding = …, Name = …)]</c>.</summary>
    public static MaxPooling2DDeclaration Parse(AttributeReader attribute)
    {
        var a = Read(attribute);
        return new(a.Height, a.Width, a.Argument, a.Strides, a.Padding, a.Name) { StridesWidth = a.StridesWidth, StridesValid = a.StridesValid };
    }

    protected override LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same) =>
        new MaxPooling2DSpec(identity, input, output, geometry, same);
}

/// <summary>An inferred MaxPooling2D.</summary>
internal sealed record MaxPooling2DSpec(LayerIdentity Identity, int Input, int Output, PoolingGeometry Geometry, bool Same)
    : Pooling2DSpec(Identity, Input, Output, Geometry, Same)
{
    public override string TypeName => "MaxPooling2D";

    protected override (string Op, string[] Attributes) OnnxOperator => ("MaxPool", System.Array.Empty<string>());

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}MaxPooling2DKernel.Forward({x}, {y}, batch, {GeometryMember});");
    }

    /// <summary>Set by <see cref="ReluFusion"/>: the producer whose relu gradient this pool's backward writes, or null.</summary>
    public FoldedRelu? FoldsRelu { get; init; }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        if (FoldsRelu is { } fold)
        {
            string dz = context.DeclareGradient(fold.PreActivation);
            context.Writer.Line($"// {fold.Producer}'s relu gradient folded in: relu(z) > 0 exactly where z > 0, so one pass writes dz");
            context.Writer.Line($"{KernelsAlias.Prefix}MaxPooling2DKernel.BackwardRelu({x}, {dy}, {dz}, batch, {GeometryMember});");
            return;
        }
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}MaxPooling2DKernel.Backward({x}, {dy}, {dx}, batch, {GeometryMember});");
    }
}
