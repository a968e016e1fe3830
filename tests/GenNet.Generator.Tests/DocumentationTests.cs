using System.Runtime.CompilerServices;
using GenNet.Generator.Diagnostics;

namespace GenNet.Generator.Tests;

/// <summary>Every diagnostic is documented in docs/diagnostics.md and recorded in AnalyzerReleases.Unshipped.md.</summary>
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

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
