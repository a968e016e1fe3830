using System.Runtime.CompilerServices;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Layers;
using GenNet.Shared;

namespace GenNet.Generator.Tests;

/// <summary>
/// Every diagnostic is documented in docs/diagnostics.md and recorded in AnalyzerReleases.Unshipped.md; every layer kind
/// and activation is listed in docs/LAYERS.md.
/// </summary>
public class DocumentationTests
{
    public static TheoryData<string> Ids => new(Descriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Diagnostic_HasSectionInDocs(string id)
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        Assert.Contains("<a id=\"" + id.ToLowerInvariant() + "\"></a>", docs);
        Assert.Contains("## " + id + ": " + Descriptors.Get(id).Title, docs);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Diagnostic_IsInAnalyzerReleases(string id)
    {
        string releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Generator", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(id + " | GenNet | " + Descriptors.Get(id).DefaultSeverity, releases);
    }

    public static TheoryData<string> LayerAttributes => new(LayerKinds.All.Select(k => k.Attribute));

    [Theory]
    [MemberData(nameof(LayerAttributes))]
    public void LayerKind_IsListedInLayersPage(string attribute)
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "LAYERS.md"));
        Assert.True(page.Contains("`[" + attribute + "(") || page.Contains("`[" + attribute + "]`") || page.Contains("[" + attribute + "("),
            $"docs/LAYERS.md has no row for [{attribute}]");
    }

    [Fact]
    public void EveryActivation_IsListedInLayersPage()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "LAYERS.md"));
        string[] names = typeof(ActivationNames).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Matches(@"[\s,(]" + System.Text.RegularExpressions.Regex.Escape(name) + @"[,.]", page));
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
