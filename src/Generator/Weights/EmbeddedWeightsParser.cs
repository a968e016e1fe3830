using System;
using System.Linq;
using System.Threading;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Weights;

/// <summary>
/// <c>[EmbeddedWeights]</c> class → <see cref="EmbeddedWeightsRequest"/>: the file name and the key of the class's model.
/// The model itself is not parsed here: its spec comes from the model's own transform (looked up by that key).
/// </summary>
internal static class EmbeddedWeightsParser
{
    /// <summary>Null when this attribute is not the class's first [EmbeddedWeights] (a duplicate is the compiler's CS0579).</summary>
    public static EmbeddedWeightsRequest? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        AttributeData attribute = context.Attributes[0];
        AttributeData? first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.EmbeddedWeights);
        if (first?.ApplicationSyntaxReference is { } reference && attribute.ApplicationSyntaxReference is { } own &&
            (reference.SyntaxTree != own.SyntaxTree || reference.Span != own.Span))
        {
            return null;
        }

        string? file = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        bool hasModel = type.GetAttributes().Any(a => AttributeNames.IsModel(a.AttributeClass?.ToDisplayString()));
        return new EmbeddedWeightsRequest(Parser.FullName(type), hasModel, type.Name, file);
    }
}
