using GenNet.Tests.Models;

namespace GenNet.Tests.Trainable;

/// <summary>
/// Keras' summary footer with frozen layers: a frozen layer's weights all count as non-trainable (BatchNormalization's
/// moving statistics are non-trainable either way), and the optimizer's slots cover only the trainable weights.
/// </summary>
public sealed class TrainableSummaryTests
{
    private static string[] Footer(Model model) =>
        model.SummaryText().Split('\n').Where(l => l.StartsWith(" ", StringComparison.Ordinal) && l.Contains("params:")).ToArray();

    [Fact]
    public void Summary_FrozenDenseInTheBatchNormCnn_MovesItsParametersToNonTrainable()
    {
        // KERAS-SEMANTICS.md §8: 56,970 in all, 56,842 trainable, 128 (the moving statistics) not. dense is
        // Dense(800 → 64): 800·64 + 64 = 51,264 parameters, which freezing moves from the second count to the third.
        var model = new SummaryCnnModel();
        model.Layers["dense"].Trainable = false;

        Assert.Equal(
        [
            " Total params: 56,970 (222.54 KB)",
            " Trainable params: 5,578 (21.79 KB)",        // 56,842 − 51,264; 5,578 · 4 B / 1024
            " Non-trainable params: 51,392 (200.75 KB)",  // 128 + 51,264
        ], Footer(model));
    }

    [Fact]
    public void Summary_DeclaredFrozenBatchNormalization_CountsGammaAndBetaAsNonTrainable()
    {
        // Dense(6 → 10): 70 + Dense(10 → 8): 88 + Dense(8 → 3): 27 = 185 for FrozenFirstDenseModel, 70 of them frozen;
        // FrozenBatchNormModel: Dense(6 → 12) 84, BatchNormalization(12) 48 (all frozen), Dense(12 → 3) 39.
        Assert.Equal(
        [
            " Total params: 185 (740.00 B)",
            " Trainable params: 115 (460.00 B)",
            " Non-trainable params: 70 (280.00 B)",
        ], Footer(new FrozenFirstDenseModel()));
        Assert.Equal(
        [
            " Total params: 171 (684.00 B)",
            " Trainable params: 123 (492.00 B)",
            " Non-trainable params: 48 (192.00 B)",
        ], Footer(new FrozenBatchNormModel()));
    }

    [Fact]
    public void Summary_AfterTrainingWithAFrozenLayer_OptimizerParamsCoverTheTrainableWeights()
    {
        var model = new FrozenFirstDenseModel(seed: 1);
        model.Compile(Loss.CategoricalCrossentropy, new Adam());
        model.TrainOnBatch(new float[2 * 6], [1, 0, 0, 0, 1, 0]);

        // Adam: 2 slots × 115 trainable + iterations + learning_rate = 232; total 185 + 232 = 417.
        Assert.Equal(
        [
            " Total params: 417 (1.63 KB)",
            " Trainable params: 115 (460.00 B)",
            " Non-trainable params: 70 (280.00 B)",
            " Optimizer params: 232 (928.00 B)",
        ], Footer(model));
    }

    [Fact]
    public void Summary_UnfreezingAgain_RestoresTheKerasCounts()
    {
        var model = new SummaryCnnModel();
        model.Layers["dense"].Trainable = false;
        model.Layers["dense"].Trainable = true;

        Assert.Equal(" Trainable params: 56,842 (222.04 KB)", Footer(model)[1]);
    }
}
