using GenNet.Tests.Models;

namespace GenNet.Tests.Callbacks;

/// <summary>Keras <c>LambdaCallback</c>: each delegate runs at its hook; hooks without one do nothing.</summary>
public class LambdaCallbackTests
{
    [Fact]
    public void EveryDelegate_RunsAtItsHook()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 30);
        var model = new TanhSoftmaxModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-2), Metric.Accuracy);
        var counts = new Dictionary<string, int>();
        void Count(string hook) => counts[hook] = counts.GetValueOrDefault(hook) + 1;
        double lastEpochLoss = double.NaN;
        int predictedFloats = 0;
        var callback = new LambdaCallback(
            onEpochBegin: _ => Count("epoch_begin"),
            onEpochEnd: (_, logs) => { Count("epoch_end"); lastEpochLoss = logs["loss"]; },
            onTrainBegin: () => Count("train_begin"),
            onTrainEnd: () => Count("train_end"),
            onTrainBatchBegin: _ => Count("train_batch_begin"),
            onTrainBatchEnd: (_, _) => Count("train_batch_end"),
            onTestBegin: () => Count("test_begin"),
            onTestEnd: _ => Count("test_end"),
            onTestBatchBegin: _ => Count("test_batch_begin"),
            onTestBatchEnd: (_, _) => Count("test_batch_end"),
            onPredictBegin: () => Count("predict_begin"),
            onPredictEnd: () => Count("predict_end"),
            onPredictBatchBegin: _ => Count("predict_batch_begin"),
            onPredictBatchEnd: (_, outputs) => { Count("predict_batch_end"); predictedFloats += outputs.Length; });

        // 2 epochs × 2 batches of 10 training rows, 10 validation rows in one batch; then Evaluate and Predict.
        var history = model.Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, validationSplit: 1.0 / 3, callbacks: [callback]);
        model.Evaluate(x, y, batchSize: 10, verbose: 0, callbacks: [callback]);
        model.Predict(x, batchSize: 16, callbacks: [callback]);

        Assert.Equal(new Dictionary<string, int>
        {
            ["train_begin"] = 1, ["train_end"] = 1, ["epoch_begin"] = 2, ["epoch_end"] = 2,
            ["train_batch_begin"] = 4, ["train_batch_end"] = 4,
            ["test_begin"] = 3, ["test_end"] = 3, ["test_batch_begin"] = 2 + 3, ["test_batch_end"] = 2 + 3,
            ["predict_begin"] = 1, ["predict_end"] = 1, ["predict_batch_begin"] = 2, ["predict_batch_end"] = 2,
        }, counts);
        Assert.Equal(history["loss"][^1], lastEpochLoss);
        Assert.Equal(30 * TanhSoftmaxModel.OutputSize, predictedFloats);
    }

    [Fact]
    public void NoDelegates_IsANoOp()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        var model = new TanhSoftmaxModel(seed: 1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0.1));
        var history = model.Fit(x, y, epochs: 1, verbose: 0, callbacks: [new LambdaCallback()]);
        Assert.Single(history.Epoch);
    }
}
