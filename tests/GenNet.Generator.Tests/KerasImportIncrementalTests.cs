using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Tests;

/// <summary>[KerasModel]'s pipeline caches like [OnnxModel]'s: the file is read and lowered once per change of the request or the file.</summary>
public class KerasImportIncrementalTests
{
    private const string Source = "namespace Import;\n[GenNet.KerasModel(\"legacy_mlp.h5\")]\npublic partial class Imported { }\n";

    private static byte[] File() => System.IO.File.ReadAllBytes(KerasImportTests.FixturePath("legacy_mlp.h5"));

    [Fact]
    public void UnrelatedCodeAdded_DoesNotImportAgain()
    {
        var (driver, compilation) = Start(out _);
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other; /// <summary>U.</summary>\npublic class Unrelated { }", GeneratorHarness.ParseOptions, "Other.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertReasons(second, TrackingNames.KerasImport, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void SameBytesUnderANewTextInstance_AreUnchanged_AndAnEditedFileImportsAgain()
    {
        var (driver, compilation) = Start(out AdditionalText original);
        var same = InMemoryAdditionalText.Encoded("legacy_mlp.h5", File());
        driver = driver.ReplaceAdditionalText(original, same);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(second, TrackingNames.KerasFiles, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.KerasImport, IncrementalStepRunReason.Cached);

        byte[] other = File();
        other[^1] ^= 0x40; // another file: its import result differs (new weights or a diagnostic)
        driver = driver.ReplaceAdditionalText(same, InMemoryAdditionalText.Encoded("legacy_mlp.h5", other));
        GeneratorRunResult third = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(third, TrackingNames.KerasImport, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void KerasSteps_HoldNoSymbolsSyntaxOrLocations()
    {
        var (driver, _) = Start(out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (string step in new[] { TrackingNames.KerasFiles, TrackingNames.KerasRequest, TrackingNames.KerasImport })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
            Assert.NotEmpty(outputs);
            foreach (object value in outputs) IncrementalTests.AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation) Start(out AdditionalText file)
    {
        file = InMemoryAdditionalText.Encoded("legacy_mlp.h5", File());
        Compilation compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new GenNetGenerator().AsSourceGenerator() },
            additionalTexts: new[] { file },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Results.Single().Diagnostics);
        return (driver, compilation);
    }

    private static void AssertReasons(GeneratorRunResult result, string step, params IncrementalStepRunReason[] expected)
    {
        var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, expected));
    }
}
