using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Permute(dims)</c>: the per-sample axes reordered, output axis i = input axis <c>dims[i]</c> (1-based, the batch
/// axis never moves). Forward and backward change together, and with <c>GenNet.Kernels.PermuteKernel</c> (0-based dims).
/// </summary>
internal sealed record PermuteDeclaration(EquatableArray<int> Dims, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Permute] is Keras' Permute.</summary>
    public static readonly LayerKind Kind = new("Permute", "Permute", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "permute";

    /// <summary><c>[Permute(params dims, Name = …)]</c>.</summary>
    public static PermuteDeclaration Parse(AttributeReader attribute) =>
        new(attribute.Ints(0).ToEquatableArray(), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int rank = x.Shape.Count;
        int[] dims = Dims.ToArray();
        if (dims.Length != rank || dims.Any(d => d < 1 || d > rank) || dims.Distinct().Count() != rank || rank > 8)
        {
            context.ReportShape(Descriptors.InvalidPermuteDims, Site.ForLayer(identity.Index, "dims"), identity.Describe(TypeName),
                Text.Shape(dims), Text.Shape(x.Shape), Text.Int(rank), Text.Shape(Enumerable.Range(1, rank).Reverse()));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        int[] axes = dims.Select(d => d - 1).ToArray();
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", axes.Select(a => x.Shape[a]).ToArray());
        return new PermuteSpec(identity, input, output, x.Shape, axes.ToEquatableArray());
    }
}

/// <summary>An inferred Permute: the input's shape and the 0-based axis order.</summary>
internal sealed record PermuteSpec(LayerIdentity Identity, int Input, int Output, EquatableArray<int> InputShape, EquatableArray<int> Axes)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "Permute";

    private string DimsText => string.Join(", ", Axes.Select(a => Text.Int(a + 1)));

    public override string Description => $"Permute(({DimsText}))";

    public override string? FinalActivation => "linear";

    public override System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> Config =>
        new[] { Entry("dims", string.Join(",", Axes.Select(a => Text.Int(a + 1)))) };

    // "stackalloc int[] { 3, 4 }": constant shapes on the stack, so the call allocates nothing.
    private string Shapes =>
        $$"""stackalloc int[] { {{string.Join(", ", InputShape.Select(d => Text.Int(d)))}} }, stackalloc int[] { {{string.Join(", ", Axes.Select(a => Text.Int(a)))}} }""";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}PermuteKernel.Forward({x}, {y}, batch, {Shapes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}PermuteKernel.Backward({dy}, {dx}, batch, {Shapes});");
    }

    /// <summary>Transpose with <c>perm = [0, dims…]</c> on the channels-last value.</summary>
    public override void EmitOnnx(OnnxContext context) =>
        context.SetNhwc(Output, context.Node("Transpose", Name, new[] { context.Nhwc(Input) },
            OnnxContext.Ints("perm", new[] { 0 }.Concat(Axes.Select(a => a + 1)).ToArray())));
}
