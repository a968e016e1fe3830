using System;
using System.Linq;
using System.Threading;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator;

/// <summary>
/// Everything the pipeline learns from one [Sequential]/[Functional] class, from one parse and one inference: what to
/// emit (location-free) and the diagnostics (located). The generator splits the two with two <c>Select</c>s, so moving
/// a model re-reports its diagnostics while the emit half compares equal and nothing is regenerated.
/// </summary>
/// <param name="ToEmit">The model or its placeholders; null when the class itself cannot take generated members.</param>
/// <param name="Diagnostics">
/// Every GN diagnostic at its source span. The locations keep their syntax tree on purpose: a diagnostic located in a
/// tree is the one <c>#pragma warning disable</c> and .editorconfig severities apply to.
/// </param>
internal sealed record ModelTransform(ModelToEmit? ToEmit, EquatableArray<Diagnostic> Diagnostics)
{
    /// <summary>Parse → Infer for one model attribute. Never throws: an unexpected failure becomes GN0999.</summary>
    public static ModelTransform Run(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        ParseResult parsed;
        try
        {
            parsed = Parser.Parse(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ModelTransform(null, InternalError(context, e));
        }
        if (parsed.Declaration is null || parsed.Sites is null) return new ModelTransform(null, EquatableArray<Diagnostic>.Empty);

        ModelDeclaration declaration = parsed.Declaration;
        bool classCannotTakeMembers = parsed.Diagnostics.Any(d => d.IsError && Descriptors.IsClassLevel(d.Id));
        InferResult inferred;
        try
        {
            // A declaration that already failed to parse is still inferred, for the diagnostics of its other layers.
            inferred = Inferrer.Infer(declaration);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ModelTransform(classCannotTakeMembers ? null : new ModelToEmit(null, declaration.Type),
                Locate(parsed.Diagnostics, parsed.Sites).Concat(InternalError(context, e)).ToEquatableArray());
        }

        ModelToEmit? toEmit = classCannotTakeMembers ? null : new ModelToEmit(parsed.HasErrors ? null : inferred.Spec, declaration.Type);
        return new ModelTransform(toEmit, Locate(parsed.Diagnostics.Concat(inferred.Diagnostics), parsed.Sites).ToEquatableArray());
    }

    private static System.Collections.Generic.IEnumerable<Diagnostic> Locate(System.Collections.Generic.IEnumerable<DiagnosticSpec> diagnostics, SourceSites sites) =>
        diagnostics.Select(d => Diagnostic.Create(Descriptors.Get(d.Id), sites.Locate(d.Site), d.Arguments.Cast<object>().ToArray()));

    private static EquatableArray<Diagnostic> InternalError(GeneratorAttributeSyntaxContext context, Exception e) =>
        new(new[] { DiagnosticReporter.InternalError(context, e) });
}
