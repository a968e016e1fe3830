using System;
using System.Linq;
using System.Threading;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Weights;

/// <summary>
/// <c>[EmbeddedWeights]</c> class → <see cref="EmbeddedWeightsRequest"/>: the file name and the model's spec, parsed and
/// inferred from the class's [Sequential]/[Functional] declaration (which may be another partial declaration).
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
        AttributeData? model = type.GetAttributes().FirstOrDefault(a => AttributeNames.IsModel(a.AttributeClass?.ToDisplayString()));
        if (model is null) return new EmbeddedWeightsRequest(null, false, type.Name, file);
        return new EmbeddedWeightsRequest(Infer(type, model, context.SemanticModel.Compilation, cancellationToken), true, type.Name, file);
    }

    /// <summary>The model's spec, or null when it has errors (its own diagnostics report them).</summary>
    private static ModelSpec? Infer(INamedTypeSymbol type, AttributeData model, Compilation compilation, CancellationToken cancellationToken)
    {
        if (model.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { Parent.Parent: TypeDeclarationSyntax node }) return null;
        try
        {
            ParseResult parsed = Parser.Parse(type, node, model, compilation, cancellationToken);
            if (parsed.HasErrors || parsed.Declaration is null) return null;
            InferResult inferred = Inferrer.Infer(parsed.Declaration);
            return inferred.Spec;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The model's own diagnostics branch reports the failure as GN0999.
            return null;
        }
    }
}
