using GenNet.Tests.Models;

namespace GenNet.Tests.Callbacks;

/// <summary>
/// The hooks Keras 3 calls and their order (keras/src/backend/*/trainer.py): fit's validation calls the test hooks
/// between the last training batch and on_epoch_end; evaluate and predict call theirs.
/// </summary>
public class CallbackHookTests
{
    private static TanhSoftmaxModel Compiled()
    {
        var model = new TanhSoftmaxModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-2), Metric.Accuracy);
        return model;
    }

    [Fact]
    public void Fit_WithValidation_CallsTrainThenTestHooksInKerasOrder()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 30);
        var (vx, vy) = ModelDeterminismTests.Data(seed: 2, count: 15);
        var recorder = new Recorder();
        Compiled().Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, validationData: (vx, vy), callbacks: [recorder]);

        string[] epoch(int e) =>
        [
            $"epoch_begin {e}", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "batch_begin 2", "batch_end 2",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1", "test_end", $"epoch_end {e}",
        ];
        Assert.Equal(["train_begin", .. epoch(0), .. epoch(1), "train_end"], recorder.Calls);
    }

    [Fact]
    public void Fit_TestEndLogs_AreTheEpochsValLogsWithoutPrefix()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 30);
        var (vx, vy) = ModelDeterminismTests.Data(seed: 2, count: 25);
        var recorder = new Recorder();
        var history = Compiled().Fit(x, y, epochs: 1, batchSize: 10, verbose: 0, validationData: (vx, vy), callbacks: [recorder]);
        Assert.Equal(["accuracy", "loss"], recorder.TestEndLogs!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(history["val_loss"][0], recorder.TestEndLogs["loss"]);
        Assert.Equal(history["val_accuracy"][0], recorder.TestEndLogs["accuracy"]);
        // After the last batch the running means are the evaluation's.
        Assert.Equal(recorder.TestEndLogs["loss"], recorder.LastTestBatchLogs!["loss"], 12);
    }

    [Fact]
    public void Evaluate_WithCallbacks_CallsTheTestHooksAndReportsItsResult()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 3, count: 45);
        var model = Compiled();
        var recorder = new Recorder();
        var result = model.Evaluate(x, y, batchSize: 20, verbose: 0, callbacks: [recorder]);
        Assert.Equal(["test_begin", "test_batch_begin 0", "test_batch_end 0", "test_batch_begin 1", "test_batch_end 1",
            "test_batch_begin 2", "test_batch_end 2", "test_end"], recorder.Calls);
        Assert.Same(model, recorder.Model);
        Assert.Equal(result.Loss, recorder.TestEndLogs!["loss"]);
        Assert.Equal(result.Metrics["accuracy"], recorder.TestEndLogs["accuracy"]);
        // The first batch's running loss is the mean over its 20 rows, computed here from Predict.
        Assert.Equal(MeanCrossentropy(model, x[..(20 * 5)], y[..(20 * 3)]), recorder.FirstTestBatchLoss, 5);
    }

    [Fact]
    public void Predict_WithCallbacks_CallsThePredictHooksWithEachBatchsOutputs()
    {
        var (x, _) = ModelDeterminismTests.Data(seed: 4, count: 45);
        var model = new TanhSoftmaxModel(seed: 2);
        var recorder = new Recorder();
        float[] result = model.Predict(x, batchSize: 20, callbacks: [recorder]);
        Assert.Equal(["predict_begin", "predict_batch_begin 0", "predict_batch_end 0 (20 rows)", "predict_batch_begin 1",
            "predict_batch_end 1 (20 rows)", "predict_batch_begin 2", "predict_batch_end 2 (5 rows)", "predict_end"], recorder.Calls);
        Assert.Equal(result, recorder.PredictedOutputs);
        float[] unbatched = model.Predict(x);
        Assert.Equal(unbatched, result, (a, b) => Math.Abs(a - b) <= 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(x, batchSize: 0));
    }

    [Fact]
    public void Predict_SeveralInputsAndOutputs_WithCallbacks_SplitsThePackedRowsPerOutput()
    {
        var rng = new Rng(6);
        float[] x1 = [.. Enumerable.Range(0, 9 * 4).Select(_ => rng.NextSingle())], x2 = [.. Enumerable.Range(0, 9 * 3).Select(_ => rng.NextSingle())];
        var model = new TwoInTwoOutModel(seed: 3);
        int batches = 0, floats = 0;
        var counter = new LambdaCallback(onPredictBatchEnd: (_, outputs) => { batches++; floats += outputs.Length; });
        float[][] withCallbacks = model.Predict([x1, x2], batchSize: 4, callbacks: [counter]);
        float[][] plain = model.Predict(new Samples[] { x1, x2 });
        Assert.Equal((3, 9 * TwoInTwoOutModel.OutputSize), (batches, floats)); // 4 + 4 + 1 rows of packed outputs (3 + 2)
        Assert.Equal(2, withCallbacks.Length);
        for (int k = 0; k < 2; k++) Assert.Equal(plain[k], withCallbacks[k], (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    private static double MeanCrossentropy(Model model, float[] x, float[] y)
    {
        float[] p = model.Predict(x);
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum -= y[i] * Math.Log(Math.Clamp(p[i], 1e-7, 1 - 1e-7));
        return sum / (p.Length / 3);
    }

    /// <summary>Writes down every hook call in order.</summary>
    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = [];
        public Dictionary<string, double>? TestEndLogs { get; private set; }
        public Dictionary<string, double>? LastTestBatchLogs { get; private set; }
        public double FirstTestBatchLoss { get; private set; } = double.NaN;
        public List<float> PredictedOutputs { get; } = [];

        public override void OnTrainBegin() => Calls.Add("train_begin");
        public override void OnTrainEnd() => Calls.Add("train_end");
        public override void OnEpochBegin(int epoch) => Calls.Add($"epoch_begin {epoch}");
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Calls.Add($"epoch_end {epoch}");
        public override void OnBatchBegin(int batch) => Calls.Add($"batch_begin {batch}");
        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Calls.Add($"batch_end {batch}");
        public override void OnTestBegin() => Calls.Add("test_begin");
        public override void OnTestEnd(IReadOnlyDictionary<string, double> logs)
        {
            Calls.Add("test_end");
            TestEndLogs = new(logs);
        }
        public override void OnTestBatchBegin(int batch) => Calls.Add($"test_batch_begin {batch}");
        public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Calls.Add($"test_batch_end {batch}");
            LastTestBatchLogs = new(logs);
            if (batch == 0) FirstTestBatchLoss = logs["loss"];
        }
        public override void OnPredictBegin() => Calls.Add("predict_begin");
        public override void OnPredictEnd() => Calls.Add("predict_end");
        public override void OnPredictBatchBegin(int batch) => Calls.Add($"predict_batch_begin {batch}");
        public override void OnPredictBatchEnd(int batch, ReadOnlySpan<float> outputs)
        {
            Calls.Add($"predict_batch_end {batch} ({outputs.Length / TanhSoftmaxModel.OutputSize} rows)");
            PredictedOutputs.AddRange(outputs);
        }
    }
}
