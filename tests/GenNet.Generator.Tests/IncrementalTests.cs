using System.Collections;
using System.Reflection;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenNet.Generator.Tests;

/// <summary>
/// The pipeline caches: one transform per model parses and infers once; generation is built from its location-free
/// half (Spec), so only a change to a model's declaration regenerates it. Diagnostics, its located half, re-report on
/// their own branch.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] GenerationSteps = { TrackingNames.Transform, TrackingNames.Spec, TrackingNames.Emit };

    /// <summary>The steps that must hold no Roslyn objects: everything after the split.</summary>
    private static readonly string[] LocationFreeSteps = { TrackingNames.Spec, TrackingNames.Emit };

    [Fact]
    public void SameInputTwice_IsCached()
    {
        Compilation compilation = GeneratorHarness.Compile(Samples.SumClassifier);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertReasons(second, GenerationSteps, IncrementalStepRunReason.Cached);
        AssertNothingRegenerated(second);
    }

    [Fact]
    public void UnrelatedClassAdded_DoesNotRegenerate()
    {
        Compilation compilation = GeneratorHarness.Compile(Samples.SumClassifier);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other; /// <summary>U.</summary>\npublic class Unrelated { }", GeneratorHarness.ParseOptions, "Other.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The transform re-runs whenever the compilation changes (it reads the semantic model) but finds the model equal.
        AssertReasons(second, new[] { TrackingNames.Transform }, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, new[] { TrackingNames.Spec, TrackingNames.Emit }, IncrementalStepRunReason.Cached);
        AssertNothingRegenerated(second);
    }

    [Fact]
    public void UnrelatedMethodAddedToModel_DoesNotRegenerate()
    {
        var (driver, compilation) = Start(Samples.SumClassifier);
        Compilation edited = Replace(compilation, Samples.SumClassifier.Replace(
            "public partial class SumClassifier { }",
            "public partial class SumClassifier { /// <summary>H.</summary>\npublic int Hello() => 42; }"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(second, new[] { TrackingNames.Transform }, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, new[] { TrackingNames.Spec, TrackingNames.Emit }, IncrementalStepRunReason.Cached);
        AssertNothingRegenerated(second);
    }

    [Fact]
    public void ModelMovedDown_RegeneratesNothing_ButReReportsDiagnostics()
    {
        // A model with a warning, so the diagnostics branch has a location to move.
        const string source = """
            using GenNet;
            /// <summary>M.</summary>
            [Sequential(2)]
            [Dense(1, Activation = Act.Softmax)]
            public partial class M { }
            """;
        var (driver, compilation) = Start(source);
        Compilation moved = Replace(compilation, "\n\n\n" + source);
        GeneratorRunResult second = driver.RunGenerators(moved).GetRunResult().Results.Single();

        // The transform's located half changed; its emit half compares equal, so Emit and the source output stay cached.
        AssertReasons(second, new[] { TrackingNames.Transform }, IncrementalStepRunReason.Modified);
        AssertReasons(second, new[] { TrackingNames.Spec }, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, new[] { TrackingNames.Emit }, IncrementalStepRunReason.Cached);
        AssertNothingRegenerated(second);
        Assert.Contains(second.TrackedSteps[TrackingNames.Diagnose].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Diagnostic warning = Assert.Single(second.Diagnostics);
        Assert.Equal(6, warning.Location.GetLineSpan().StartLinePosition.Line);
        // Located in the model's own syntax tree (not a file path and span): what #pragma warning disable applies to.
        Assert.True(warning.Location.IsInSource);
        Assert.Same(moved.SyntaxTrees.Single(), warning.Location.SourceTree);
    }

    [Fact]
    public void LayerChanged_Regenerates()
    {
        var (driver, compilation) = Start(Samples.SumClassifier);
        Compilation edited = Replace(compilation, Samples.SumClassifier.Replace("Dense(20", "Dense(32"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(second, GenerationSteps, IncrementalStepRunReason.Modified);
        Assert.Contains("public const int DenseOutputSize = 32;", second.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void FunctionalWiringChanged_Regenerates()
    {
        var (driver, compilation) = Start(Samples.Residual);
        Compilation edited = Replace(compilation, Samples.Residual.Replace("[Add(\"hidden\", \"dense\")]", "[Concatenate(\"hidden\", \"dense\")]"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(second, GenerationSteps, IncrementalStepRunReason.Modified);
        Assert.Contains("public const int ConcatenateOutputSize = 16;", second.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void FunctionalModel_SameInputTwice_IsCached()
    {
        var (driver, compilation) = Start(Samples.TwoBranch);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(second, GenerationSteps, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void GenerationSteps_HoldNoSymbolsSyntaxOrLocations()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Samples.MnistMlp, Samples.OrGate, Samples.TwoBranch, Samples.LambdaLayers));
        foreach (string step in LocationFreeSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();
            Assert.NotEmpty(outputs);
            foreach (object value in outputs) AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    private const string LambdaModel = """
        using GenNet;
        namespace L;
        /// <summary>M.</summary>
        [Sequential(4)]
        [Dense(4)]
        [Lambda(typeof(Ops), nameof(Ops.F), Backward = "B")]
        public partial class M { }
        """;

    private const string LambdaOps = """
        namespace L;
        /// <summary>Ops.</summary>
        public static class Ops
        {
            /// <summary>F.</summary>
            public static void F(System.ReadOnlySpan<float> x, System.Span<float> y, int batch) => x.CopyTo(y);
            /// <summary>B.</summary>
            public static void B(System.ReadOnlySpan<float> x, System.ReadOnlySpan<float> y, System.ReadOnlySpan<float> dy, System.Span<float> dx, int batch) => dy.CopyTo(dx);
        }
        """;

    [Fact]
    public void LambdaMethodsFileEditedElsewhere_DoesNotRegenerate()
    {
        Compilation compilation = GeneratorHarness.Compile(LambdaModel, LambdaOps);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Compilation edited = ReplaceTree(compilation, "Model1.cs", LambdaOps.Replace("/// <summary>F.</summary>",
            "/// <summary>H.</summary>\n    public static int Hello() => 42;\n    /// <summary>F.</summary>"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertReasons(second, new[] { TrackingNames.Transform }, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(second, new[] { TrackingNames.Spec, TrackingNames.Emit }, IncrementalStepRunReason.Cached);
        AssertNothingRegenerated(second);
    }

    [Fact]
    public void LambdaBackwardRemovedElsewhere_StopsGeneratingAndReportsGN0230()
    {
        Compilation compilation = GeneratorHarness.Compile(LambdaModel, LambdaOps);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        string withoutBackward = string.Join("\n", LambdaOps.Split('\n').Where(l => !l.Contains("B.", StringComparison.Ordinal) && !l.Contains(" B(", StringComparison.Ordinal)));
        Assert.Empty(CSharpSyntaxTree.ParseText(withoutBackward).GetDiagnostics());
        GeneratorRunResult second = driver.RunGenerators(ReplaceTree(compilation, "Model1.cs", withoutBackward)).GetRunResult().Results.Single();

        AssertReasons(second, new[] { TrackingNames.Transform, TrackingNames.Spec }, IncrementalStepRunReason.Modified);
        Assert.Contains("Placeholder", Assert.Single(second.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
        Assert.Equal("GN0230", Assert.Single(second.Diagnostics).Id);
    }

    private static Compilation ReplaceTree(Compilation compilation, string path, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path));
    }

    private static (GeneratorDriver Driver, Compilation Compilation) Start(string source)
    {
        Compilation compilation = GeneratorHarness.Compile(source);
        return (GeneratorHarness.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static Compilation Replace(Compilation compilation, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single();
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }

    private static void AssertReasons(GeneratorRunResult result, string[] steps, params IncrementalStepRunReason[] expected)
    {
        foreach (string step in steps)
        {
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(expected.Contains(r), $"step {step}: {r}, expected {string.Join(" or ", expected)}"));
        }
    }

    /// <summary>The source output fed by Emit did not run again (the diagnostics outputs may).</summary>
    private static void AssertNothingRegenerated(GeneratorRunResult result)
    {
        var sourceOutputs = result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(s => GeneratorHarness.FedBy(s, TrackingNames.Emit))
            .ToArray();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs.SelectMany(s => s.Outputs), o => Assert.True(o.Reason == IncrementalStepRunReason.Cached,
            $"source output re-ran: {o.Reason}"));
    }

    private static readonly Type[] Forbidden =
        { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location) };

    /// <summary>Walks every field reachable from <paramref name="value"/> and fails on any Roslyn symbol or syntax object.</summary>
    internal static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is Pointer) return;
        Type type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
        if (!type.IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items && value is not IDictionary)
        {
            int i = 0;
            foreach (object? item in items) AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
        }
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                AssertNoRoslynObjects(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
    }
}
