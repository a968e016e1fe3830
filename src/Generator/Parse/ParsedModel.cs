namespace GenNet.Generator.Parse;

/// <summary>What the Parse step keeps: the declaration, and whether parsing found errors (then only placeholders are generated).</summary>
internal sealed record ParsedModel(ModelDeclaration Declaration, bool HasErrors);
