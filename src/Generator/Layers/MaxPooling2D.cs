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
        return new(a.Height, a.Width, a.Argument, a.Strides, a.Padding, a.Name);
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
        context.Writer.Line(KernelsAlias.Prefix + "MaxPooling2DKernel.Forward(" + x + ", " + y + ", batch, " + GeometryMember + ");");
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        if (ReluBefore(context) is KernelLayerSpec producer)
        {
            string dz = context.DeclareGradient(producer.PreActivation);
            context.Writer.Line("// " + producer.Name + "'s relu gradient folded in: relu(z) > 0 exactly where z > 0, so one pass writes dz");
            context.Writer.Line(KernelsAlias.Prefix + "MaxPooling2DKernel.BackwardRelu(" + x + ", " + dy + ", " + dz + ", batch, " + GeometryMember + ");");
            return;
        }
        string dx = context.DeclareGradient(Input);
        context.Writer.Line(KernelsAlias.Prefix + "MaxPooling2DKernel.Backward(" + x + ", " + dy + ", " + dx + ", batch, " + GeometryMember + ");");
    }

    /// <summary>
    /// The Dense/Conv2D whose plain relu output only this pool reads (not a model output), or null: then the pool writes
    /// that layer's dz itself and the layer skips its ReluGradient call (<see cref="KernelLayerSpec"/>).
    /// </summary>
    private KernelLayerSpec? ReluBefore(BackwardContext context) =>
        context.Model.Layers.OfType<KernelLayerSpec>().FirstOrDefault(l => l.Output == Input) is { } producer &&
        FoldsReluGradientOf(context.Model, producer) ? producer : null;

    /// <summary>
    /// Whether a MaxPooling2D writes <paramref name="producer"/>'s dz (its relu gradient folded into the pool's backward):
    /// the producer applies a plain relu whose output one MaxPooling2D alone reads, and is not a model output. Then
    /// nothing reads the producer's pre-activation z, so its forward need not keep it (Conv2DKernel.ForwardRelu).
    /// </summary>
    public static bool FoldsReluGradientOf(ModelSpec model, KernelLayerSpec producer)
    {
        int y = producer.Output;
        if (producer.PreActivation < 0 || producer.Activation.Name != "relu" || producer.Activation.Arguments.Length != 0) return false;
        if (!model.Tensors[producer.PreActivation].NeedsGradient) return false;
        if (model.OutputTensor == y || model.Tensors[y].Local == model.Output.Local || model.Outputs.Any(o => o.Tensor == y)) return false;
        var readers = model.Layers.Where(l => l.InputTensors.Contains(y)).ToList();
        return readers.Count == 1 && readers[0] is MaxPooling2DSpec;
    }
}
