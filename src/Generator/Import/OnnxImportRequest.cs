using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Import;

/// <summary>A class's <c>[OnnxModel("file.onnx")]</c> as plain data: the class to re-declare and the file name as written.</summary>
/// <param name="CanTakeMembers">No class-level error: the generator may add the model's members.</param>
/// <param name="Config">[KerasModel]'s <c>Config</c>: the config file of a bare <c>.weights.h5</c>, or null.</param>
internal sealed record OnnxImportRequest(TypeDeclaration Type, string? File, bool CanTakeMembers, string? Config = null);

/// <summary>A request with its places: the attribute (file problems) and the class name (class problems, already found).</summary>
internal sealed record LocatedImportRequest(OnnxImportRequest? Request, Location Attribute, string TypeName, EquatableArray<Diagnostic> ClassProblems, string? Failure);

/// <summary>Finds each <c>[OnnxModel]</c> once, with its places and the class-level errors (the same as a declared model's).</summary>
internal static class OnnxImportLocator
{
    public static LocatedImportRequest? Locate(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Locate(context, AttributeNames.OnnxModel, Diagnostics.Descriptors.OnnxModelWithDeclaration, cancellationToken);

    /// <summary>The same for <c>[KerasModel]</c>: only the attribute and the "also declared" diagnostic differ.</summary>
    public static LocatedImportRequest? LocateKeras(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Locate(context, AttributeNames.KerasModel, Diagnostics.Descriptors.KerasModelWithDeclaration, cancellationToken);

    private static LocatedImportRequest? Locate(GeneratorAttributeSyntaxContext context, string attributeName, DiagnosticDescriptor withDeclaration, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax node) return null;
        AttributeData attribute = context.Attributes[0];
        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax ? syntax.GetLocation() : node.Identifier.GetLocation();
        try
        {
            // Only the class's first import attribute counts (a second one is the compiler's CS0579).
            AttributeData? first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeName);
            if (first?.ApplicationSyntaxReference is { } reference && attribute.ApplicationSyntaxReference is { } own &&
                (reference.SyntaxTree != own.SyntaxTree || reference.Span != own.Span))
            {
                return null;
            }

            var problems = new List<Diagnostic>();
            Parser.CheckClass(type, node, (descriptor, arguments) => problems.Add(Diagnostic.Create(descriptor, node.Identifier.GetLocation(), arguments.Cast<object>().ToArray())));
            bool canTakeMembers = problems.Count == 0;
            string? declared = type.GetAttributes().Select(a => a.AttributeClass?.ToDisplayString()).FirstOrDefault(AttributeNames.IsModel);
            if (declared is not null)
            {
                string shortName = declared.Substring(declared.LastIndexOf('.') + 1).Replace("Attribute", "");
                problems.Add(Diagnostic.Create(withDeclaration, location, type.Name, shortName));
                canTakeMembers = false; // the declared model's own transform writes the class
            }
            string? file = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            string? config = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Config").Value.Value as string;
            var request = new OnnxImportRequest(Parser.TypeOf(type, node), file, canTakeMembers, config);
            return new LocatedImportRequest(request, location, type.Name, problems.ToEquatableArray(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new LocatedImportRequest(null, location, type.Name, EquatableArray<Diagnostic>.Empty, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
