using System.Linq;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Flatten()</c>: <c>(d1, d2, …) → (d1·d2·…)</c>, row-major. NHWC data is already laid out that way, so the
/// output is a view of the input (<see cref="InferContext.AddView"/>): no code, no memory, no gradient work.
/// </summary>
internal sealed record FlattenDeclaration(string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Flatten] is Keras' Flatten.</summary>
    public static readonly LayerKind Kind = new("Flatten", "Flatten", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "flatten";

    /// <summary><c>[Flatten(Name = …)]</c>.</summary>
    public static FlattenDeclaration Parse(AttributeReader attribute) => new(attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int output = context.AddView(identity, input, new[] { x.Size });
        return new ViewSpec(identity, input, output, TypeName, "Flatten()", x.Shape.Count == 1);
    }
}

/// <summary>
/// A layer whose output is its input under another shape (Flatten, Reshape). It emits nothing, except a copy when it
/// views the model input and is the model's last layer (the output must live in the workspace).
/// </summary>
/// <param name="KeepsLastAxis">Whether the last axis is unchanged, so an output activation before it still fuses with the loss.</param>
internal sealed record ViewSpec(LayerIdentity Identity, int Input, int Output, string ViewTypeName, string ViewDescription, bool KeepsLastAxis)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => ViewTypeName;

    public override string Description => ViewDescription;

    public override string? FinalActivation => KeepsLastAxis ? null : "linear";

    public override void EmitForward(ForwardContext context)
    {
        if (context.Tensor(Output).IsAlias)
        {
            context.Writer.Line($"// (a view: the next layer reads {context.Value(Input)} in place)");
            return;
        }
        string y = context.Declare(Output);
        context.Writer.Line($"{context.Value(Input)}.CopyTo({y});");
    }

    public override bool HasBackward(ModelSpec model) => false;

    public override void EmitBackward(BackwardContext context)
    {
    }

    /// <summary>A Reshape to <c>[0, …shape]</c> (0 keeps the batch axis); on the NHWC value, whose element order is GenNet's.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        string shape = OnnxContext.Int64s($"{Name}_shape", new[] { 0 }.Concat(context.Model.Tensors[Output].Shape));
        context.SetNhwc(Output, context.Node("Reshape", Name, new[] { context.Nhwc(Input), shape }));
    }
}
