using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>The generated file of each sample model, against its baseline in Snapshots/.</summary>
public class SnapshotTests
{
    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void SampleModel_Generates_Baseline(string name) =>
        Snapshot.Match(name, GeneratorHarness.Generate(Samples.Source(name)));

    [Fact]
    public void Generation_IsDeterministic()
    {
        string first = GeneratorHarness.Generate(Samples.MnistMlp);
        string second = GeneratorHarness.Generate(Samples.MnistMlp);
        Assert.Equal(first, second);
    }

    [Fact]
    public void HintName_IsNamespaceAndClass()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Samples.SumClassifier));
        Assert.Equal("Samples.SumClassifier.g.cs", result.GeneratedSources.Single().HintName);
    }
}
