using System.Collections.Generic;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Activation(name)</c> as a layer of its own: no weights, output shape = input shape. A linear
/// activation is the identity and emits nothing (its output is its input tensor). Forward and backward change together.
/// </summary>
internal sealed record ActivationDeclaration(string? Function, ActivationOptions Options, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Activation] is Keras' Activation.</summary>
    public static readonly LayerKind Kind = new("Activation", "Activation", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "activation";

    /// <summary><c>[Activation("relu", NegativeSlope = …, MaxValue = …, Threshold = …, Alpha = …, Approximate = …, Name = …)]</c>.</summary>
    public static ActivationDeclaration Parse(AttributeReader attribute) => new(
        attribute.String(0),
        new ActivationOptions(
            attribute.Has(LayerArgumentNames.NegativeSlope) ? attribute.Double(LayerArgumentNames.NegativeSlope) : null,
            attribute.Has(LayerArgumentNames.MaxValue) ? attribute.Double(LayerArgumentNames.MaxValue) : null,
            attribute.Has(LayerArgumentNames.Threshold) ? attribute.Double(LayerArgumentNames.Threshold) : null,
            attribute.Has(LayerArgumentNames.Alpha) ? attribute.Double(LayerArgumentNames.Alpha) : null,
            attribute.Has(LayerArgumentNames.Approximate) ? attribute.Bool(LayerArgumentNames.Approximate, false) : null),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        ActivationFunction function = ActivationFunction.Resolve(context, identity, TypeName, Function ?? "linear", Options, "activation", x);
        // The identity needs no buffer, except on the model input: the output must live in the workspace.
        int output = function.IsLinear && !x.IsModelInput
            ? input
            : context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new ActivationSpec(identity, input, output, EquatableArray<WeightSpec>.Empty, function);
    }
}

/// <summary>An inferred Activation layer.</summary>
internal sealed record ActivationSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    ActivationFunction Function) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "Activation";

    public override IEnumerable<KeyValuePair<string, string>> Config => Function.ConfigEntries();

    public override string Description => $"Activation({Function.Description})";

    public override string? FinalActivation => Output == Input ? null : Function.Name;

    public override void EmitForward(ForwardContext context)
    {
        if (Output == Input) return;
        string y = context.Declare(Output);
        if (InferenceFold is { } fold)
        {
            BatchNormFolding.EmitTrainingOrFolded(context, fold, y, () => Function.EmitForward(context, Input, Output));
            return;
        }
        if (Function.IsLinear)
        {
            context.Writer.Line($"{context.Value(Input)}.Slice(0, {context.Tensor(Input).SizeConstant} * batch).CopyTo({y});");
            return;
        }
        Function.EmitForward(context, Input, Output);
    }

    public override bool HasBackward(ModelSpec model) =>
        Output != Input && !Function.IsLinear && model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        if (Output == Input || Function.IsLinear) return;
        Function.EmitBackward(context, Input, Output);
    }

    /// <summary>
    /// The function's nodes in whichever layout the input has (softmax over the channel axis either way); an in-place or
    /// linear activation is its input's value.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        if (Output == Input || Function.IsLinear)
        {
            context.Alias(Output, Input);
            return;
        }
        bool nchw = context.IsNchw(Input);
        context.Set(Output, Function.EmitOnnx(context, context.Current(Input), Name, nchw), nchw);
    }
}
