namespace GenNet.Generator.Emit;

/// <summary>The emit step's output: a file to add, or the message of an emitter failure (reported as GN0999).</summary>
internal sealed record GeneratedFile(string HintName, string Text, string? Error = null);
