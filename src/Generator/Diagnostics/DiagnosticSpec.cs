using System;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Diagnostics;

/// <summary>What part of a declaration a diagnostic points at.</summary>
internal enum SiteKind
{
    /// <summary>The class name.</summary>
    Class,

    /// <summary>The [Sequential] attribute, or one of its arguments when <see cref="Site.Argument"/> is set.</summary>
    Model,

    /// <summary>A layer attribute, or one of its arguments when <see cref="Site.Argument"/> is set.</summary>
    Layer,
}

/// <summary>
/// A place in the declaration without a <c>Location</c>: Infer is pure and runs on location-free data, and the
/// diagnostics branch maps sites back to source spans (<see cref="Parse.SourceSites"/>).
/// </summary>
/// <param name="Layer">Layer index in declaration order, for <see cref="SiteKind.Layer"/>.</param>
/// <param name="Argument">Attribute argument (property or constructor parameter name, case-insensitive), or null for the whole attribute.</param>
internal sealed record Site(SiteKind Kind, int Layer = -1, string? Argument = null)
{
    public static readonly Site Class = new(SiteKind.Class);
    public static readonly Site Model = new(SiteKind.Model);

    public static Site ForLayer(int layer, string? argument = null) => new(SiteKind.Layer, layer, argument);

    public static Site ForModel(string argument) => new(SiteKind.Model, -1, argument);
}

/// <summary>A diagnostic found by Parse or Infer: descriptor id, site and message arguments, all equatable.</summary>
internal sealed record DiagnosticSpec(string Id, Site Site, EquatableArray<string> Arguments)
{
    public static DiagnosticSpec Create(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, Site site, params string[] arguments) =>
        new(descriptor.Id, site, new EquatableArray<string>(arguments));

    public bool IsError => Descriptors.Get(Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;
}
