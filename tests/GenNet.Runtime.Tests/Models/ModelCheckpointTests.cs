namespace GenNet.Tests.Models;

/// <summary>ModelCheckpoint keeps the best weights on disk, named from the epoch logs, with Keras' messages.</summary>
public class ModelCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gennet-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SaveBestOnly_KeepsTheBestEpochsWeights()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 60);
        var model = new TanhSoftmaxModel(1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.02f), Metric.Accuracy);
        string path = Path.Combine(_directory, "best.safetensors");
        float[]? best = null;
        double bestLoss = double.MaxValue;
        var recorder = new Recorder((m, logs) => { if (logs["val_loss"] < bestLoss) { bestLoss = logs["val_loss"]; best = m.Parameters.ToArray(); } });
        var checkpoint = new ModelCheckpoint(path, saveBestOnly: true, verbose: 1);

        model.Fit(x, y, epochs: 6, batchSize: 10, verbose: 0, validationSplit: 0.3, callbacks: [recorder, checkpoint]);

        var restored = new TanhSoftmaxModel(99);
        restored.Load(path);
        Assert.Equal(best, restored.Parameters.ToArray());
        Assert.Equal(bestLoss, checkpoint.Best);
        Assert.Contains("Epoch 1: val_loss improved from None to ", model.Output.ToString());
    }

    [Fact]
    public void FilePath_FillsEpochAndLogKeys()
    {
        var checkpoint = new ModelCheckpoint("w-{epoch:00}-{val_loss:0.000}.safetensors");
        var logs = new Dictionary<string, double> { ["val_loss"] = 0.12345 };
        Assert.Equal("w-03-0.123.safetensors", checkpoint.FormatPath(2, logs));
        var ex = Assert.Throws<ArgumentException>(() => new ModelCheckpoint("w-{accuracy}.safetensors").FormatPath(0, logs));
        Assert.Contains("val_loss", ex.Message);
    }

    [Fact]
    public void EveryEpoch_WritesOneFilePerEpoch()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 30);
        var model = new TanhSoftmaxModel(1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Fit(x, y, epochs: 3, batchSize: 10, verbose: 0,
            callbacks: [new ModelCheckpoint(Path.Combine(_directory, "e{epoch}.safetensors"), monitor: "loss")]);
        Assert.Equal(["e1.safetensors", "e2.safetensors", "e3.safetensors"],
            Directory.GetFiles(_directory).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    private sealed class Recorder(Action<Model, IReadOnlyDictionary<string, double>> onEpochEnd) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd(Model, logs);
    }
}
