using GenNet.Tests.Models;
using GenNet.Tests.Support;
using static GenNet.Tests.Checkpoints.CheckpointData;

namespace GenNet.Tests.Trainable;

[Sequential(6)]
[Dense(10, Activation = Act.Relu, Trainable = false)]
[Dense(8, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class FrozenFirstDenseModel { }

[Sequential(6)]
[Dense(10, Activation = Act.Relu)]
[Dense(8, Activation = Act.Tanh)]
[Dense(3, Activation = Act.Softmax)]
public partial class UnfrozenDenseModel { }

[Sequential(6)]
[Dense(12, Activation = Act.Relu)]
[BatchNormalization(Trainable = false)]
[Dense(3, Activation = Act.Softmax)]
public partial class FrozenBatchNormModel { }

/// <summary>
/// Keras <c>trainable = False</c>, declared (<c>Trainable = false</c>) or set at run time (<c>model.Layers[name].Trainable</c>):
/// the optimizer leaves frozen weights alone, gradients still reach earlier layers, BatchNormalization runs in inference mode.
/// </summary>
public sealed class TrainableTests
{
    private static readonly (float[] X, float[] Y) Data = Classes(150, seed: 31);

    private static void Fit(Model model, Optimizer optimizer, int epochs = 3)
    {
        model.Compile(Loss.CategoricalCrossentropy, optimizer);
        model.Fit(Data.X, Data.Y, epochs: epochs, batchSize: 64, verbose: 0);
    }

    private static int[] WeightBits(Model model, string key)
    {
        var w = model.Info.Weights.Single(w => w.Name == key);
        return Bits((w.Trainable ? model.Parameters : model.State).Slice(w.Offset, w.Length));
    }

    [Fact]
    public void Attribute_TrainableFalse_ReachesLayerInfoAndLayers()
    {
        var model = new FrozenFirstDenseModel(seed: 1);

        Assert.Equal([false, true, true], model.Info.Layers.Select(l => l.Trainable));
        Assert.False(model.Layers["dense"].Trainable);
        Assert.True(model.Layers[1].Trainable);
        Assert.Equal("dense (Dense, frozen)", model.Layers[0].ToString());
        var error = Assert.Throws<KeyNotFoundException>(() => model.Layers["dense_9"]);
        Assert.Contains("dense, dense_1, dense_2", error.Message);
    }

    [Theory]
    [InlineData("sgd_momentum")]
    [InlineData("adamw")]
    [InlineData("nadam")]
    [InlineData("adam_clipnorm")]
    public void Fit_DeclaredFrozenLayer_WeightsAndSlotsUnchangedBitForBit_OthersTrain(string optimizer)
    {
        var model = new FrozenFirstDenseModel(seed: 2);
        var kernel = WeightBits(model, "dense.kernel");
        var bias = WeightBits(model, "dense.bias");
        var next = WeightBits(model, "dense_1.kernel");

        Fit(model, Optimizer(optimizer));

        Assert.Equal(kernel, WeightBits(model, "dense.kernel"));
        Assert.Equal(bias, WeightBits(model, "dense.bias"));
        Assert.NotEqual(next, WeightBits(model, "dense_1.kernel"));
        var slots = model.Optimizer.Slots;
        int frozenLength = FrozenFirstDenseModel.DenseKernelLength + FrozenFirstDenseModel.DenseBiasLength;
        for (int k = 0; k < model.Optimizer.SlotsPerParameter; k++)
        {
            Assert.All(slots.Slice(k * model.Info.ParameterCount, frozenLength).ToArray(), s => Assert.Equal(0f, s));
        }
    }

    /// <summary>One SGD step of both models on the same 20 rows.</summary>
    private static void OneSgdStep(params Model[] models)
    {
        foreach (var m in models)
        {
            m.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f));
            m.TrainOnBatch(Data.X.AsSpan(0, 20 * 6), Data.Y.AsSpan(0, 20 * 3));
        }
    }

    [Fact]
    public void OneStep_FrozenFirstLayer_LaterLayersStepExactlyAsUnfrozenReference()
    {
        // One SGD step: the later layers' gradients do not depend on the first layer's update, so they match an unfrozen
        // model of the same seed bit for bit; the first layer alone stays where it was.
        var frozen = new FrozenFirstDenseModel(seed: 3);
        var reference = new UnfrozenDenseModel(seed: 3);
        Assert.Equal(Bits(reference.Parameters), Bits(frozen.Parameters));
        var initial = Bits(frozen.Parameters);

        OneSgdStep(frozen, reference);

        int firstLayer = FrozenFirstDenseModel.DenseKernelLength + FrozenFirstDenseModel.DenseBiasLength;
        Assert.Equal(initial[..firstLayer], Bits(frozen.Parameters)[..firstLayer]);
        Assert.Equal(Bits(reference.Parameters)[firstLayer..], Bits(frozen.Parameters)[firstLayer..]);
        Assert.NotEqual(initial[firstLayer..], Bits(frozen.Parameters)[firstLayer..]);
    }

    [Fact]
    public void OneStep_FrozenLastLayer_GradientsStillReachEarlierLayers()
    {
        var frozen = new UnfrozenDenseModel(seed: 4);
        frozen.Layers["dense_2"].Trainable = false;
        var reference = new UnfrozenDenseModel(seed: 4);
        var initial = Bits(frozen.Parameters);

        OneSgdStep(frozen, reference);

        int last = UnfrozenDenseModel.Dense2KernelOffset;
        Assert.Equal(Bits(reference.Parameters)[..last], Bits(frozen.Parameters)[..last]);
        Assert.Equal(initial[last..], Bits(frozen.Parameters)[last..]);
    }

    [Fact]
    public void Trainable_SetBetweenFitCalls_FreezesThenTrainsAgain()
    {
        var model = new UnfrozenDenseModel(seed: 5);
        model.Layers["dense_1"].Trainable = false;
        var before = WeightBits(model, "dense_1.kernel");

        Fit(model, new Adam(0.01f), epochs: 2);
        Assert.Equal(before, WeightBits(model, "dense_1.kernel"));

        model.Layers["dense_1"].Trainable = true;
        model.Fit(Data.X, Data.Y, epochs: 1, batchSize: 64, verbose: 0);
        Assert.NotEqual(before, WeightBits(model, "dense_1.kernel"));
    }

    [Fact]
    public void Fit_FrozenLayer_OneAndTwoThreadsBitIdentical()
    {
        float[] Train(int threads)
        {
            var model = new UnfrozenDenseModel(seed: 6) { Threads = threads };
            model.Layers["dense"].Trainable = false;
            Fit(model, new Adam(0.01f));
            return model.Parameters.ToArray();
        }

        Assert.Equal(Bits(Train(1)), Bits(Train(2)));
    }

    [Fact]
    public void Fit_FrozenBatchNormalization_MovingStatisticsAndScaleUnchanged_RunsInInferenceMode()
    {
        var model = new FrozenBatchNormModel(seed: 7);
        var rng = new Rng(9);
        foreach (ref float s in model.State) s = 0.5f + rng.NextSingle(); // moving statistics that matter
        var state = Bits(model.State);
        var gamma = WeightBits(model, "batch_normalization.gamma");
        var beta = WeightBits(model, "batch_normalization.beta");
        var dense = WeightBits(model, "dense.kernel");

        Fit(model, new Adam(0.01f));

        Assert.Equal(state, Bits(model.State));
        Assert.Equal(gamma, WeightBits(model, "batch_normalization.gamma"));
        Assert.Equal(beta, WeightBits(model, "batch_normalization.beta"));
        Assert.NotEqual(dense, WeightBits(model, "dense.kernel")); // the gradient passed through the frozen layer
    }

    [Fact]
    public void FrozenBatchNormalization_TrainingLossIsTheInferenceLoss_AndBackwardMatchesCentralDifferences()
    {
        // Frozen, training runs the inference forward: its loss is Evaluate's, which central differences differentiate.
        var model = new FrozenBatchNormModel(seed: 8);
        var rng = new Rng(10);
        var moving = model.State; // moving_mean[12], then moving_variance[12]
        for (int i = 0; i < moving.Length; i++) moving[i] = i < 12 ? rng.NextSingle() - 0.5f : 1f + rng.NextSingle();
        var (x, y) = Classes(12, seed: 5);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f)); // learning rate 0: Gradients holds dL/dθ, nothing moves

        double trainingLoss = model.TrainOnBatch(x, y);

        Assert.Equal(model.Evaluate(x, y, batchSize: 100, verbose: 0).Loss, trainingLoss);
        // h = 1e-3: with 1e-2 a relu kink of the Dense before the BatchNormalization lies within ±h for some weights.
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void TrainOnBatch_WithFrozenLayers_AllocatesNothingAfterWarmUp()
    {
        var dense = new UnfrozenDenseModel(seed: 9);
        dense.Layers["dense_1"].Trainable = false;
        dense.Compile(Loss.CategoricalCrossentropy, new Nadam(0.01f) { GlobalClipNorm = 1f });
        var batchNorm = new FrozenBatchNormModel(seed: 9);
        batchNorm.Compile(Loss.CategoricalCrossentropy, new AdamW(0.01f));
        var x = Data.X.AsSpan(0, 64 * 6).ToArray(); // 64 rows: two chunks for the Dense model
        var y = Data.Y.AsSpan(0, 64 * 3).ToArray();

        Allocations.AssertNoneAfterWarmUp(() => dense.TrainOnBatch(x, y));
        Allocations.AssertNoneAfterWarmUp(() => batchNorm.TrainOnBatch(x, y));
    }
}
