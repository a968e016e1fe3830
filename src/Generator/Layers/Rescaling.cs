using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Rescaling(scale, offset=0.0)</c>: <c>y = x·scale + offset</c>, no weights, output shape = input shape. Forward
/// and backward change together, and with <c>GenNet.Kernels.RescalingKernel</c>.
/// </summary>
internal sealed record RescalingDeclaration(double Scale, double Offset, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Rescaling] is Keras' Rescaling.</summary>
    public static readonly LayerKind Kind = new("Rescaling", "Rescaling", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "rescaling";

    /// <summary><c>[Rescaling(scale, Offset = 0, Name = …)]</c>.</summary>
    public static RescalingDeclaration Parse(AttributeReader attribute) => new(
        attribute.Double(0, 1),
        attribute.Double(LayerArgumentNames.Offset) ?? LayerArgumentDefaults.RescalingOffset,
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        if (!IsFiniteFloat(Scale))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "scale"), who,
                "scale must be a finite float32 number", $"scale={Text.Number(Scale)}", "Write e.g. [Rescaling(1.0 / 255)]");
        }
        if (!IsFiniteFloat(Offset))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, LayerArgumentNames.Offset), who,
                "offset must be a finite float32 number", $"offset={Text.Number(Offset)}", "Write e.g. [Rescaling(1.0 / 127.5, Offset = -1)]");
        }
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new RescalingSpec(identity, input, output, Scale, Offset);
    }

    private static bool IsFiniteFloat(double value) => !double.IsNaN(value) && !float.IsInfinity((float)value);
}

/// <summary>An inferred Rescaling: its output has a region of its own.</summary>
internal sealed record RescalingSpec(LayerIdentity Identity, int Input, int Output, double Scale, double Offset)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "Rescaling";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry("scale", Text.Number(Scale)), Entry("offset", Text.Number(Offset)) };

    public override string Description => Offset == 0 ? $"Rescaling({Text.Number(Scale)})" : $"Rescaling({Text.Number(Scale)}, offset={Text.Number(Offset)})";

    public override string? FinalActivation => "linear";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}RescalingKernel.Forward({x}, {y}, {Text.FloatLiteral(Scale)}, {Text.FloatLiteral(Offset)});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}RescalingKernel.Backward({dy}, {dx}, {Text.FloatLiteral(Scale)});");
    }

    /// <summary>Mul by the scale, then Add the offset (left out when 0), in the input's layout.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        bool nchw = context.IsNchw(Input);
        string y = context.Node("Mul", $"{Name}_scale", new[] { context.Current(Input), OnnxContext.Scalar($"{Name}_scale_value", Scale) });
        if (Offset != 0) y = context.Node("Add", Name, new[] { y, OnnxContext.Scalar($"{Name}_offset_value", Offset) });
        context.Set(Output, y, nchw);
    }
}
