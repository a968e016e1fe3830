using System.Collections.Immutable;
using System.Linq;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Infer;

/// <summary>
/// Every model of the compilation as its transform left it (the spec, or null with errors), compared by content: what
/// a step that needs another model's spec (compiled-in weights) reads instead of parsing that model again.
/// </summary>
internal sealed record ModelSpecs(EquatableArray<ModelToEmit> Models)
{
    public static ModelSpecs Of(ImmutableArray<ModelToEmit> first, ImmutableArray<ModelToEmit> second) =>
        new(first.Concat(second).ToEquatableArray());

    /// <summary>The spec of the model class named <paramref name="fullName"/> (<c>Namespace.Outer.Name</c>), or null.</summary>
    public ModelSpec? Find(string fullName) => Models.FirstOrDefault(m => m.Type.FullName == fullName)?.Spec;
}
