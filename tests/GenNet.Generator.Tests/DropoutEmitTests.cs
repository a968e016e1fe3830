using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// Dropout in inference is the identity: the next layer reads its input in place, except when its output is a model output
/// (the runtime reads outputs from the workspace, so inference copies there). BatchNormalization's spec flags its layer as
/// needing the whole batch.
/// </summary>
public class DropoutEmitTests
{
    private static string Model(string layers) => $$"""
        using GenNet;

        namespace Samples;

        {{layers}}
        public partial class M { }
        """;

    [Fact]
    public void DropoutBeforeALayer_InInference_IsAViewOfItsInput()
    {
        string code = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4, Name = \"hidden\")] [Dropout(0.5)] [Dense(2)]"));
        Assert.Contains("global::System.ReadOnlySpan<float> dropout = training ? activations.Slice(DropoutOutputOffset * batch, DropoutOutputSize * batch) : hidden;", code);
        Assert.DoesNotContain(".CopyTo(dropout)", code);
    }

    [Fact]
    public void DropoutAsTheModelOutput_InInference_CopiesIntoTheWorkspace()
    {
        string code = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4, Name = \"hidden\")] [Dropout(0.5)]"));
        Assert.Contains("hidden.CopyTo(dropout);", code);
        Assert.DoesNotContain("training ? activations.Slice", code);
    }

    [Fact]
    public void DropoutViewedByTheModelOutput_InInference_CopiesIntoTheWorkspace()
    {
        string code = GeneratorHarness.Generate(Model("[Sequential(2, 2)] [Dense(2, Name = \"hidden\")] [Dropout(0.5)] [Flatten]"));
        Assert.Contains("hidden.CopyTo(dropout);", code);
    }

    [Fact]
    public void BatchNormalizationLayer_IsFlaggedAsNeedingTheWholeBatch_OthersAreNot()
    {
        string code = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4)] [BatchNormalization] [Dense(2)]"));
        Assert.Equal(1, code.Split("NeedsWholeBatch = true").Length - 1);
        Assert.Contains("[\"scale\"] = \"True\" }, NeedsWholeBatch = true }", code);
    }
}
