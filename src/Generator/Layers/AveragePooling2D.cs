using GenNet.Generator.Emit;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>AveragePooling2D(pool_size=2, strides=None, padding="valid")</c>: the window means over real cells, per
/// channel. Shape rule and validation in <see cref="Pooling2DDeclaration"/>. Forward and backward change together, and
/// with <c>GenNet.Kernels.AveragePooling2DKernel</c>.
/// </summary>
internal sealed record AveragePooling2DDeclaration(int PoolHeight, int PoolWidth, string PoolArgument, int? Strides, string? Padding, string? Name)
    : Pooling2DDeclaration(PoolHeight, PoolWidth, PoolArgument, Strides, Padding, Name)
{
    /// <summary>[AveragePooling2D] is Keras' AveragePooling2D.</summary>
    public static readonly LayerKind Kind = new("AveragePooling2D", "AveragePooling2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "average_pooling2d";

    /// <summary><c>[AveragePooling2D(poolSize = 2 | poolHeight, poolWidth, Strides = …, Padding = …, Name = …)]</c>.</summary>
    public static AveragePooling2DDeclaration Parse(AttributeReader attribute)
    {
        var a = Read(attribute);
        return new(a.Height, a.Width, a.Argument, a.Strides, a.Padding, a.Name) { StridesWidth = a.StridesWidth, StridesValid = a.StridesValid };
    }

    protected override LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same) =>
        new AveragePooling2DSpec(identity, input, output, geometry, same);
}

/// <summary>An inferred AveragePooling2D.</summary>
internal sealed record AveragePooling2DSpec(LayerIdentity Identity, int Input, int Output, PoolingGeometry Geometry, bool Same)
    : Pooling2DSpec(Identity, Input, Output, Geometry, Same)
{
    public override string TypeName => "AveragePooling2D";

    // Keras averages over the input pixels a window covers, never the padding ("same"): count_include_pad = 0.
    protected override (string Op, string[] Attributes) OnnxOperator => ("AveragePool", new[] { OnnxContext.Int("count_include_pad", 0) });

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}AveragePooling2DKernel.Forward({x}, {y}, batch, {GeometryMember});");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}AveragePooling2DKernel.Backward({dy}, {dx}, batch, {GeometryMember});");
    }
}
