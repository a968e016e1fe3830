using System;
using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenNet.Generator.Parse;

/// <summary>
/// Source locations of the parts of one declaration, so a location-free <see cref="Site"/> becomes a squiggle.
/// Diagnostics branch only: it holds syntax, which the generation branch must never keep.
/// </summary>
internal sealed class SourceSites
{
    private readonly Location _class;
    private readonly Location _model;
    private readonly Dictionary<string, Location> _modelArguments;
    private readonly List<(Location Attribute, Dictionary<string, Location> Arguments)> _layers = new();

    public SourceSites(Location @class, AttributeSyntax? model, IMethodSymbol? modelConstructor)
    {
        _class = @class;
        _model = model?.GetLocation() ?? @class;
        _modelArguments = Arguments(model, modelConstructor);
    }

    public void AddLayer(AttributeSyntax? attribute, IMethodSymbol? constructor) =>
        _layers.Add((attribute?.GetLocation() ?? _model, Arguments(attribute, constructor)));

    /// <summary>
    /// A wrapper and the layer it wraps (<c>[Bidirectional] [LSTM(8)]</c>) as one layer: squiggles on the wrapper, arguments
    /// of both (a name both write is the wrapper's).
    /// </summary>
    public void AddLayer(AttributeSyntax? wrapper, IMethodSymbol? wrapperConstructor, AttributeSyntax? inner, IMethodSymbol? innerConstructor)
    {
        Dictionary<string, Location> arguments = Arguments(inner, innerConstructor);
        foreach (var entry in Arguments(wrapper, wrapperConstructor)) arguments[entry.Key] = entry.Value;
        _layers.Add((wrapper?.GetLocation() ?? _model, arguments));
    }

    public Location Locate(Site site)
    {
        switch (site.Kind)
        {
            case SiteKind.Model:
                return site.Argument is not null && _modelArguments.TryGetValue(site.Argument, out Location? m) ? m : _model;
            case SiteKind.Layer when site.Layer >= 0 && site.Layer < _layers.Count:
                var layer = _layers[site.Layer];
                return site.Argument is not null && layer.Arguments.TryGetValue(site.Argument, out Location? a) ? a : layer.Attribute;
            default:
                return _class;
        }
    }

    /// <summary>
    /// Argument locations by property name (<c>Activation = …</c>) or constructor parameter name (<c>units</c>),
    /// case-insensitively. Several positional values of one <c>params</c> parameter share one span.
    /// </summary>
    private static Dictionary<string, Location> Arguments(AttributeSyntax? attribute, IMethodSymbol? constructor)
    {
        var result = new Dictionary<string, Location>(StringComparer.OrdinalIgnoreCase);
        if (attribute?.ArgumentList is null) return result;
        var positional = new Dictionary<string, (int Start, int End)>(StringComparer.OrdinalIgnoreCase);
        int index = 0;
        foreach (AttributeArgumentSyntax argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                result[argument.NameEquals.Name.Identifier.ValueText] = argument.GetLocation();
                continue;
            }
            string? name = argument.NameColon?.Name.Identifier.ValueText;
            if (name is null && constructor is not null && constructor.Parameters.Length > 0)
            {
                name = constructor.Parameters[Math.Min(index, constructor.Parameters.Length - 1)].Name;
            }
            index++;
            if (name is null) continue;
            positional[name] = positional.TryGetValue(name, out var span)
                ? (span.Start, argument.Span.End)
                : (argument.Span.Start, argument.Span.End);
        }
        foreach (var entry in positional)
        {
            result[entry.Key] = Location.Create(attribute.SyntaxTree,
                Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(entry.Value.Start, entry.Value.End));
        }
        return result;
    }
}
