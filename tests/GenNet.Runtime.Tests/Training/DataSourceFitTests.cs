using GenNet.Tests.Models;

namespace GenNet.Tests.Training;

/// <summary>
/// Fit and Evaluate from a <see cref="DataSource"/>: the same results as the array overloads, and Keras' step arguments
/// (steps_per_epoch, validation_steps, validation_batch_size, validation_freq) with its epoch-iterator semantics.
/// </summary>
public class DataSourceFitTests
{
    /// <summary>The model FitTests trains: output to a StringWriter, Adam(0.01), accuracy.</summary>
    private static TanhSoftmaxModel Compiled(int seed = 1) => FitTests.Compiled(seed);

    private static RecordingSource Source(float[] x, float[] y) => new(x, y, TanhSoftmaxModel.InputSize, TanhSoftmaxModel.OutputSize);

    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    [InlineData(false, 2)]
    public void Fit_FromASource_GivesTheArrayOverloadsWeightsAndHistoryBitForBit(bool shuffle, int threads)
    {
        // The source shuffles its permutation with the stream it is given, as the arrays do: same rows, same steps.
        var (x, y) = ModelDeterminismTests.Data(seed: 2, count: 150); // 150 rows at batch 64: two chunks, then a short batch
        var (vx, vy) = ModelDeterminismTests.Data(seed: 3, count: 30);
        var viaArrays = Compiled(seed: 4);
        var viaSource = Compiled(seed: 4);
        viaArrays.Threads = viaSource.Threads = threads;
        var h1 = viaArrays.Fit(x, y, epochs: 3, batchSize: 64, verbose: 0, shuffle: shuffle, validationData: (vx, vy));
        var h2 = viaSource.Fit(Source(x, y), epochs: 3, batchSize: 64, verbose: 0, shuffle: shuffle, validationData: Source(vx, vy));

        Assert.True(viaArrays.Parameters.SequenceEqual(viaSource.Parameters));
        Assert.Equal(h1.Values.Keys, h2.Values.Keys);
        foreach (var key in h1.Values.Keys) Assert.Equal(h1[key], h2[key]);
    }

    [Fact]
    public void Fit_FromASourceWithSampleWeights_EqualsTheArraysWithSampleWeight()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 2, count: 100);
        float[] w = Enumerable.Range(0, 100).Select(i => 0.25f + (i % 4) * 0.5f).ToArray();
        var viaArrays = Compiled(seed: 5);
        var viaSource = Compiled(seed: 5);
        var h1 = viaArrays.Fit(x, y, epochs: 2, batchSize: 64, verbose: 0, sampleWeight: w);
        var h2 = viaSource.Fit(new RecordingSource(x, y, TanhSoftmaxModel.InputSize, TanhSoftmaxModel.OutputSize, w), epochs: 2, batchSize: 64, verbose: 0);
        Assert.True(viaArrays.Parameters.SequenceEqual(viaSource.Parameters));
        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(h1["accuracy"], h2["accuracy"]);
    }

    [Fact]
    public void Fit_SourceThatWritesAnInfiniteWeight_NamesThePosition()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        float[] w = Enumerable.Repeat(1f, 10).ToArray();
        w[3] = float.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => Compiled().Fit(new RecordingSource(x, y, 5, 3, w), batchSize: 4, verbose: 0, shuffle: false));
        Assert.Contains("sample weights a data source wrote", e.Message);
        Assert.Contains("at row 3, column 0", e.Message);
    }

    [Fact]
    public void Fit_WithoutStepsPerEpoch_BeginsAPassEveryEpochAndReadsConsecutiveBatches()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        var source = Source(x, y);
        var history = Compiled().Fit(source, epochs: 2, batchSize: 4, verbose: 0);
        Assert.Equal(2, source.Passes);
        Assert.Equal([(0, 4), (4, 4), (8, 2), (0, 4), (4, 4), (8, 2)], source.Reads);
        Assert.Equal(3, history.Params["steps"]);
    }

    [Fact]
    public void Fit_StepsPerEpoch_ContinuesThePassAcrossEpochsAndEndsAnEpochThatRunsOut()
    {
        // Keras' epoch iterator: 10 rows at batch 4 are 3 batches; with 2 steps per epoch epoch 1 takes batches 1-2,
        // epoch 2 gets only batch 3 (the pass runs out: a warning, the epoch ends), epoch 3 begins a new pass.
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        var source = Source(x, y);
        var model = Compiled();
        var history = model.Fit(source, epochs: 3, batchSize: 4, verbose: 2, stepsPerEpoch: 2);

        Assert.Equal(2, source.Passes);
        Assert.Equal([(0, 4), (4, 4), (8, 2), (0, 4), (4, 4)], source.Reads);
        Assert.Equal(2, history.Params["steps"]);
        Assert.Equal(3, history["loss"].Count);
        var lines = model.Output.ToString()!.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("Warning: the data ran out after 1 of 2 steps in epoch 2 (one pass holds 3 batches); the next epoch starts a new pass.", lines[3]);
        Assert.StartsWith("1/1 - ", lines[4]); // Keras ends the bar at the steps seen
        Assert.StartsWith("2/2 - ", lines[6]);
    }

    [Fact]
    public void Fit_StepsPerEpochOfAWholePass_BeginsAPassEveryEpoch()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        var source = Source(x, y);
        Compiled().Fit(source, epochs: 2, batchSize: 4, verbose: 0, stepsPerEpoch: 3);
        Assert.Equal(2, source.Passes);
        Assert.Equal(6, source.Reads.Count);
    }

    [Fact]
    public void Fit_StepsPerEpochOnArrays_TrainsThoseSteps()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 100);
        var history = Compiled().Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, stepsPerEpoch: 4);
        Assert.Equal(4, history.Params["steps"]);
    }

    [Fact]
    public void Fit_ValidationFreqEvery2_ValidatesAfterEpochs2And4()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 40);
        var seen = new EpochLogs();
        var history = Compiled().Fit(x, y, epochs: 4, batchSize: 10, verbose: 0, validationSplit: 0.25, validationFreq: 2, callbacks: [seen]);
        Assert.Equal([false, true, false, true], seen.HadValidation);
        Assert.Equal(2, history["val_loss"].Count);
        Assert.Equal(4, history["loss"].Count);
    }

    [Fact]
    public void Fit_ValidationFreqList_ValidatesAfterTheListedOneBasedEpochs()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 40);
        var (vx, vy) = ModelDeterminismTests.Data(seed: 2, count: 8);
        var seen = new EpochLogs();
        Compiled().Fit(Source(x, y), epochs: 5, batchSize: 10, verbose: 0, validationData: Source(vx, vy), validationFreq: new[] { 1, 4 }, callbacks: [seen]);
        Assert.Equal([true, false, false, true, false], seen.HadValidation);
    }

    [Fact]
    public void Fit_ValidationBatchSizeAndSteps_ReadValidationInThoseBatchesContinuingAcrossValidations()
    {
        // 9 validation rows at validationBatchSize 2 are 5 batches; 2 steps per validation continue the pass (Keras
        // caches its validation iterator), so the third validation gets only the last, single row.
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        var (vx, vy) = ModelDeterminismTests.Data(seed: 2, count: 9);
        var validation = Source(vx, vy);
        var model = Compiled();
        model.Fit(Source(x, y), epochs: 4, batchSize: 10, verbose: 0, validationData: validation, validationSteps: 2, validationBatchSize: 2);
        Assert.Equal([(0, 2), (2, 2), (4, 2), (6, 2), (8, 1), (0, 2), (2, 2)], validation.Reads);
        Assert.Equal(2, validation.Passes);
    }

    [Fact]
    public void Fit_ValidationSteps_MeanIsOverTheRowsValidated()
    {
        // Validation on the first 2 batches of 3 rows equals evaluating those 6 rows.
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 20);
        var (vx, vy) = ModelDeterminismTests.Data(seed: 2, count: 12);
        var model = Compiled();
        var history = model.Fit(Source(x, y), epochs: 1, batchSize: 10, verbose: 0, validationData: Source(vx, vy), validationSteps: 2, validationBatchSize: 3);
        var direct = model.Evaluate(vx[..(6 * 5)], vy[..(6 * 3)], batchSize: 3, verbose: 0);
        Assert.Equal(direct.Loss, history["val_loss"][0]);
        Assert.Equal(direct.Metrics["accuracy"], history["val_accuracy"][0]);
    }

    [Fact]
    public void Evaluate_FromASource_EqualsTheArrayOverloadAndStepsReadOnlyTheFirstBatches()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 6, count: 50);
        var model = Compiled();
        model.Fit(x, y, epochs: 2, batchSize: 8, verbose: 0);
        var source = Source(x, y);
        var fromArrays = model.Evaluate(x, y, batchSize: 16, verbose: 0);
        var fromSource = model.Evaluate(source, batchSize: 16, verbose: 0);
        Assert.Equal(fromArrays.Loss, fromSource.Loss);
        Assert.Equal(fromArrays.Metrics["accuracy"], fromSource.Metrics["accuracy"]);

        source.Reads.Clear();
        var firstTwo = model.Evaluate(source, batchSize: 16, verbose: 0, steps: 2);
        Assert.Equal([(0, 16), (16, 16)], source.Reads);
        Assert.Equal(model.Evaluate(x[..(32 * 5)], y[..(32 * 3)], batchSize: 16, verbose: 0).Loss, firstTwo.Loss);
        Assert.Equal(model.Evaluate(x, y, batchSize: 16, verbose: 0, steps: 2).Loss, firstTwo.Loss);
    }

    [Fact]
    public void Fit_SourceOfTheWrongWidths_SaysWhatTheModelExpects()
    {
        var model = Compiled();
        var wrongInput = new RecordingSource(new float[12], new float[9], 4, 3);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(wrongInput, verbose: 0));
        Assert.Contains("Expected data to give 5 input values per sample (the model's InputSize), got InputSize = 4 from RecordingSource", e.Message);

        var wrongLabels = new RecordingSource(new float[10], new float[2], 5, 1);
        e = Assert.Throws<ArgumentException>(() => model.Fit(Source(new float[10], new float[6]), validationData: wrongLabels, verbose: 0));
        Assert.Contains("Expected validationData to give 3 label value(s) per sample (categorical_crossentropy takes 3), got LabelSize = 1", e.Message);

        var empty = new RecordingSource([], [], 5, 3);
        e = Assert.Throws<ArgumentException>(() => model.Evaluate(empty, verbose: 0));
        Assert.Contains("Expected data to hold at least one sample, got Count = 0", e.Message);
    }

    [Fact]
    public void Fit_SourceThatWritesNaN_NamesThePositionAndColumn()
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        x[7 * 5 + 2] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => Compiled().Fit(Source(x, y), batchSize: 4, verbose: 0, shuffle: false));
        Assert.Contains("got NaN at row 7, column 2", e.Message);
        Assert.Contains("inputs a data source wrote", e.Message);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(null, 0, null)]
    [InlineData(null, null, 0)]
    public void Fit_NonPositiveStepArguments_Throw(int? stepsPerEpoch, int? validationSteps, int? validationBatchSize)
    {
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(x, y, verbose: 0, stepsPerEpoch: stepsPerEpoch,
            validationSteps: validationSteps, validationBatchSize: validationBatchSize));
    }

    [Fact]
    public void ValidationFreq_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => { ValidationFrequency f = 0; });
        Assert.Throws<ArgumentException>(() => { ValidationFrequency f = new[] { 0, 2 }; });
    }

    /// <summary>Whether each epoch's logs held val_loss.</summary>
    private sealed class EpochLogs : Callback
    {
        public List<bool> HadValidation { get; } = [];
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => HadValidation.Add(logs.ContainsKey("val_loss"));
    }
}
