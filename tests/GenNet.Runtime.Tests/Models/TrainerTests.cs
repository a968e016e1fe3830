using GenNet.Tests.Support;

namespace GenNet.Tests.Models;

[Sequential(4)]
[Dense(8, Activation = Act.Relu)]
[Dropout(0.5)]
[Dense(3, Activation = Act.Softmax)]
public partial class DropoutMlpModel { }

// DropoutMlpModel without its Dropout: the same weights, in the same layout.
[Sequential(4)]
[Dense(8, Activation = Act.Relu)]
[Dense(3, Activation = Act.Softmax)]
public partial class PlainMlpModel { }

/// <summary>
/// The trainer's step: the optimizer steps exactly once per step however the step runs (one chunk, block by block inside
/// the reduction, or after it), the block-wise step is the same step, whole-batch training follows the generated flag,
/// and Dropout in inference is the identity.
/// </summary>
public class TrainerTests
{
    public static TheoryData<string, int> OptimizerCases() => new()
    {
        { "sgd", 1 }, { "sgd", Model.DefaultMaxChunks }, { "adam", 1 }, { "adam", Model.DefaultMaxChunks },
        { "nadam", Model.DefaultMaxChunks }, { "clipnorm", Model.DefaultMaxChunks },
    };

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new SGD(0.1f, momentum: 0.9f),
        "adam" => new Adam(),
        "nadam" => new Nadam(),
        _ => new Adam { ClipNorm = 1e30f },
    };

    private static (float[] X, float[] Y) Batch(int rows)
    {
        var rng = new Rng(5);
        float[] x = Enumerable.Range(0, rows * FixtureMlpModel.InputSize).Select(_ => rng.NextSingle()).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, rows).Select(i => i % 10).ToArray(), 10);
        return (x, y);
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void TrainOnBatch_StepsTheOptimizerOncePerStep_ChunkedOrNot(string optimizer, int maxChunks)
    {
        var model = new FixtureMlpModel(seed: 1) { MaxChunks = maxChunks, Threads = 2 };
        model.Compile(Loss.CategoricalCrossentropy, Create(optimizer));
        var (x, y) = Batch(128);
        Assert.Equal(maxChunks == 1 ? 1 : 4, model.ChunkCount(128));
        for (int step = 1; step <= 3; step++)
        {
            model.TrainOnBatch(x, y);
            Assert.Equal(step, model.Optimizer.Iterations);
        }
    }

    [Fact]
    public void TrainOnBatch_StepInsideTheReduction_SameWeightsBitForBitAsStepAfterIt()
    {
        float[] Train(Optimizer optimizer)
        {
            var model = new FixtureMlpModel(seed: 3) { Threads = 2 };
            model.Compile(Loss.CategoricalCrossentropy, optimizer);
            var (x, y) = Batch(256);
            for (int step = 0; step < 3; step++) model.TrainOnBatch(x, y);
            return model.Parameters.ToArray();
        }
        var inBlocks = new Adam(0.01f);
        // A norm limit no gradient reaches changes nothing but makes the step run after the reduction, over the whole buffer.
        var afterReduction = new Adam(0.01f) { ClipNorm = 1e30f };
        float[] expected = Train(afterReduction), actual = Train(inBlocks);
        Assert.True(inBlocks.AppliesInBlocks);
        Assert.False(afterReduction.AppliesInBlocks);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TrainsWholeBatch_FollowsTheGeneratedFlag_NotTheLayerTypeName()
    {
        static ModelInfo Info(LayerInfo layer) => InfoOnlyModel.Describe(("dense", "Dense", [4], 4, 4)) with { Layers = [layer] };
        Assert.False(new InfoOnlyModel(Info(new LayerInfo("batch_normalization", "BatchNormalization", [4], 4, 4))).TrainsWholeBatch);
        Assert.True(new InfoOnlyModel(Info(new LayerInfo("custom", "Custom", [4], 4, 4) { NeedsWholeBatch = true })).TrainsWholeBatch);
        var flagged = new SmallConvBatchNormModel().Info.Layers.Where(l => l.NeedsWholeBatch).Select(l => l.TypeName);
        Assert.Equal(["BatchNormalization"], flagged);
    }

    [Fact]
    public void PredictAndEvaluate_DropoutInTheMiddle_IsTheIdentity()
    {
        var dropout = new DropoutMlpModel(seed: 4);
        dropout.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f), Metric.Accuracy);
        var rng = new Rng(6);
        float[] x = Enumerable.Range(0, 40 * DropoutMlpModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, 40).Select(i => i % 3).ToArray(), 3);
        dropout.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);

        var plain = new PlainMlpModel();
        dropout.Parameters.CopyTo(plain.Parameters);
        plain.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f), Metric.Accuracy);
        Assert.Equal(plain.Predict(x), dropout.Predict(x));
        var (expectedLoss, expectedAccuracy) = plain.Evaluate(x, y, verbose: 0);
        var (actualLoss, actualAccuracy) = dropout.Evaluate(x, y, verbose: 0);
        Assert.Equal(expectedLoss, actualLoss);
        Assert.Equal(expectedAccuracy, actualAccuracy);
    }
}
