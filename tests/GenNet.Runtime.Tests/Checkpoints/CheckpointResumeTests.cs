using static GenNet.Tests.Checkpoints.CheckpointData;

namespace GenNet.Tests.Checkpoints;

/// <summary>
/// Training stopped after some epochs, saved with <see cref="Model.SaveCheckpoint(Stream)"/>, loaded into a fresh model
/// (another seed, so nothing is left to chance) and continued gives the weights, the state, the optimizer's slots and step
/// count of a run that never stopped, bit for bit.
/// </summary>
public sealed class CheckpointResumeTests
{
    private const int Epochs = 4, StopAfter = 2;

    // 150 rows in batches of 64: two steps of 64 rows (two chunks each) and one of 22, reshuffled every epoch.
    private static readonly (float[] X, float[] Y) Data = Classes(150, seed: 11);

    private static History Fit(Model model, int epochs, int initialEpoch = 0) =>
        model.Fit(Data.X, Data.Y, epochs: epochs, batchSize: 64, verbose: 0, initialEpoch: initialEpoch);

    private static void AssertResumesBitForBit(Func<int, Model> create, string optimizer)
    {
        var unbroken = create(5);
        unbroken.Compile(Loss.CategoricalCrossentropy, Optimizer(optimizer));
        var expectedHistory = Fit(unbroken, Epochs);

        var first = create(5);
        first.Compile(Loss.CategoricalCrossentropy, Optimizer(optimizer));
        Fit(first, StopAfter);
        var file = new MemoryStream();
        first.SaveCheckpoint(file);

        var resumed = create(77);
        resumed.Compile(Loss.CategoricalCrossentropy, Optimizer(optimizer));
        file.Position = 0;
        int epoch = resumed.LoadCheckpoint(file);
        var history = Fit(resumed, Epochs, initialEpoch: epoch);

        Assert.Equal(StopAfter, epoch);
        Assert.Equal(Bits(unbroken.Parameters), Bits(resumed.Parameters));
        Assert.Equal(Bits(unbroken.State), Bits(resumed.State));
        Assert.Equal(Bits(unbroken.Optimizer.Slots), Bits(resumed.Optimizer.Slots));
        Assert.Equal(unbroken.Optimizer.Iterations, resumed.Optimizer.Iterations);
        // The resumed Fit's History holds its own epochs: the unbroken run's last ones.
        Assert.Equal(expectedHistory.Values["loss"][StopAfter..], history.Values["loss"]);
    }

    [Theory]
    [MemberData(nameof(OptimizerNames), MemberType = typeof(CheckpointData))]
    public void Resume_DenseDropoutInChunks_WeightsAndSlotsBitForBitAsUnbrokenRun(string optimizer) =>
        AssertResumesBitForBit(seed => new CheckpointDropoutModel(seed), optimizer);

    [Theory]
    [MemberData(nameof(OptimizerNames), MemberType = typeof(CheckpointData))]
    public void Resume_BatchNormalizationAndDropout_WeightsStateAndSlotsBitForBitAsUnbrokenRun(string optimizer) =>
        AssertResumesBitForBit(seed => new CheckpointBatchNormModel(seed), optimizer);

    [Fact]
    public void Resume_WithAFrozenLayer_BitForBitAsUnbrokenRun()
    {
        // Trainable is not saved (in Keras it belongs to the model, not to the checkpoint): the resumed model freezes it too.
        AssertResumesBitForBit(seed =>
        {
            var model = new CheckpointBatchNormModel(seed);
            model.Layers["batch_normalization"].Trainable = false;
            return model;
        }, "adam");
    }

    [Fact]
    public void Resume_WithTwoThreads_SameAsUnbrokenRunOnOneThread()
    {
        var unbroken = new CheckpointDropoutModel(seed: 5) { Threads = 1 };
        unbroken.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        Fit(unbroken, Epochs);

        var first = new CheckpointDropoutModel(seed: 5) { Threads = 2 };
        first.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        Fit(first, StopAfter);
        var file = new MemoryStream();
        first.SaveCheckpoint(file);
        var resumed = new CheckpointDropoutModel(seed: 9) { Threads = 2 };
        resumed.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        file.Position = 0;
        Fit(resumed, Epochs, initialEpoch: resumed.LoadCheckpoint(file));

        Assert.Equal(Bits(unbroken.Parameters), Bits(resumed.Parameters));
    }

    [Fact]
    public void LoadCheckpoint_RestoresLearningRateIterationsAndNadamMomentumProduct()
    {
        var first = new CheckpointDropoutModel(seed: 1);
        first.Compile(Loss.CategoricalCrossentropy, new Nadam(0.01f));
        Fit(first, 1);
        first.Optimizer.LearningRate = 0.0025f; // as ReduceLROnPlateau would have set it
        var file = new MemoryStream();
        first.SaveCheckpoint(file);

        var resumed = new CheckpointDropoutModel(seed: 2);
        resumed.Compile(Loss.CategoricalCrossentropy, new Nadam(0.01f));
        file.Position = 0;
        resumed.LoadCheckpoint(file);

        Assert.Equal(0.0025f, resumed.Optimizer.LearningRate);
        Assert.Equal(3, resumed.Optimizer.Iterations); // 150 rows in batches of 64
        Assert.Equal(((Nadam)first.Optimizer).MomentumProduct, ((Nadam)resumed.Optimizer).MomentumProduct);
        Assert.NotEqual(1.0, ((Nadam)resumed.Optimizer).MomentumProduct);
    }

    [Fact]
    public void SaveCheckpoint_ToPath_IsASafetensorsFileWithWeightsAndSlotsUnderTheirKeys()
    {
        string directory = Directory.CreateTempSubdirectory("gennet-checkpoint-").FullName;
        try
        {
            string path = Path.Combine(directory, "run.ckpt.safetensors");
            var model = new CheckpointBatchNormModel(seed: 3);
            model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
            Fit(model, 1);

            model.SaveCheckpoint(path);

            Assert.Equal([path], Directory.GetFiles(directory)); // atomic: no temporary file left
            string header = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path), 8, 2000);
            foreach (string key in new[] { "\"dense.kernel\"", "\"batch_normalization.moving_mean\"", "\"optimizer.slot0.dense.kernel\"",
                         "\"optimizer.slot1.dense_1.bias\"", "\"optimizer\":\"adam\"", "\"epoch\":\"1\"", "\"iterations\":\"3\"" })
            {
                Assert.Contains(key, header);
            }
            // Model.Load takes weight files only: the slot tensors are named as unexpected.
            var other = new CheckpointBatchNormModel(seed: 4);
            var error = Assert.Throws<InvalidDataException>(() => other.Load(path));
            Assert.Contains("unexpected", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
