namespace GenNet.Tests.Models;

/// <summary>
/// Keras runs <c>for epoch in range(initial_epoch, epochs)</c>: <c>epochs=0</c>, or <c>initial_epoch ≥ epochs</c>, trains
/// nothing and returns an empty History, still calling on_train_begin/on_train_end.
/// </summary>
public class FitEpochCountTests
{
    private static TanhSoftmaxModel Compiled()
    {
        var model = new TanhSoftmaxModel(seed: 1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-2), Metric.Accuracy);
        return model;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(2, 5)]
    public void Fit_NoEpochsToRun_TrainsNothingAndReturnsAnEmptyHistory(int epochs, int initialEpoch)
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        var model = Compiled();
        float[] before = model.Parameters.ToArray();
        int begins = 0, ends = 0, batches = 0;
        var hooks = new LambdaCallback(onTrainBegin: () => begins++, onTrainEnd: () => ends++, onTrainBatchEnd: (_, _) => batches++);

        var history = model.Fit(x, y, epochs: epochs, initialEpoch: initialEpoch, batchSize: 5, verbose: 1, callbacks: [hooks]);

        Assert.Empty(history.Epoch);
        Assert.Empty(history.Values);
        Assert.Equal(epochs, history.Params["epochs"]);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Equal(0, model.Optimizer.Iterations);
        Assert.Equal((1, 1, 0), (begins, ends, batches));
        Assert.Equal("", model.Output.ToString());
    }

    [Fact]
    public void Fit_InitialEpochBelowEpochs_RunsTheRemainingEpochs()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        var history = Compiled().Fit(x, y, epochs: 3, initialEpoch: 2, batchSize: 5, verbose: 0);
        Assert.Equal([2], history.Epoch);
    }

    [Fact]
    public void Fit_EpochsZero_StillChecksTheData()
    {
        var e = Assert.Throws<ArgumentException>(() => Compiled().Fit(new float[7], new float[3], epochs: 0, verbose: 0));
        Assert.Contains("multiple of 5", e.Message);
    }

    [Fact]
    public void Fit_NegativeEpochs_Throws()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(x, y, epochs: -1, verbose: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(x, y, epochs: 2, initialEpoch: -1, verbose: 0));
    }
}
