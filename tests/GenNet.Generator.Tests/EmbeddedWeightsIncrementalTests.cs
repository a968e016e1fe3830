using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Tests;

/// <summary>
/// Compiled-in weights cache like the rest of the pipeline: weight files are compared by content hash, and a new
/// weight file regenerates the weights file only, never the model's own code.
/// </summary>
public class EmbeddedWeightsIncrementalTests
{
    [Fact]
    public void SameInputTwice_IsCached()
    {
        var (driver, compilation) = Start(out _);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertReasons(second, TrackingNames.EmbeddedWeightsMatch, IncrementalStepRunReason.Cached);
        AssertOutputsCached(second, TrackingNames.EmbeddedWeightsMatch);
        AssertOutputsCached(second, TrackingNames.Emit);
    }

    [Fact]
    public void WeightFileReplaced_RegeneratesTheWeightsOnly()
    {
        var (driver, compilation) = Start(out AdditionalText original);
        byte[] other = EmbeddedWeightsTests.Trained.Value.File.ToArray();
        other[^1] ^= 0x40; // one weight changes: still a valid file
        driver = driver.ReplaceAdditionalText(original, InMemoryAdditionalText.Encoded("tiny.safetensors", other));
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertReasons(second, TrackingNames.EmbeddedWeightsMatch, IncrementalStepRunReason.Modified);
        AssertOutputsCached(second, TrackingNames.Emit);
        Assert.Contains(second.GeneratedSources, s => s.HintName == "Embed.Tiny.EmbeddedWeights.g.cs");
    }

    [Fact]
    public void SameBytesUnderANewTextInstance_AreUnchanged()
    {
        var (driver, compilation) = Start(out AdditionalText original);
        driver = driver.ReplaceAdditionalText(original, InMemoryAdditionalText.Encoded("tiny.safetensors", EmbeddedWeightsTests.Trained.Value.File));
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertReasons(second, TrackingNames.WeightFiles, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.EmbeddedWeightsMatch, IncrementalStepRunReason.Cached);
        AssertOutputsCached(second, TrackingNames.EmbeddedWeightsMatch);
    }

    [Fact]
    public void UnrelatedCodeAdded_DoesNotReEmbed()
    {
        var (driver, compilation) = Start(out _);
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other; /// <summary>U.</summary>\npublic class Unrelated { }", GeneratorHarness.ParseOptions, "Other.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(second, TrackingNames.EmbeddedWeightsParse, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.EmbeddedWeightsMatch, IncrementalStepRunReason.Cached);
        AssertOutputsCached(second, TrackingNames.EmbeddedWeightsMatch);
    }

    [Fact]
    public void WeightsClassMovedDown_MatchesNothingAgain()
    {
        var (driver, compilation) = Start(out _);
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.ToString() == EmbeddedWeightsTests.EmbedTiny);
        Compilation moved = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText("\n\n\n" + EmbeddedWeightsTests.EmbedTiny, GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult second = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The located request changed; its location-free half did not, so the match (and the model's spec) stay cached.
        AssertReasons(second, TrackingNames.EmbeddedWeightsLocate, IncrementalStepRunReason.Modified);
        AssertReasons(second, TrackingNames.EmbeddedWeightsParse, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, TrackingNames.EmbeddedWeightsMatch, IncrementalStepRunReason.Cached);
        AssertOutputsCached(second, TrackingNames.Emit);
        Assert.Empty(second.Diagnostics);
    }

    [Fact]
    public void WeightSteps_HoldNoSymbolsSyntaxOrLocations()
    {
        var (driver, _) = Start(out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (string step in new[] { TrackingNames.WeightFiles, TrackingNames.EmbeddedWeightsParse, TrackingNames.EmbeddedWeightsMatch })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
            Assert.NotEmpty(outputs);
            foreach (object value in outputs) IncrementalTests.AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation) Start(out AdditionalText file)
    {
        file = InMemoryAdditionalText.Encoded("tiny.safetensors", EmbeddedWeightsTests.Trained.Value.File);
        Compilation compilation = GeneratorHarness.Compile(EmbeddedWeightsTests.Tiny, EmbeddedWeightsTests.EmbedTiny);
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
        Assert.All(reasons, r => Assert.True(expected.Contains(r), $"step {step}: {r}, expected {string.Join(" or ", expected)}"));
    }

    /// <summary>Every source output fed (directly or through a Select) by <paramref name="step"/> did not run again.</summary>
    private static void AssertOutputsCached(GeneratorRunResult result, string step)
    {
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(s => Feeds(s, step))
            .SelectMany(s => s.Outputs)
            .ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"source output after {step} re-ran: {o.Reason}"));
    }

    private static bool Feeds(IncrementalGeneratorRunStep s, string step) =>
        s.Name == step || s.Inputs.Any(i => Feeds(i.Source, step));
}
