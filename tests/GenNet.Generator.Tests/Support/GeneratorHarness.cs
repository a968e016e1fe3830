using System.Collections.Immutable;
using GenNet.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Tests.Support;

/// <summary>
/// Compiles source text against the running framework and the GenNet runtime, and runs the generator on it
/// the way the compiler does (with step tracking, for the caching tests).
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Model" + i + ".cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new GenNetGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; returns its result and the compilation with the generated trees added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, output);
    }

    /// <summary>Whether the step named <paramref name="name"/> feeds <paramref name="step"/>, directly or through unnamed steps (a Combine).</summary>
    public static bool FedBy(IncrementalGeneratorRunStep step, string name) =>
        step.Inputs.Any(i => i.Source.Name == name || (i.Source.Name is null && FedBy(i.Source, name)));

    /// <summary>The generator's own diagnostics for <paramref name="source"/>.</summary>
    public static ImmutableArray<Diagnostic> Diagnose(string source) => Run(Compile(source)).Result.Diagnostics;

    /// <summary>
    /// Asserts that <paramref name="declaration"/> (after <c>using GenNet;</c>) gets exactly one <paramref name="id"/>, with
    /// that severity, underlining exactly <paramref name="squiggle"/>, and linking to its docs entry.
    /// </summary>
    public static void AssertReports(string id, DiagnosticSeverity severity, string squiggle, string declaration)
    {
        Diagnostic diagnostic = Xunit.Assert.Single(Diagnose("using GenNet;\n" + declaration + "\n"), d => d.Id == id);
        Xunit.Assert.Equal(severity, diagnostic.Severity);
        Xunit.Assert.True(diagnostic.Location.IsInSource, "diagnostic has no source location");
        Xunit.Assert.Equal(squiggle, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Xunit.Assert.StartsWith("docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
    }

    /// <summary>The single generated file's text for <paramref name="source"/>.</summary>
    public static string Generate(string source)
    {
        var (result, _) = Run(Compile(source));
        Assert.Empty(result.Diagnostics);
        return result.GeneratedSources.Single().SourceText.ToString();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "System.dll" or "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(GenNet.Model).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
