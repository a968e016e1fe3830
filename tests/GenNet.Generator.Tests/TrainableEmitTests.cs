using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// <c>Trainable = false</c> on a layer attribute reaches <c>LayerInfo.Trainable</c> (the runtime's starting value) without
/// changing the architecture fingerprint; BatchNormalization asks the runtime whether it trains (Keras 3: a frozen one runs in
/// inference mode) in its forward and backward.
/// </summary>
public class TrainableEmitTests
{
    private static string Model(string layers) => $$"""
        using GenNet;

        namespace Samples;

        {{layers}}
        public partial class M { }
        """;

    private static string Fingerprint(string code)
    {
        int at = code.IndexOf("Fingerprint: \"", StringComparison.Ordinal) + "Fingerprint: \"".Length;
        return code[at..code.IndexOf('"', at)];
    }

    [Fact]
    public void TrainableFalse_IsEmittedOnThatLayerOnly_AndKeepsTheFingerprint()
    {
        string frozen = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4, Trainable = false)] [Dense(2)]"));
        string plain = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4)] [Dense(2)]"));

        Assert.Equal(1, frozen.Split("Trainable = false").Length - 1);
        Assert.Contains("new(\"dense\", \"Dense\", new[] { 4 }, 20, 20) { Config = ", frozen);
        Assert.DoesNotContain("Trainable = false", plain);
        Assert.Equal(Fingerprint(plain), Fingerprint(frozen));
    }

    [Fact]
    public void TrainableTrue_WrittenOut_GeneratesTheSameAsTheDefault()
    {
        Assert.Equal(
            GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4)] [Dense(2)]")),
            GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4, Trainable = true)] [Dense(2)]")));
    }

    [Fact]
    public void BatchNormalization_ChoosesTrainingOrInferenceByItsLayersTrainableFlag()
    {
        string code = GeneratorHarness.Generate(Model("[Sequential(4)] [Dense(4)] [BatchNormalization(Trainable = false)] [Dense(2)]"));

        Assert.Contains("if (training && LayerIsTrainable(1))", code);
        Assert.Contains("if (LayerIsTrainable(1))", code);
        // Frozen in Backward: the moving statistics come from the model's State (Backward has no state argument).
        Assert.Contains("global::System.ReadOnlySpan<float> batchNormalizationMovingMean = State.Slice(BatchNormalizationMovingMeanOffset", code);
        Assert.Contains("BatchNormalizationKernel.BackwardInference(dense, batchNormalizationGamma, batchNormalizationMovingMean, batchNormalizationMovingVariance,", code);
        Assert.Contains("NeedsWholeBatch = true, Trainable = false }", code);
    }
}
