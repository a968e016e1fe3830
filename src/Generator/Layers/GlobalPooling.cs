using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>GlobalAveragePooling1D()</c>: the mean over the steps per channel, <c>(steps, C) → (C)</c>; a sequence is a
/// one-row image, so it runs <c>GenNet.Kernels.GlobalAveragePooling2DKernel</c> with height 1.
/// </summary>
internal sealed record GlobalAveragePooling1DDeclaration(string? Name) : LayerDeclaration(Name)
{
    /// <summary>[GlobalAveragePooling1D] is Keras' GlobalAveragePooling1D.</summary>
    public static readonly LayerKind Kind = new("GlobalAveragePooling1D", "GlobalAveragePooling1D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "global_average_pooling1d";

    /// <summary><c>[GlobalAveragePooling1D(Name = …)]</c>.</summary>
    public static GlobalAveragePooling1DDeclaration Parse(AttributeReader attribute) => new(attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!Sequence.Require(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { x.Shape[1] });
        return new GlobalAveragePooling1DSpec(identity, input, output, x.Shape[0], x.Shape[1]);
    }
}

/// <summary>An inferred GlobalAveragePooling1D.</summary>
internal sealed record GlobalAveragePooling1DSpec(LayerIdentity Identity, int Input, int Output, int Steps, int Channels)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "GlobalAveragePooling1D";

    public override string Description => "GlobalAveragePooling1D()";

    public override string? FinalActivation => "linear";

    private string Sizes => $"1, {Text.Int(Steps)}, {Text.Int(Channels)}";

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

    /// <summary>ReduceMean over the steps axis of <c>[N, steps, C]</c> (opset 17: <c>axes</c> is an attribute).</summary>
    public override void EmitOnnx(OnnxContext context) =>
        context.SetNhwc(Output, context.Node("ReduceMean", Name, new[] { context.Nhwc(Input) },
            OnnxContext.Ints("axes", 1), OnnxContext.Int("keepdims", 0)));
}

/// <summary>
/// Keras <c>GlobalMaxPooling1D()</c> and <c>GlobalMaxPooling2D()</c>: the maximum over the positions (steps, or pixels)
/// per channel, <c>(steps, C) → (C)</c> or <c>(H, W, C) → (C)</c>, with <c>GenNet.Kernels.GlobalMaxPoolingKernel</c>; its
/// gradient is that of Keras' <c>max</c> reduction (split evenly between tied positions).
/// </summary>
/// <param name="Rank">The input rank the kind takes: 2 (GlobalMaxPooling1D) or 3 (GlobalMaxPooling2D).</param>
internal sealed record GlobalMaxPoolingDeclaration(int Rank, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[GlobalMaxPooling1D] is Keras' GlobalMaxPooling1D.</summary>
    public static readonly LayerKind OneD = new("GlobalMaxPooling1D", "GlobalMaxPooling1D",
        a => new GlobalMaxPoolingDeclaration(2, a.String(LayerArgumentNames.Name)));

    /// <summary>[GlobalMaxPooling2D] is Keras' GlobalMaxPooling2D.</summary>
    public static readonly LayerKind TwoD = new("GlobalMaxPooling2D", "GlobalMaxPooling2D",
        a => new GlobalMaxPoolingDeclaration(3, a.String(LayerArgumentNames.Name)));

    public override string TypeName => Rank == 2 ? OneD.KerasName : TwoD.KerasName;

    public override string DefaultName => Rank == 2 ? "global_max_pooling1d" : "global_max_pooling2d";

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        bool ok = Rank == 2 ? Sequence.Require(context, identity, TypeName, x) : Window.RequireImage(context, identity, TypeName, x);
        if (!ok) return new FailedLayerSpec(identity, input, TypeName);
        int channels = x.LastAxis;
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { channels });
        return new GlobalMaxPoolingSpec(identity, input, output, TypeName, x.Size / channels, channels, Rank);
    }
}

/// <summary>An inferred GlobalMaxPooling1D/2D: positions·channels in, channels out.</summary>
internal sealed record GlobalMaxPoolingSpec(LayerIdentity Identity, int Input, int Output, string Kind, int Positions, int Channels, int Rank)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => Kind;

    public override string Description => $"{Kind}()";

    public override string? FinalActivation => "linear";

    private string Sizes => $"{Text.Int(Positions)}, {Text.Int(Channels)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}GlobalMaxPoolingKernel.Forward({x}, {y}, batch, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        string y = context.Value(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}GlobalMaxPoolingKernel.Backward({x}, {y}, {dy}, {dx}, batch, {Sizes});");
    }

    /// <summary>ReduceMax over the position axes of the channels-last value (opset 17: <c>axes</c> is an attribute).</summary>
    public override void EmitOnnx(OnnxContext context) =>
        context.SetNhwc(Output, context.Node("ReduceMax", Name, new[] { context.Nhwc(Input) },
            Rank == 2 ? OnnxContext.Ints("axes", 1) : OnnxContext.Ints("axes", 1, 2), OnnxContext.Int("keepdims", 0)));
}
