using System;
using System.Linq;
using System.Threading;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Diagnostics;

/// <summary>
/// The diagnostics branch: parses and infers again, then turns each <see cref="DiagnosticSpec"/> into a
/// <see cref="Diagnostic"/> at its source span. Its outputs hold locations, so moving a model re-reports here
/// while the generation branch, cached on location-free data, regenerates nothing.
/// </summary>
internal static class DiagnosticReporter
{
    /// <summary>Every diagnostic of one [Sequential] class. Never throws: a failure becomes GN0999.</summary>
    public static EquatableArray<Diagnostic> Diagnose(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            ParseResult parsed = Parser.Parse(context, cancellationToken);
            if (parsed.Declaration is null || parsed.Sites is null) return EquatableArray<Diagnostic>.Empty;
            InferResult inferred = Inferrer.Infer(parsed.Declaration);
            SourceSites sites = parsed.Sites;
            return parsed.Diagnostics.Concat(inferred.Diagnostics)
                .Select(d => Diagnostic.Create(Descriptors.Get(d.Id), sites.Locate(d.Site), d.Arguments.Cast<object>().ToArray()))
                .ToEquatableArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EquatableArray<Diagnostic>(new[] { InternalError(context, e) });
        }
    }

    /// <summary>GN0009 for each layer attribute on a class that has no [Sequential].</summary>
    public static EquatableArray<Diagnostic> FindOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not INamedTypeSymbol type ||
                type.GetAttributes().Any(a => AttributeNames.IsModel(a.AttributeClass?.ToDisplayString())))
            {
                return EquatableArray<Diagnostic>.Empty;
            }
            return context.Attributes
                .Select(a => Diagnostic.Create(Descriptors.LayerWithoutModel,
                    (a.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.GetLocation() ?? context.TargetNode.GetLocation(),
                    LayerKinds.ShortName(a.AttributeClass?.ToDisplayString() ?? "Layer"), type.Name))
                .ToEquatableArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new EquatableArray<Diagnostic>(new[] { InternalError(context, e) });
        }
    }

    /// <summary>Reports <paramref name="input"/>'s diagnostics with help links into its docs folder (see <see cref="HelpLinks"/>).</summary>
    public static void Report(SourceProductionContext context, (EquatableArray<Diagnostic> Diagnostics, string? DocsFolder) input)
    {
        foreach (Diagnostic diagnostic in input.Diagnostics) context.ReportDiagnostic(HelpLinks.Relink(diagnostic, input.DocsFolder));
    }

    private static Diagnostic InternalError(GeneratorAttributeSyntaxContext context, Exception e)
    {
        Location location = context.TargetNode is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.TargetNode.GetLocation();
        return Diagnostic.Create(Descriptors.InternalError, location, context.TargetSymbol.Name, e.GetType().Name + ": " + e.Message);
    }
}
