using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>RepeatVector(n)</c>: <c>(features) → (n, features)</c>, each sample's vector copied n times; the gradient sums
/// the n step gradients. Forward and backward change together, and with <c>GenNet.Kernels.RepeatVectorKernel</c>.
/// </summary>
internal sealed record RepeatVectorDeclaration(int N, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[RepeatVector] is Keras' RepeatVector.</summary>
    public static readonly LayerKind Kind = new("RepeatVector", "RepeatVector", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "repeat_vector";

    /// <summary><c>[RepeatVector(n, Name = …)]</c>.</summary>
    public static RepeatVectorDeclaration Parse(AttributeReader attribute) => new(attribute.Int(0), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int n = Window.Positive(context, identity, TypeName, "n", "n", N, "[RepeatVector(10)]");
        if (x.Shape.Count != 1)
        {
            context.ReportShape(Descriptors.RepeatVectorInputRank, Site.ForLayer(identity.Index), identity.Describe(TypeName), Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { n, x.Shape[0] });
        return new RepeatVectorSpec(identity, input, output, n, x.Shape[0]);
    }
}

/// <summary>An inferred RepeatVector.</summary>
internal sealed record RepeatVectorSpec(LayerIdentity Identity, int Input, int Output, int N, int Features)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "RepeatVector";

    public override string Description => $"RepeatVector({Text.Int(N)})";

    public override string? FinalActivation => "linear";

    public override System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> Config => new[] { Entry("n", Text.Int(N)) };

    private string Sizes => $"{Text.Int(N)}, {Text.Int(Features)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}RepeatVectorKernel.Forward({x}, {y}, batch, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}RepeatVectorKernel.Backward({dy}, {dx}, batch, {Sizes});");
    }

    /// <summary>Unsqueeze to <c>[N, 1, F]</c>, then Tile <c>[1, n, 1]</c>.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        string column = context.Node("Unsqueeze", $"{Name}_unsqueeze", new[] { context.Nhwc(Input), OnnxContext.Int64s($"{Name}_axes", new[] { 1 }) });
        context.SetNhwc(Output, context.Node("Tile", Name, new[] { column, OnnxContext.Int64s($"{Name}_repeats", new[] { 1, N, 1 }) }));
    }
}
