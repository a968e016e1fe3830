namespace GenNet.Tests.Models;

/// <summary>The training loop's Keras semantics (KERAS-SEMANTICS.md §7) and its errors.</summary>
public class FitTests
{
    internal static TanhSoftmaxModel Compiled(int seed = 1)
    {
        var model = new TanhSoftmaxModel(seed) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.01f), Metric.Accuracy);
        return model;
    }

    [Fact]
    public void Fit_LearnsASeparableProblem()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 300);
        var model = Compiled();
        var history = model.Fit(x, y, epochs: 30, batchSize: 32, verbose: 0);
        Assert.True(history["loss"][^1] < history["loss"][0] * 0.5, $"loss went from {history["loss"][0]} to {history["loss"][^1]}");
        var (_, accuracy) = model.Evaluate(x, y, verbose: 0);
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }

    [Fact]
    public void Fit_ReturnsHistoryWithSortedKeysPerEpoch()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 50);
        var history = Compiled().Fit(x, y, epochs: 4, batchSize: 8, verbose: 0, validationSplit: 0.2);
        Assert.Equal(["accuracy", "loss", "val_accuracy", "val_loss"], history.Values.Keys);
        Assert.All(history.Values.Values, v => Assert.Equal(4, v.Count));
        Assert.Equal([0, 1, 2, 3], history.Epoch);
        Assert.Equal(5, history.Params["steps"]); // 40 training rows / 8
    }

    [Fact]
    public void Fit_ValidationSplit_HoldsOutTheLastRowsBeforeShuffling()
    {
        // The last 25 rows have labels the first 75 never show; if they were trained on, val accuracy would rise.
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 100);
        var viaSplit = Compiled(seed: 3);
        var viaData = Compiled(seed: 3);
        var h1 = viaSplit.Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, validationSplit: 0.25);
        var h2 = viaData.Fit(x[..(75 * 5)], y[..(75 * 3)], epochs: 2, batchSize: 10, verbose: 0,
            validationData: (x[(75 * 5)..], y[(75 * 3)..]));
        Assert.Equal(h2["val_loss"], h1["val_loss"]);
        Assert.True(viaSplit.Parameters.SequenceEqual(viaData.Parameters));
    }

    [Fact]
    public void Fit_Verbose2_PrintsEpochHeadersAndOneLinePerEpoch()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 40);
        var model = Compiled();
        var output = (StringWriter)model.Output;
        model.Fit(x, y, epochs: 3, batchSize: 10, verbose: 2, validationSplit: 0.25);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal("Epoch 1/3", lines[0]);
        Assert.Matches(@"^3/3 - \d+s - \d+(us|ms|s)/step - accuracy: \S+ - loss: \S+ - val_accuracy: \S+ - val_loss: \S+$", lines[1]);
        Assert.Equal("Epoch 3/3", lines[4]);
    }

    [Fact]
    public void Fit_EarlyStopping_StopsWhenTheMonitorStalls()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 60);
        var model = new TanhSoftmaxModel(1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0f), Metric.Accuracy); // nothing improves
        var stopper = new EarlyStopping(monitor: "loss", minDelta: 1e-6, patience: 2, verbose: 1);
        var history = model.Fit(x, y, epochs: 50, batchSize: 10, verbose: 0, callbacks: [stopper]);
        Assert.Equal(3, history.Epoch.Count); // epoch 0 sets the best, 1 and 2 do not improve
        Assert.Equal(2, stopper.StoppedEpoch);
        Assert.Contains("Epoch 3: early stopping", model.Output.ToString());
    }

    [Fact]
    public void Fit_EarlyStopping_RestoresTheBestWeights()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 60);
        var model = Compiled();
        float[]? best = null;
        double bestLoss = double.MaxValue;
        var recorder = new EpochRecorder((m, logs) =>
        {
            if (logs["val_loss"] < bestLoss) { bestLoss = logs["val_loss"]; best = m.Parameters.ToArray(); }
        });
        model.Fit(x, y, epochs: 8, batchSize: 10, verbose: 0, validationSplit: 0.3,
            callbacks: [recorder, new EarlyStopping(patience: 100, restoreBestWeights: true)]);
        Assert.Equal(best, model.Parameters.ToArray());
    }

    [Fact]
    public void Fit_TerminateOnNaN_StopsAtTheFirstInvalidLoss()
    {
        var rng = new Rng(2);
        var x = Enumerable.Range(0, 40 * 3).Select(_ => rng.NextSingle()).ToArray();
        var y = Enumerable.Range(0, 40 * 2).Select(_ => rng.NextSingle() * 10).ToArray();
        var model = new RegressionModel(1) { Output = new StringWriter() };
        model.Compile(Loss.MeanSquaredError, new SGD(learningRate: 1e30f));
        var history = model.Fit(x, y, epochs: 20, batchSize: 4, verbose: 0, callbacks: [new TerminateOnNaN()]);
        Assert.Single(history.Epoch);
        Assert.Matches(@"Batch \d+: Invalid loss, terminating training", model.Output.ToString());
    }

    [Fact]
    public void Fit_Cancelled_StopsAtABatchBoundary()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 40);
        var model = Compiled();
        using var cts = new CancellationTokenSource();
        int batches = 0;
        var canceller = new BatchCounter(() => { if (++batches == 3) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            model.Fit(x, y, epochs: 5, batchSize: 4, verbose: 0, callbacks: [canceller], cancellationToken: cts.Token));
        Assert.Equal(3, batches);
        Assert.Equal(3, model.Optimizer.Iterations);
    }

    [Fact]
    public void Fit_WrongLabelLength_NamesExpectedAndActual()
    {
        var model = Compiled();
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(new float[10], new float[5], verbose: 0));
        Assert.Contains("2 rows of 3", ex.Message);
        Assert.Contains("got 5", ex.Message);
    }

    [Fact]
    public void Fit_InputNotAMultipleOfTheInputSize_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(new float[11], new float[6], verbose: 0));
        Assert.Contains("multiple of 5", ex.Message);
    }

    [Fact]
    public void Fit_NaNInInputs_NamesTheRow()
    {
        var x = new float[10];
        x[7] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(x, new float[6], verbose: 0));
        Assert.Contains("row 1", ex.Message);
    }

    [Theory]
    [InlineData(4096 + 16 * 3 + 2, float.PositiveInfinity)] // in a vector of the second block
    [InlineData(9999, float.NegativeInfinity)]            // the last value, in the scalar tail of the last block
    [InlineData(5003, float.NaN)]
    public void Fit_NonFiniteInputPastTheFirstBlock_NamesRowAndColumn(int index, float value)
    {
        var x = new float[2000 * 5];
        x[index] = value;
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(x, new float[2000 * 3], verbose: 0));
        Assert.Contains($"row {index / 5}, column {index % 5}", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_NonFiniteInputsInSeveralParallelBlocks_NamesTheFirstOnAnyThreadCount(int threads)
    {
        // 1 M values: four blocks of the parallel scan. The later culprit sits in a block a worker may finish first.
        var x = new float[200_000 * 5];
        x[3 * (1 << 18) + 11] = float.NaN;
        x[(1 << 18) + 7] = float.PositiveInfinity;
        var model = Compiled();
        model.Threads = threads;
        var before = model.Parameters.ToArray();
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, new float[200_000 * 3], verbose: 0));
        int first = (1 << 18) + 7;
        Assert.Contains($"row {first / 5}, column {first % 5}", ex.Message);
        Assert.Equal(before, model.Parameters.ToArray()); // nothing trained
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Fit_ValidationSplitOutsideRange_Throws(double split) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(new float[10], new float[6], verbose: 0, validationSplit: split));

    [Fact]
    public void Fit_BeforeCompile_SaysToCompile()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new TanhSoftmaxModel().Fit(new float[5], new float[3]));
        Assert.Contains("Compile", ex.Message);
    }

    [Fact]
    public void Predict_WrongOutputLength_NamesExpectedAndActual()
    {
        var model = new TanhSoftmaxModel();
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(new float[10], new float[3]));
        Assert.Contains("2 × 3 = 6", ex.Message);
    }

    [Fact]
    public void PredictClasses_ArgmaxOrThreshold()
    {
        var model = new SigmoidStackModel(seed: 2);
        var x = new float[] { 0.1f, 0.2f, 0.3f, 0.4f, -1, -1, -1, -1 };
        var p = model.Predict(x);
        Assert.Equal(p.Select(v => v > 0.5f ? 1 : 0).ToArray(), model.PredictClasses(x));
    }

    [Fact]
    public void Fit_SampleWeightsOfZero_ContributeNothing()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        var weighted = Compiled(seed: 5);
        weighted.Compile(Loss.CategoricalCrossentropy, new SGD(0.1f));
        var weights = Enumerable.Range(0, 20).Select(i => i < 10 ? 1f : 0f).ToArray();
        weighted.Fit(x, y, epochs: 1, batchSize: 20, verbose: 0, shuffle: false, sampleWeight: weights);

        // Same gradient direction as the first 10 rows alone, at half the size (the divisor stays the batch count).
        var half = Compiled(seed: 5);
        half.Compile(Loss.CategoricalCrossentropy, new SGD(0.05f));
        half.Fit(x[..50], y[..30], epochs: 1, batchSize: 10, verbose: 0, shuffle: false);
        var a = weighted.Parameters.ToArray();
        var b = half.Parameters.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) < 1e-6, $"parameter {i}: {a[i]} vs {b[i]}");
    }

    private sealed class EpochRecorder(Action<Model, IReadOnlyDictionary<string, double>> onEpochEnd) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd(Model, logs);
    }

    private sealed class BatchCounter(Action onBatchEnd) : Callback
    {
        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => onBatchEnd();
    }
}
