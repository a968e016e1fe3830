using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Input(shape, name)</c>: <c>[Input("image", 28, 28, 1)]</c> declares one input node of a Functional model.
/// It computes nothing: <see cref="GraphInferrer"/> turns it into a model-input tensor (a region of the <c>input</c>
/// span) before any layer is inferred, so it never gets a <see cref="LayerSpec"/>.
/// </summary>
internal sealed record InputDeclaration(EquatableArray<int> Shape, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Input] is Keras' InputLayer (<c>keras.Input</c>).</summary>
    public static readonly LayerKind Kind = new("Input", "InputLayer", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => ModelDeclaration.InputName;

    /// <summary><c>[Input("name", dims…)]</c> or <c>[Input(dims…)]</c>; a written <c>Name = …</c> wins.</summary>
    public static InputDeclaration Parse(AttributeReader attribute)
    {
        bool named = attribute.ConstructorArity == 2;
        return new InputDeclaration(attribute.Ints(named ? 1 : 0).ToEquatableArray(),
            attribute.String(LayerArgumentNames.Name) ?? (named ? attribute.String(0) : null));
    }

    /// <summary>Reached only through a Sequential model, which already reported GN0211; never generated.</summary>
    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input) => new FailedLayerSpec(identity, input, TypeName);
}

/// <summary>
/// <c>[Reuse("shared", From = …)]</c>: calls the layer named <see cref="Layer"/> again with the same weights (Keras' shared
/// layer). <see cref="GraphInferrer"/> infers the target's declaration under this call's identity while
/// <see cref="InferContext"/> hands back the target's weights instead of new ones.
/// </summary>
internal sealed record ReuseDeclaration(string Layer, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Reuse] has no Keras class: it calls an existing layer again.</summary>
    public static readonly LayerKind Kind = new("Reuse", "Reuse", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => $"{Layer}_call";

    /// <summary><c>[Reuse("layer", From = …, Name = …)]</c>.</summary>
    public static ReuseDeclaration Parse(AttributeReader attribute) => new(attribute.String(0) ?? "", attribute.String(LayerArgumentNames.Name));

    /// <summary>Reached only through a Sequential model, which already reported GN0209; never generated.</summary>
    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input) => new FailedLayerSpec(identity, input, TypeName);
}
