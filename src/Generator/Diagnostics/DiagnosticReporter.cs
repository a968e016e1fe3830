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
/// Reporting: the located diagnostics of a model (<see cref="ModelTransform"/>), GN0009 for layer attributes on a
/// class without a model attribute, and GN0999 for an unexpected failure. Outputs here hold locations, so moving a
/// model re-reports them while the generation branch, cached on location-free data, regenerates nothing.
/// </summary>
internal static class DiagnosticReporter
{
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

    /// <summary>GN0999 at the class name: an exception the generator did not expect, with its message.</summary>
    public static Diagnostic InternalError(GeneratorAttributeSyntaxContext context, Exception e)
    {
        Location location = context.TargetNode is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.TargetNode.GetLocation();
        return Diagnostic.Create(Descriptors.InternalError, location, context.TargetSymbol.Name, $"{e.GetType().Name}: {e.Message}");
    }
}
