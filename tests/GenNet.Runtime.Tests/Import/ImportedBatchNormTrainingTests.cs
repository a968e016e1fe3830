namespace GenNet.Tests.Import;

/// <summary>
/// The imported <c>bn_kept_torch.onnx</c> (three Conv → BatchNormalization chains, folded at inference): training still
/// normalizes with the batch's own statistics and updates the moving ones, as Keras' training=True does, and fine-tuning
/// lowers the loss. ORT, allocations, threads and re-export: <see cref="OnnxImportRuntimeTests"/>.
/// </summary>
public class ImportedBatchNormTrainingTests
{
    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static float[] TrainingForward(Model model, float[] x, int batch)
    {
        var activations = new float[batch * model.Info.ActivationsPerSample];
        model.RunForward(x, activations, new float[model.Info.ScratchSize], batch, training: true, random: null);
        return activations.AsSpan(model.Info.OutputOffset * batch, batch * model.Info.OutputSize).ToArray();
    }

    private static string[] Normalizations(Model model) =>
        model.Info.Layers.Where(l => l.TypeName == "BatchNormalization").Select(l => l.Name).ToArray();

    [Fact]
    public void TrainingForward_UsesBatchStatistics_WhereInferenceUsesTheFoldedMovingOnes()
    {
        Model model = ImportedTorchBnKept.CreateTrained();
        Assert.Equal(3, Normalizations(model).Length);
        const int batch = 16;
        float[] x = Random(batch * model.Info.InputSize, seed: 21);
        float[] inference = model.Predict(x, batchSize: batch);
        float[] state = model.State.ToArray();

        float[] training = TrainingForward(model, x, batch);
        // Batch statistics differ from the file's moving ones, so the outputs do; and each moving mean and variance moved.
        Assert.True(training.Zip(inference, (a, b) => Math.Abs(a - b)).Max() > 1e-3, "training forward equals inference: no batch statistics");
        float[] after = model.State.ToArray();
        foreach (WeightInfo w in model.Info.Weights.Where(w => w.Name.Contains("moving_", StringComparison.Ordinal)))
        {
            Assert.False(state.AsSpan(w.Offset, w.Length).SequenceEqual(after.AsSpan(w.Offset, w.Length)), $"{w.Name} did not move");
        }

        // Frozen, the same layers normalize with the moving statistics in training too: inference's function, unfolded.
        Model frozen = ImportedTorchBnKept.CreateTrained();
        foreach (string name in Normalizations(frozen)) frozen.Layers[name].Trainable = false;
        float[] unfolded = TrainingForward(frozen, x, batch);
        for (int i = 0; i < inference.Length; i++)
        {
            Assert.True(Math.Abs(unfolded[i] - inference[i]) <= 1e-5 + 1e-5 * Math.Abs(inference[i]), $"value {i}: folded {inference[i]}, unfolded {unfolded[i]}");
        }
    }

    [Fact]
    public void Fit_FineTunesTheImportedModel_LowersTheLoss_AndTrainsTheNormalizations()
    {
        Model model = ImportedTorchBnKept.CreateTrained();
        const int count = 64;
        float[] x = Random(count * model.Info.InputSize, seed: 22);
        var y = new float[count * 10];
        for (int i = 0; i < count; i++) y[i * 10 + (x[i * model.Info.InputSize] > 0 ? 3 : 7)] = 1;
        float[] parameters = model.Parameters.ToArray();
        model.Compile(new GenNet.Losses.CategoricalCrossentropy(), new Adam(0.01));
        History history = model.Fit(x, y, epochs: 8, batchSize: 16, verbose: 0);
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss {history["loss"][0]} → {history["loss"][^1]}");
        float[] trained = model.Parameters.ToArray();
        foreach (WeightInfo w in model.Info.Weights.Where(w => w.Name.EndsWith(".gamma", StringComparison.Ordinal)))
        {
            Assert.False(parameters.AsSpan(w.Offset, w.Length).SequenceEqual(trained.AsSpan(w.Offset, w.Length)), $"{w.Name} was not trained");
        }
    }
}
