using GenNet.Generator.Parse;

namespace GenNet.Generator.Infer;

/// <summary>What the Emit step writes: the model from <paramref name="Spec"/>, or placeholder members for <paramref name="Type"/> when the declaration has errors (Spec null).</summary>
internal sealed record ModelToEmit(ModelSpec? Spec, TypeDeclaration Type);
