using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenNet.Generator.Tests;

/// <summary>
/// Help links: with the package's GenNetDocs property (build/GenNet.targets) a GN diagnostic links to its entry in the
/// installed docs/diagnostics.md, a file:// address; its id, severity, message and location do not change.
/// </summary>
public class HelpLinkTests
{
    private const string Model = "using GenNet;\n[Sequential(2)] [Dense(0)] public partial class M { }";

    [Fact]
    public void WithDocsFolder_LinksIntoIt()
    {
        string folder = Path.Combine(Path.GetTempPath(), "gennet-pkg", "docs") + Path.DirectorySeparatorChar;
        Diagnostic linked = Assert.Single(Run(Model, folder));
        Diagnostic plain = Assert.Single(GeneratorHarness.Diagnose(Model));

        Assert.Equal(new Uri(Path.Combine(folder, "diagnostics.md")).AbsoluteUri + "#gn0013", linked.Descriptor.HelpLinkUri);
        Assert.StartsWith("file:///", linked.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Equal(plain.Id, linked.Id);
        Assert.Equal(plain.Severity, linked.Severity);
        Assert.Equal(plain.GetMessage(), linked.GetMessage());
        Assert.Equal(plain.Location.GetLineSpan(), linked.Location.GetLineSpan());
    }

    [Fact]
    public void WithoutDocsFolder_LinksToTheRepositoryPath()
    {
        Assert.Equal("docs/diagnostics.md#gn0013", Assert.Single(Run(Model, null)).Descriptor.HelpLinkUri);
    }

    [Fact]
    public void OrphanLayerWarning_IsRelinkedToo()
    {
        Diagnostic warning = Assert.Single(Run("using GenNet;\n[Dense(3)] public partial class M { }", "/opt/gennet/docs/"));
        Assert.Equal("file:///opt/gennet/docs/diagnostics.md#gn0009", warning.Descriptor.HelpLinkUri);
    }

    private static ImmutableArray<Diagnostic> Run(string source, string? docsFolder)
    {
        var options = new Options(docsFolder is null ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add("build_property.GenNetDocs", docsFolder));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new GenNetGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions, optionsProvider: new OptionsProvider(options));
        return driver.RunGenerators(GeneratorHarness.Compile(source)).GetRunResult().Results.Single().Diagnostics;
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }

    private sealed class OptionsProvider(AnalyzerConfigOptions global) : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Empty = new Options(ImmutableDictionary<string, string>.Empty);
        public override AnalyzerConfigOptions GlobalOptions => global;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }
}
