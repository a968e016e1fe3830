using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Parse;

/// <summary>
/// Typed access to one attribute's constructor and named arguments, so layer files read their arguments
/// without touching Roslyn. Lives only during the Parse transform.
/// </summary>
internal sealed class AttributeReader
{
    private readonly AttributeData _attribute;

    public AttributeReader(AttributeData attribute, INamedTypeSymbol? model = null, Compilation? compilation = null)
    {
        _attribute = attribute;
        Model = model;
        Compilation = compilation;
    }

    /// <summary>The model class the attribute sits on (for a Lambda's methods), when the parser knows it.</summary>
    public INamedTypeSymbol? Model { get; }

    /// <summary>The compilation, for accessibility checks of a Lambda's methods.</summary>
    public Compilation? Compilation { get; }

    /// <summary>Whether the compiler could bind the attribute; if not, it reports the error itself and GenNet stays quiet.</summary>
    public bool IsValid =>
        _attribute.AttributeClass is { TypeKind: not TypeKind.Error } &&
        _attribute.AttributeConstructor is not null &&
        _attribute.ConstructorArguments.All(Bound) &&
        _attribute.NamedArguments.All(a => Bound(a.Value));

    // typeof(Missing) binds as a Type constant holding an error type; the compiler reports it (CS0246).
    private static bool Bound(TypedConstant argument) =>
        argument.Kind != TypedConstantKind.Error &&
        !(argument.Kind == TypedConstantKind.Type && argument.Value is ITypeSymbol { TypeKind: TypeKind.Error });

    /// <summary>The named string arguments whose names end with one of <paramref name="suffixes"/>, in written order.</summary>
    public IEnumerable<(string Name, string Value)> NamedStrings(params string[] suffixes) =>
        _attribute.NamedArguments
            .Where(a => a.Value.Kind == TypedConstantKind.Primitive && a.Value.Value is string &&
                suffixes.Any(s => a.Key.EndsWith(s, StringComparison.Ordinal)))
            .Select(a => (a.Key, (string)a.Value.Value!));

    /// <summary>Whether the user wrote the named argument <paramref name="name"/>.</summary>
    public bool Has(string name) => _attribute.NamedArguments.Any(a => a.Key == name);

    /// <summary>How many constructor arguments the chosen constructor takes (optional ones filled in), to tell overloads apart.</summary>
    public int ConstructorArity => _attribute.ConstructorArguments.Length;

    public double Double(int constructorIndex, double fallback = 0) => Constructor(constructorIndex)?.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => fallback,
    };

    public int Int(string name, int fallback) => Named(name)?.Value is int i ? i : fallback;

    public int Int(int constructorIndex, int fallback = 0) =>
        Constructor(constructorIndex)?.Value is int i ? i : fallback;

    public string? String(int constructorIndex) => Constructor(constructorIndex)?.Value as string;

    public int[] Ints(int constructorIndex) =>
        Constructor(constructorIndex) is { Kind: TypedConstantKind.Array, IsNull: false } c
            ? c.Values.Select(v => v.Value is int i ? i : 0).ToArray()
            : Array.Empty<int>();

    public string? String(string name) => Named(name)?.Value as string;

    /// <summary>A <c>System.Type</c> constructor argument (<c>typeof(X)</c>), or null when it is null or absent.</summary>
    public ITypeSymbol? Type(int constructorIndex) => Constructor(constructorIndex)?.Value as ITypeSymbol;

    /// <summary>Whether the user wrote the named argument <paramref name="name"/> as <c>null</c>.</summary>
    public bool IsNull(string name) => Named(name) is { IsNull: true };

    /// <summary>A <c>params string[]</c> constructor argument; null entries become "".</summary>
    public string[] Strings(int constructorIndex) =>
        Constructor(constructorIndex) is { Kind: TypedConstantKind.Array, IsNull: false } c
            ? c.Values.Select(v => v.Value as string ?? "").ToArray()
            : Array.Empty<string>();

    /// <summary>The named string[] argument, or null when it was not written; null entries become "".</summary>
    public string[]? Strings(string name) =>
        Named(name) is { Kind: TypedConstantKind.Array } c
            ? (c.IsNull ? Array.Empty<string>() : c.Values.Select(v => v.Value as string ?? "").ToArray())
            : null;

    public bool Bool(string name, bool fallback) => Named(name)?.Value is bool b ? b : fallback;

    public double? Double(string name) => Named(name)?.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => null,
    };

    /// <summary>The named int[] argument, or null when it was not written.</summary>
    public int[]? Ints(string name) =>
        Named(name) is { Kind: TypedConstantKind.Array } c
            ? (c.IsNull ? Array.Empty<int>() : c.Values.Select(v => v.Value is int i ? i : 0).ToArray())
            : null;

    private TypedConstant? Constructor(int index) =>
        index < _attribute.ConstructorArguments.Length ? _attribute.ConstructorArguments[index] : null;

    private TypedConstant? Named(string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in _attribute.NamedArguments)
        {
            if (argument.Key == name) return argument.Value;
        }
        return null;
    }
}
