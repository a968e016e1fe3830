using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Parse;

/// <summary>The outcome of parsing one [Sequential] class. Lives only inside a pipeline transform.</summary>
/// <param name="Declaration">The model, or null when the compiler could not bind an attribute (it reports that itself).</param>
/// <param name="Diagnostics">Declaration errors found while parsing (GN0001–GN0008, GN0014, GN0016, GN0017).</param>
/// <param name="Sites">Source locations for the diagnostics branch.</param>
internal sealed record ParseResult(ModelDeclaration? Declaration, EquatableArray<DiagnosticSpec> Diagnostics, SourceSites? Sites)
{
    public static readonly ParseResult Nothing = new(null, EquatableArray<DiagnosticSpec>.Empty, null);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// [Sequential] class → <see cref="ModelDeclaration"/>: reads the attributes through the semantic model and keeps
/// only strings and numbers. Layers are the layer attributes on the same declaration as [Sequential], in source order.
/// </summary>
internal static class Parser
{
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax node) return ParseResult.Nothing;
        return Parse(type, node, context.Attributes[0], context.SemanticModel.Compilation, cancellationToken);
    }

    /// <summary>Parses the model that <paramref name="model"/> (its [Sequential]/[Functional]) declares on <paramref name="node"/>.</summary>
    public static ParseResult Parse(INamedTypeSymbol type, TypeDeclarationSyntax node, AttributeData model, Compilation compilation,
        CancellationToken cancellationToken)
    {
        string? modelAttribute = MetadataName(model.AttributeClass);
        bool functional = modelAttribute == AttributeNames.Functional;

        // [Sequential] twice on one class (CS0579) would emit the same file twice; only the first one counts. With both
        // [Sequential] and [Functional] the Sequential branch reports GN0016 and the Functional one stays quiet.
        bool both = type.GetAttributes().Select(a => MetadataName(a.AttributeClass)).Distinct().Count(AttributeNames.IsModel) > 1;
        if (both && functional) return ParseResult.Nothing;
        AttributeData? first = type.GetAttributes().FirstOrDefault(a => MetadataName(a.AttributeClass) == modelAttribute);
        if (first?.ApplicationSyntaxReference is { } reference && model.ApplicationSyntaxReference is { } own &&
            (reference.SyntaxTree != own.SyntaxTree || reference.Span != own.Span))
        {
            return ParseResult.Nothing;
        }

        var modelReader = new AttributeReader(model);
        var sites = new SourceSites(node.Identifier.GetLocation(),
            model.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax, model.AttributeConstructor);
        if (!modelReader.IsValid) return ParseResult.Nothing;

        var diagnostics = new List<DiagnosticSpec>();
        void Report(DiagnosticDescriptor descriptor, Site site, params string[] arguments) =>
            diagnostics.Add(DiagnosticSpec.Create(descriptor, site, arguments));

        string name = type.Name;
        if (both) Report(Descriptors.TwoModelAttributes, Site.Model, name);
        CheckClass(type, node, (descriptor, arguments) => Report(descriptor, Site.Class, arguments));

        // Layers: attributes in source order on this declaration; others are reported and then ignored. A layer
        // attribute the registry does not know would silently be missing from the model, so it is reported too.
        var layers = new List<(int Position, AttributeData Attribute, AttributeSyntax? Syntax, LayerKind Kind)>();
        var foreign = new List<(AttributeData Attribute, AttributeSyntax? Syntax)>();
        var unknown = new List<(AttributeData Attribute, AttributeSyntax? Syntax)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? metadataName = MetadataName(attribute.AttributeClass);
            LayerKind? kind = metadataName is null ? null : LayerKinds.Find(metadataName);
            if (kind is null && !IsLayerAttribute(attribute.AttributeClass)) continue;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            if (kind is null) unknown.Add((attribute, syntax));
            else if (syntax?.Parent?.Parent == node) layers.Add((syntax.SpanStart, attribute, syntax, kind));
            else foreign.Add((attribute, syntax));
        }
        layers.Sort((a, b) => a.Position.CompareTo(b.Position));

        var declarations = new List<LayerDeclaration>();
        int folded = 0;
        for (int index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            var reader = new AttributeReader(layer.Attribute, type, compilation);
            if (!reader.IsValid) return ParseResult.Nothing;
            LayerDeclaration declaration = layer.Kind.Parse(reader);
            AttributeReader rulesReader = reader; // the attribute whose weights the …Regularizer/…Constraint arguments name
            if (declaration is BidirectionalDeclaration wrapper && index + 1 < layers.Count && BidirectionalDeclaration.CanWrap(layers[index + 1].Kind))
            {
                // [Bidirectional] [LSTM(…)]: one layer, one site whose arguments are both attributes' (the wrapper's win).
                var wrapped = layers[++index];
                var innerReader = new AttributeReader(wrapped.Attribute, type, compilation);
                if (!innerReader.IsValid) return ParseResult.Nothing;
                rulesReader = innerReader;
                declaration = wrapper with { Inner = (RecurrentDeclaration)wrapped.Kind.Parse(innerReader) };
                if (!innerReader.Bool(LayerArgumentNames.Trainable, true)) declaration = declaration with { Trainable = false };
                sites.AddLayer(layer.Syntax, layer.Attribute.AttributeConstructor, wrapped.Syntax, wrapped.Attribute.AttributeConstructor);
                folded++;
            }
            else
            {
                sites.AddLayer(layer.Syntax, layer.Attribute.AttributeConstructor);
            }
            if (!declaration.IsMerge && reader.String(LayerArgumentNames.From) is { } from) declaration = declaration with { From = new EquatableArray<string>(new[] { from }) };
            if (!reader.Bool(LayerArgumentNames.Trainable, true)) declaration = declaration with { Trainable = false };
            var rules = rulesReader.NamedStrings("Regularizer", "Constraint").Select(a => new WeightRuleArgument(a.Name, a.Value)).ToList();
            if (rules.Count > 0) declaration = declaration with { WeightRules = rules.ToEquatableArray() };
            declarations.Add(declaration);
        }
        for (int i = 0; i < foreign.Count; i++)
        {
            // Foreign layers get sites after the real ones, so real layer indices stay 0..n-1.
            sites.AddLayer(foreign[i].Syntax, foreign[i].Attribute.AttributeConstructor);
            Report(Descriptors.LayersSplitAcrossPartials, Site.ForLayer(layers.Count - folded + i),
                LayerKinds.ShortName(MetadataName(foreign[i].Attribute.AttributeClass)!), name);
        }
        for (int i = 0; i < unknown.Count; i++)
        {
            // After the foreign ones, for the same reason.
            sites.AddLayer(unknown[i].Syntax, unknown[i].Attribute.AttributeConstructor);
            Report(Descriptors.UnknownLayerAttribute, Site.ForLayer(layers.Count - folded + foreign.Count + i),
                LayerKinds.ShortName(unknown[i].Attribute.AttributeClass!.Name), name);
        }

        var modelDeclaration = new ModelDeclaration(
            TypeOf(type, node),
            modelReader.String("Name"),
            (modelReader.Ints("Input") ?? modelReader.Ints(0)).ToEquatableArray(),
            declarations.ToEquatableArray(),
            functional,
            functional ? modelReader.String("Output") : null)
        {
            Outputs = (functional ? modelReader.Strings("Outputs") : null)?.ToEquatableArray() ?? EquatableArray<string>.Empty,
        };
        return new ParseResult(modelDeclaration, diagnostics.ToEquatableArray(), sites);
    }

    /// <summary>
    /// The class-level errors (GN0001–GN0003, GN0005, GN0015): whether the generator can add a model's members to the class
    /// at all. Shared by every attribute that makes a class a model.
    /// </summary>
    public static void CheckClass(INamedTypeSymbol type, TypeDeclarationSyntax node, System.Action<DiagnosticDescriptor, string[]> report)
    {
        string name = type.Name;
        if (node is RecordDeclarationSyntax || type.IsStatic) report(Descriptors.ModelNotClass, new[] { name, type.IsStatic ? "a static class" : "a record" });
        if (!node.Modifiers.Any(SyntaxKind.PartialKeyword)) report(Descriptors.ModelNotPartial, new[] { name });
        if (type.IsGenericType || Containers(type).Any(t => t.IsGenericType)) report(Descriptors.GenericModel, new[] { name });
        foreach (TypeDeclarationSyntax container in node.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!container.Modifiers.Any(SyntaxKind.PartialKeyword)) report(Descriptors.ContainingTypeNotPartial, new[] { name, container.Identifier.ValueText });
        }
        if (type.BaseType is { SpecialType: not SpecialType.System_Object, TypeKind: not TypeKind.Error } baseType &&
            MetadataName(baseType) != AttributeNames.ModelBase)
        {
            report(Descriptors.ModelHasBaseClass, new[] { name, baseType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) });
        }
    }

    /// <summary><c>Namespace.Outer.Name</c> of a type, exactly as <see cref="TypeDeclaration.FullName"/> spells it.</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        string name = type.Name;
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType) name = $"{t.Name}.{name}";
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{name}" : name;
    }

    /// <summary>How the generated files re-declare the class.</summary>
    public static TypeDeclaration TypeOf(INamedTypeSymbol type, TypeDeclarationSyntax node)
    {
        var containers = node.Ancestors().OfType<TypeDeclarationSyntax>().Reverse()
            .Select(t => new ContainingType(Keyword(t), t.Identifier.ValueText))
            .ToEquatableArray();
        return new TypeDeclaration(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            type.Name,
            SyntaxFacts.GetText(type.DeclaredAccessibility),
            containers);
    }

    private static string Keyword(TypeDeclarationSyntax type) => type switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => type.Keyword.ValueText,
    };

    private static IEnumerable<INamedTypeSymbol> Containers(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType) yield return t;
    }

    /// <summary>Whether <paramref name="type"/> derives from the runtime's <c>GenNet.LayerAttribute</c>.</summary>
    private static bool IsLayerAttribute(INamedTypeSymbol? type)
    {
        for (INamedTypeSymbol? t = type?.BaseType; t is not null; t = t.BaseType)
        {
            if (MetadataName(t) == AttributeNames.LayerBase) return true;
        }
        return false;
    }

    /// <summary><c>GenNet.DenseAttribute</c> for a type symbol (nested types with '+' are never ours).</summary>
    private static string? MetadataName(INamedTypeSymbol? type)
    {
        if (type is null || type.ContainingType is not null) return null;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.MetadataName}" : type.MetadataName;
    }
}
