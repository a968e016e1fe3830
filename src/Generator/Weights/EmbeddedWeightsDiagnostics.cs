using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Weights;

/// <summary>A request with the place of its attribute, or the message of a parse failure.</summary>
internal sealed record LocatedWeightsRequest(EmbeddedWeightsRequest? Request, Location Location, string TypeName, string? Failure);

/// <summary>
/// The [EmbeddedWeights] transform's located half and its diagnostics: each request is found once with the place of its
/// attribute; its match (<see cref="WeightFileMatcher"/>, run once on the location-free half) is reported there.
/// Never throws: a failure becomes GN0999.
/// </summary>
internal static class EmbeddedWeightsDiagnostics
{
    public static LocatedWeightsRequest? Locate(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        Location location = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax attribute
            ? attribute.GetLocation()
            : context.TargetNode is TypeDeclarationSyntax type ? type.Identifier.GetLocation() : context.TargetNode.GetLocation();
        try
        {
            EmbeddedWeightsRequest? request = EmbeddedWeightsParser.Parse(context, cancellationToken);
            return request is null ? null : new LocatedWeightsRequest(request, location, context.TargetSymbol.Name, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new LocatedWeightsRequest(null, location, context.TargetSymbol.Name, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The diagnostic of <paramref name="located"/>'s match (found among <paramref name="matches"/> by its class), at its attribute.</summary>
    public static EquatableArray<Diagnostic> Diagnose(LocatedWeightsRequest located, ImmutableArray<MatchedWeights> matches)
    {
        try
        {
            if (located.Failure is not null) throw new InvalidOperationException(located.Failure);
            EmbeddedWeightsResult? result = matches.FirstOrDefault(m => m.ModelName == located.Request!.ModelName)?.Result;
            if (result?.DiagnosticId is null) return EquatableArray<Diagnostic>.Empty;
            object[] arguments = new object[result.Arguments.Count];
            for (int i = 0; i < arguments.Length; i++) arguments[i] = result.Arguments[i];
            return new EquatableArray<Diagnostic>(new[] { Diagnostic.Create(Descriptors.Get(result.DiagnosticId), located.Location, arguments) });
        }
        catch (Exception e)
        {
            return new EquatableArray<Diagnostic>(new[] { Diagnostic.Create(Descriptors.InternalError, located.Location, located.TypeName, $"{e.GetType().Name}: {e.Message}") });
        }
    }
}
