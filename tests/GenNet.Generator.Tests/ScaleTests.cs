using System.Diagnostics;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace GenNet.Generator.Tests;

/// <summary>Many models in one project: an edit regenerates only its model; and how long the seed CNN takes to generate.</summary>
[Collection(nameof(FuzzTests))] // not beside the fuzz test, which would skew the measurement
public class ScaleTests
{
    private const int ModelCount = 20;

    private readonly ITestOutputHelper output;

    public ScaleTests(ITestOutputHelper output) => this.output = output;

    private static string Model(int i, int units) => $$"""
        using GenNet;

        namespace Many{{i}};

        /// <summary>Model {{i}}.</summary>
        [Sequential({{4 + i}})]
        [Dense({{units}}, Activation = Act.Relu)]
        [Dense(3, Activation = Act.Softmax)]
        public partial class M{{i}} { }
        """;

    [Fact]
    public void TwentyModels_EditOne_RegeneratesOnlyThatModel()
    {
        Compilation compilation = GeneratorHarness.Compile(Enumerable.Range(0, ModelCount).Select(i => Model(i, 10)).ToArray());
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Empty(first.Diagnostics);
        Assert.Equal(ModelCount, first.GeneratedSources.Length);

        const int edited = 7;
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == "Model" + edited + ".cs");
        Compilation changed = compilation.ReplaceSyntaxTree(old,
            CSharpSyntaxTree.ParseText(Model(edited, 11), GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult second = driver.RunGenerators(changed).GetRunResult().Results.Single();

        // Emit: one output re-ran (Modified), every other one came from the cache.
        var emit = second.TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(ModelCount, emit.Length);
        Assert.Equal(1, emit.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(ModelCount - 1, emit.Count(r => r == IncrementalStepRunReason.Cached));

        // Spec likewise; the transform (parse + infer) re-ran only for the edited file (the others are cached or found equal).
        var spec = second.TrackedSteps[TrackingNames.Spec].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, spec.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(ModelCount - 1, spec.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var transform = second.TrackedSteps[TrackingNames.Transform].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, transform.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.All(transform.Where(r => r != IncrementalStepRunReason.Modified),
            r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));

        // The source output fed by Emit: exactly one AddSource re-ran.
        var sourceOutputs = second.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(s => GeneratorHarness.FedBy(s, TrackingNames.Emit))
            .SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(ModelCount, sourceOutputs.Length);
        Assert.Equal(ModelCount - 1, sourceOutputs.Count(r => r == IncrementalStepRunReason.Cached));

        // And exactly one generated text differs: the edited model's.
        var before = first.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        var changedFiles = second.GeneratedSources.Where(s => before[s.HintName] != s.SourceText.ToString()).Select(s => s.HintName).ToArray();
        Assert.Equal(new[] { $"Many{edited}.M{edited}.g.cs" }, changedFiles);
        Assert.Contains("public const int DenseOutputSize = 11;", second.GeneratedSources.Single(s => s.HintName == changedFiles[0]).SourceText.ToString());
    }

    [Fact]
    public void MnistCnn_GenerationTime_IsMeasured()
    {
        const int warmRuns = 25;

        // First run: a fresh compilation and a fresh driver. The compilation is bound first (timed apart), so the first-run
        // figure is the generator's own first run, its JIT included, not Roslyn's (unless other tests in the process
        // already ran the generator).
        Compilation firstCompilation = GeneratorHarness.Compile(Samples.MnistCnn);
        var stopwatch = Stopwatch.StartNew();
        Assert.DoesNotContain(firstCompilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        double bindMs = stopwatch.Elapsed.TotalMilliseconds;
        stopwatch.Restart();
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(firstCompilation).GetRunResult().Results.Single();
        double firstMs = stopwatch.Elapsed.TotalMilliseconds;
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources);

        // Warm runs: a fresh compilation each time (built outside the clock) and a fresh driver, so nothing is cached.
        var fresh = new List<double>();
        for (int i = 0; i < warmRuns; i++)
        {
            Compilation compilation = GeneratorHarness.Compile(Samples.MnistCnn);
            GeneratorDriver driver = GeneratorHarness.CreateDriver();
            stopwatch.Restart();
            driver = driver.RunGenerators(compilation);
            fresh.Add(stopwatch.Elapsed.TotalMilliseconds);
            Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        }

        // Cached runs: the same driver after a trivial edit elsewhere (what an IDE keystroke costs).
        Compilation baseCompilation = GeneratorHarness.Compile(Samples.MnistCnn);
        GeneratorDriver incremental = GeneratorHarness.CreateDriver().RunGenerators(baseCompilation);
        var cached = new List<double>();
        for (int i = 0; i < warmRuns; i++)
        {
            Compilation edited = baseCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
                "namespace Other; /// <summary>U.</summary>\npublic class Unrelated" + i + " { }", GeneratorHarness.ParseOptions, "Other.cs"));
            stopwatch.Restart();
            incremental = incremental.RunGenerators(edited);
            cached.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"MnistCnn generation: first run {firstMs:F2} ms (after {bindMs:F2} ms binding the compilation without the generator); warm median {Median(fresh):F2} ms " +
            $"(min {fresh.Min():F2} ms, {warmRuns} runs, fresh compilation + driver); cached median {Median(cached):F2} ms after an unrelated edit");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
