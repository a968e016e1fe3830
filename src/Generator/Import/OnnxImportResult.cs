using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;
using GenNet.Generator.Weights;

namespace GenNet.Generator.Import;

/// <summary>
/// What one [OnnxModel] or [KerasModel] import gives: the model to emit (as a declaration would), its compiled-in weights, the remarks
/// file with the equivalent declaration, or one diagnostic (id and the arguments after the class and file name).
/// </summary>
internal sealed record OnnxImportResult(
    TypeDeclaration Type,
    ModelToEmit? Model,
    EmbeddedWeightsSpec? Weights,
    GeneratedFile? Remarks,
    string? DiagnosticId,
    EquatableArray<string> Arguments)
{
    /// <summary>Warnings of a successful import: each the descriptor id and its message arguments, joined by <see cref="WarningSeparator"/>.</summary>
    public EquatableArray<string> Warnings { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Separates the id and arguments of one <see cref="Warnings"/> entry (a character no file name or message holds).</summary>
    public const char WarningSeparator = '\u001f';

    public static OnnxImportResult Problem(TypeDeclaration type, bool canTakeMembers, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(type, canTakeMembers ? new ModelToEmit(null, type) : null, null, null, descriptor.Id, new EquatableArray<string>(arguments));
}
