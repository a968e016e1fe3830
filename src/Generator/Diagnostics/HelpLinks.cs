using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Diagnostics;

/// <summary>
/// Where a GN diagnostic's help link points. The package's build/GenNet.targets passes its own docs folder as the
/// compiler-visible property <c>GenNetDocs</c>, so the link is a file:// address into the installed package that opens
/// on the user's machine; without it (a bare compilation) the link stays the repository-relative path.
/// </summary>
internal static class HelpLinks
{
    private const string Property = "build_property.GenNetDocs";

    /// <summary>The docs folder the build passes, or null.</summary>
    public static IncrementalValueProvider<string?> DocsFolder(IncrementalGeneratorInitializationContext context) =>
        context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            options.GlobalOptions.TryGetValue(Property, out string? folder) && !string.IsNullOrWhiteSpace(folder) ? folder : null);

    /// <summary>The link for <paramref name="id"/>: its entry in diagnostics.md, in <paramref name="docsFolder"/> when given.</summary>
    public static string For(string id, string? docsFolder)
    {
        string anchor = $"#{id.ToLowerInvariant()}";
        if (docsFolder is null) return $"docs/diagnostics.md{anchor}";
        string file = System.IO.Path.Combine(docsFolder, "diagnostics.md");
        return Uri.TryCreate(file, UriKind.Absolute, out Uri? uri) ? uri.AbsoluteUri + anchor : $"docs/diagnostics.md{anchor}";
    }

    /// <summary><paramref name="diagnostic"/> with its help link pointing into <paramref name="docsFolder"/> (same id, severity, text and location).</summary>
    public static Diagnostic Relink(Diagnostic diagnostic, string? docsFolder)
    {
        if (docsFolder is null) return diagnostic;
        DiagnosticDescriptor d = diagnostic.Descriptor;
        // The message is already formatted; "{0}" carries it unchanged under the new link.
        var relinked = new DiagnosticDescriptor(d.Id, d.Title, "{0}", d.Category, d.DefaultSeverity, d.IsEnabledByDefault, d.Description,
            For(d.Id, docsFolder), System.Linq.Enumerable.ToArray(d.CustomTags));
        return Diagnostic.Create(relinked, diagnostic.Location, diagnostic.AdditionalLocations, diagnostic.Properties,
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }
}
