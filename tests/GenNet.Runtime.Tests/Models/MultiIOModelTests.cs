using GenNet.Tests.Support;

namespace GenNet.Tests.Models;

/// <summary>
/// Several inputs, several outputs and shared layers (see MultiIOModels.cs): gradients against central differences, the
/// total loss's gradient as the weighted sum of the outputs' gradients, a shared weight's gradient as the sum over its call
/// sites, weights counted once, Predict into caller spans, and clear errors for wrong data.
/// </summary>
public class MultiIOModelTests
{
    private static readonly Dictionary<string, Loss> TwoLosses = new() { ["a"] = Loss.CategoricalCrossentropy, ["b"] = Loss.MeanSquaredError };

    [Fact]
    public void TwoInTwoOut_PerOutputLossesAndWeights_GradientsMatchCentralDifferences()
    {
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(3), 10);
        var model = new TwoInTwoOutModel(seed: 4);
        model.Compile(TwoLosses, new SGD(0f), new Dictionary<string, float> { ["a"] = 0.3f, ["b"] = 2f });
        CheckGradients(model, Pack(model, "x", x1, x2), Pack(model, "y", ya, yb));
    }

    [Fact]
    public void TwoInTwoOut_TotalLossGradient_IsTheWeightedSumOfEachOutputsGradient()
    {
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(5), 12);
        float[] GradientWith(float wa, float wb)
        {
            var model = new TwoInTwoOutModel(seed: 7);
            model.Compile(TwoLosses, new SGD(0f), new Dictionary<string, float> { ["a"] = wa, ["b"] = wb });
            model.Fit(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, batchSize: 12, verbose: 0, shuffle: false);
            return model.Gradients.ToArray();
        }
        float[] onlyA = GradientWith(1, 0), onlyB = GradientWith(0, 1), both = GradientWith(0.3f, 2f);
        Assert.Contains(onlyA, g => g != 0);
        Assert.Contains(onlyB, g => g != 0);
        for (int i = 0; i < both.Length; i++)
        {
            double expected = 0.3 * onlyA[i] + 2.0 * onlyB[i];
            Assert.True(Math.Abs(both[i] - expected) <= 1e-6 + 1e-5 * Math.Abs(expected), $"gradient[{i}]: {both[i]}, weighted sum {expected}");
        }
    }

    [Fact]
    public void TwoInTwoOut_TotalLoss_IsTheWeightedSumOfTheReportedOutputLosses()
    {
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(8), 20);
        var model = new TwoInTwoOutModel(seed: 2);
        model.Compile(TwoLosses, new SGD(0f), new Dictionary<string, float> { ["a"] = 0.5f, ["b"] = 3f },
            new Dictionary<string, Metric[]> { ["a"] = [Metric.Accuracy] });
        var evaluation = model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, verbose: 0);
        Assert.Equal(0.5 * evaluation.Metrics["a_loss"] + 3 * evaluation.Metrics["b_loss"], evaluation.Loss, 5);
        Assert.InRange(evaluation.Metrics["a_accuracy"], 0, 1);
        Assert.Equal(["a_accuracy", "a_loss", "b_loss"], evaluation.Metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TwoInTwoOut_FitWithSeparateArrays_LowersBothLosses()
    {
        // a: which of x1's first two features is larger; b: the sum and difference of x2's first two.
        var rng = new Rng(21);
        const int count = 256;
        float[] x1 = Enumerable.Range(0, count * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] x2 = Enumerable.Range(0, count * 3).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] ya = Encoding.OneHot(Enumerable.Range(0, count).Select(i => x1[i * 4] > x1[i * 4 + 1] ? 0 : 1).ToArray(), 3);
        float[] yb = Enumerable.Range(0, count).SelectMany(i => new[] { x2[i * 3] + x2[i * 3 + 1], x2[i * 3] - x2[i * 3 + 1] }).ToArray();
        var model = new TwoInTwoOutModel(seed: 1);
        model.Compile(TwoLosses, new Adam(0.01f), metrics: new Dictionary<string, Metric[]> { ["a"] = [Metric.Accuracy] });
        var before = model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, verbose: 0);
        var history = model.Fit(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, epochs: 30, batchSize: 32, verbose: 0,
            callbacks: [new EarlyStopping("val_a_accuracy", patience: 100), new EarlyStopping("val_b_loss", patience: 100)],
            validationData: (new Samples[] { x1[..64], x2[..48] }, new Samples[] { ya[..48], yb[..32] }));
        var after = model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, verbose: 0);
        Assert.True(after.Metrics["a_loss"] < before.Metrics["a_loss"] / 2, $"a_loss {before.Metrics["a_loss"]} → {after.Metrics["a_loss"]}");
        Assert.True(after.Metrics["b_loss"] < before.Metrics["b_loss"] / 2, $"b_loss {before.Metrics["b_loss"]} → {after.Metrics["b_loss"]}");
        Assert.True(after.Metrics["a_accuracy"] > 0.9, $"a_accuracy {after.Metrics["a_accuracy"]}");
        Assert.Contains("b_loss", history.Values.Keys);
        Assert.Equal(30, history["val_a_accuracy"].Count);
        Assert.True(history["val_b_loss"][^1] < history["val_b_loss"][0], "validation b_loss did not fall");
    }

    [Fact]
    public void TwoInTwoOut_PredictIntoSpans_EqualsPackedPredict()
    {
        var (x1, x2, _, _) = TwoInTwoOutData(new Rng(9), 7);
        var model = new TwoInTwoOutModel(seed: 3);
        float[] a = new float[7 * 3], b = new float[7 * 2];
        model.Predict([x1, x2], [a, b]);
        float[] packed = new float[7 * TwoInTwoOutModel.OutputSize];
        model.Predict(Pack(model, "x", x1, x2), packed);
        for (int r = 0; r < 7; r++)
        {
            Assert.Equal(a.AsSpan(r * 3, 3).ToArray(), packed.AsSpan(r * 5, 3).ToArray());
            Assert.Equal(b.AsSpan(r * 2, 2).ToArray(), packed.AsSpan(r * 5 + 3, 2).ToArray());
        }
        float[][] arrays = model.Predict(new Samples[] { x1, x2 });
        Assert.Equal(a, arrays[0]);
        Assert.Equal(b, arrays[1]);
        Assert.Contains(a, v => v != 0);
    }

    [Fact]
    public void TwoInTwoOut_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(2), 16);
        var model = new TwoInTwoOutModel(seed: 3);
        model.Compile(TwoLosses, new Adam(), new Dictionary<string, float> { ["b"] = 0.5f });
        float[] a = new float[16 * 3], b = new float[16 * 2];
        float[] x = Pack(model, "x", x1, x2), y = Pack(model, "y", ya, yb);
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.Predict([x1, x2], [a, b]);
            model.TrainOnBatch(x, y);
        });
    }

    [Fact]
    public void TwoInTwoOut_ChunkedStep_MatchesOneChunk_AndDoesNotDependOnThreads()
    {
        // 128 rows make 4 chunks: each rearranges its own rows of both inputs and both label sets.
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(31), 128);
        (float[] Gradients, double Loss, double Evaluated) Step(int maxChunks, int threads)
        {
            var model = new TwoInTwoOutModel(seed: 9) { MaxChunks = maxChunks, Threads = threads };
            model.Compile(TwoLosses, new SGD(0f), new Dictionary<string, float> { ["a"] = 0.4f, ["b"] = 1.5f });
            double loss = model.TrainOnBatch(Pack(model, "x", x1, x2), Pack(model, "y", ya, yb));
            double evaluated = model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, batchSize: 128, verbose: 0).Loss;
            return (model.Gradients.ToArray(), loss, evaluated);
        }
        var one = Step(1, 1);
        var chunkedOneThread = Step(Model.DefaultMaxChunks, 1);
        var chunkedTwoThreads = Step(Model.DefaultMaxChunks, 2);
        Assert.Equal(chunkedOneThread.Gradients, chunkedTwoThreads.Gradients);
        Assert.Equal(one.Loss, chunkedOneThread.Loss, 5);
        Assert.Equal(one.Evaluated, chunkedOneThread.Evaluated, 5);
        Assert.Equal(one.Loss, one.Evaluated, 5);
        for (int i = 0; i < one.Gradients.Length; i++)
        {
            double g = one.Gradients[i];
            Assert.True(Math.Abs(chunkedOneThread.Gradients[i] - g) <= 1e-6 + 1e-5 * Math.Abs(g), $"gradient[{i}]: chunked {chunkedOneThread.Gradients[i]}, one chunk {g}");
        }
    }

    [Fact]
    public void WrongData_ThrowClearExceptions()
    {
        var (x1, x2, ya, yb) = TwoInTwoOutData(new Rng(4), 6);
        var model = new TwoInTwoOutModel(seed: 1);
        model.Compile(TwoLosses, new SGD());
        var oneInput = Assert.Throws<ArgumentException>(() => model.Fit(new Samples[] { x1 }, new Samples[] { ya, yb }, verbose: 0));
        Assert.Contains("Expected 2 x array(s), one per input (x1, x2), got 1", oneInput.Message);
        var oneLabel = Assert.Throws<ArgumentException>(() => model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya }, verbose: 0));
        Assert.Contains("Expected 2 y array(s), one per output (a, b), got 1", oneLabel.Message);
        var shortInput = Assert.Throws<ArgumentException>(() => model.Fit(new Samples[] { x1, x2[..^3] }, new Samples[] { ya, yb }, verbose: 0));
        Assert.Contains("x[0] ('x1') has 6, x[1] ('x2') has 5", shortInput.Message);
        var wideInput = Assert.Throws<ArgumentException>(() => model.Fit(new Samples[] { x1, x2[..^1] }, new Samples[] { ya, yb }, verbose: 0));
        Assert.Contains("x[1] ('x2')", wideInput.Message);
        var spans = Assert.Throws<ArgumentException>(() => model.Predict([x1], [new float[18], new float[12]]));
        Assert.Contains("Expected 2 input buffer(s) (x1, x2), got 1", spans.Message);
        var outputLength = Assert.Throws<ArgumentException>(() => model.Predict([x1, x2], [new float[18], new float[11]]));
        Assert.Contains("y[1] ('b') to hold 6 × 2 = 12 floats", outputLength.Message);
        Assert.Contains("one output; this one has 2 (a, b)", Assert.Throws<NotSupportedException>(() => model.PredictClasses(Pack(model, "x", x1, x2))).Message);
        var packedLabels = Assert.Throws<ArgumentException>(() => model.Fit(Pack(model, "x", x1, x2), ya, verbose: 0));
        Assert.Contains("a: categorical_crossentropy (3), b: mean_squared_error (2)", packedLabels.Message);
    }

    [Fact]
    public void CompileWithLossesByName_RejectsUnknownAndMissingOutputs()
    {
        var model = new TwoInTwoOutModel();
        var unknown = Assert.Throws<ArgumentException>(() =>
            model.Compile(new Dictionary<string, Loss> { ["a"] = Loss.MeanSquaredError, ["c"] = Loss.MeanSquaredError }, new SGD()));
        Assert.Contains("keyed by output name (\"a\", \"b\"), got \"c\"", unknown.Message);
        var missing = Assert.Throws<ArgumentException>(() => model.Compile(new Dictionary<string, Loss> { ["a"] = Loss.MeanSquaredError }, new SGD()));
        Assert.Contains("none for \"b\"", missing.Message);
        Assert.Throws<ArgumentException>(() => model.Compile(TwoLosses, new SGD(), new Dictionary<string, float> { ["z"] = 1 }));
    }

    [Fact]
    public void Siamese_SharedDense_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(6);
        float[] left = Enumerable.Range(0, 9 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] right = Enumerable.Range(0, 9 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 9 * 2).Select(_ => rng.NextSingle()).ToArray();
        var model = new SiameseModel(seed: 5);
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        CheckGradients(model, Pack(model, "x", left, right), y);
    }

    [Fact]
    public void Siamese_SharedWeightGradient_IsTheSumOverItsCallSites()
    {
        // The unshared twin with both encoders set to the shared weights computes the same function; each of its encoders'
        // gradients is one call site's share.
        var rng = new Rng(12);
        float[] left = Enumerable.Range(0, 8 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] right = Enumerable.Range(0, 8 * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 8 * 2).Select(_ => rng.NextSingle()).ToArray();
        var shared = new SiameseModel(seed: 3);
        var twin = new UnsharedPairModel(seed: 4);
        shared.EncoderKernel.CopyTo(twin.EncoderKernel);
        shared.EncoderKernel.CopyTo(twin.OtherKernel);
        shared.EncoderBias.CopyTo(twin.EncoderBias);
        shared.EncoderBias.CopyTo(twin.OtherBias);
        shared.DenseKernel.CopyTo(twin.DenseKernel);
        shared.DenseBias.CopyTo(twin.DenseBias);
        shared.Compile(Loss.MeanSquaredError, new SGD(0f));
        twin.Compile(Loss.MeanSquaredError, new SGD(0f));
        float[] x = Pack(shared, "x", left, right);
        Assert.Equal(shared.TrainOnBatch(x, y), twin.TrainOnBatch(x, y), 6);

        float[] g = shared.Gradients.ToArray(), t = twin.Gradients.ToArray();
        for (int i = 0; i < SiameseModel.EncoderKernelLength + SiameseModel.EncoderBiasLength; i++)
        {
            double sum = t[UnsharedPairModel.EncoderKernelOffset + i] + t[UnsharedPairModel.OtherKernelOffset + i];
            Assert.True(Math.Abs(g[SiameseModel.EncoderKernelOffset + i] - sum) <= 1e-6 + 1e-5 * Math.Abs(sum), $"encoder weight {i}: {g[i]} vs {sum}");
        }
        Assert.Contains(g, v => v != 0);
    }

    [Fact]
    public void SharedLayer_WeightsCountOnce_InParameterCountAndSummary()
    {
        Assert.Equal(UnsharedPairModel.ParameterCount - (4 * 3 + 3), SiameseModel.ParameterCount);
        var info = SiameseModel.ModelInfo;
        Assert.Equal(SiameseModel.ParameterCount, info.Layers.Sum(l => l.ParameterCount));
        Assert.Equal(SiameseModel.ParameterCount, info.Weights.Sum(w => w.Length));
        Assert.Single(info.Weights, w => w.Name == "encoder.kernel");
        Assert.Equal("encoder", info.Layers.Single(l => l.Name == "encoder_call").Shares);

        string summary = new SiameseModel().SummaryText();
        Assert.Contains("│ left (InputLayer)", summary);
        Assert.Contains("│ right (InputLayer)", summary);
        Assert.Matches(@"│ encoder \(Dense\) +│ \(None, 3\) +│ +15 │ left\[0\]\[0\], +│", summary);
        Assert.Contains("right[0][0]", summary);
        Assert.Contains("encoder[1][0]", summary); // the subtract reads the second call
        Assert.DoesNotContain("encoder_call", summary);
        Assert.Contains($" Total params: {SiameseModel.ParameterCount} ", summary);
    }

    [Fact]
    public void SharedConvOnTwoImageSizesAndSharedDenseChain_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(8);
        const int count = 5;
        float[] big = Enumerable.Range(0, count * 72).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] small = Enumerable.Range(0, count * 32).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] ySmall = Enumerable.Range(0, count * 2).Select(_ => rng.NextSingle()).ToArray();
        float[] yChain = Enumerable.Range(0, count * 3).Select(_ => rng.NextSingle()).ToArray();
        var model = new SharedConvChainModel(seed: 2);
        model.Compile(new Dictionary<string, Loss> { ["small_out"] = Loss.MeanSquaredError, ["chain"] = Loss.MeanAbsoluteError }, new SGD(0f),
            new Dictionary<string, float> { ["chain"] = 0.7f });
        CheckGradients(model, Pack(model, "x", big, small), Pack(model, "y", ySmall, yChain));
        Assert.Equal(57 + 12 + 8, SharedConvChainModel.ParameterCount);
        Assert.Contains("│ conv (Conv2D)       │ multiple", model.SummaryText());
    }

    [Fact]
    public void OutputReadThroughAView_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(14);
        float[] x = Enumerable.Range(0, 7 * 6).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] yc = Enumerable.Range(0, 7 * 4).Select(_ => rng.NextSingle()).ToArray();
        float[] ye = Enumerable.Range(0, 7 * 2).Select(_ => rng.NextSingle()).ToArray();
        var model = new OutputReadThroughViewModel(seed: 3);
        model.Compile(new Dictionary<string, Loss> { ["c"] = Loss.MeanSquaredError, ["e"] = Loss.MeanSquaredError }, new SGD(0f),
            new Dictionary<string, float> { ["c"] = 0.5f });
        CheckGradients(model, x, Pack(model, "y", yc, ye));
    }

    [Fact]
    public void ReuseBeforeTheLayerItCalls_GradientsMatchCentralDifferences_AndWeightsCountOnce()
    {
        var rng = new Rng(15);
        float[] a = Enumerable.Range(0, 8 * 3).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] b = Enumerable.Range(0, 8 * 3).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, 8 * 2).Select(_ => rng.NextSingle()).ToArray();
        var model = new ReuseBeforeLayerModel(seed: 3);
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        CheckGradients(model, Pack(model, "x", a, b), y);
        Assert.Equal(12 + 8, ReuseBeforeLayerModel.ParameterCount);
        Assert.Equal(["shared.kernel", "shared.bias", "dense.kernel", "dense.bias"], ReuseBeforeLayerModel.ModelInfo.Weights.Select(w => w.Name));
    }

    [Fact]
    public void NamedSingleInput_TrainsLikeAnyModel_AndKeepsItsShape()
    {
        Assert.Equal([5], NamedInputModel.ModelInfo.InputShape);
        Assert.Equal("pixels", NamedInputModel.ModelInfo.Inputs.Single().Name);
        var rng = new Rng(1);
        float[] x = Enumerable.Range(0, 10 * 5).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, 10).Select(i => i % 3).ToArray(), 3);
        var model = new NamedInputModel(seed: 4);
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
        CheckGradients(model, x, y);
    }

    /// <summary>Central differences of the compiled (total) loss against the analytic gradient, in the tolerance ModelGradientTests uses.</summary>
    private static void CheckGradients(Model model, float[] x, float[] y)
    {
        model.TrainOnBatch(x, y);
        var analytic = model.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0);
        const float h = 1e-2f;
        var parameters = model.Parameters;
        for (int i = 0; i < parameters.Length; i++)
        {
            float saved = parameters[i];
            parameters[i] = saved + h;
            double plus = model.Evaluate(x, y, batchSize: 1000, verbose: 0).Loss;
            parameters[i] = saved - h;
            double minus = model.Evaluate(x, y, batchSize: 1000, verbose: 0).Loss;
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * (double)h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"{model.GetType().Name} parameter {i}: analytic {analytic[i]}, central difference {numeric}");
        }
    }

    /// <summary>Rows of the given arrays side by side, as the packed Fit/Predict take them (labels here are dense: one per output float).</summary>
    private static float[] Pack(Model model, string what, params float[][] parts)
    {
        int[] widths = what == "x" ? model.Info.Inputs.Select(i => i.Size).ToArray() : model.Info.Outputs.Select(o => o.Size).ToArray();
        int count = parts[0].Length / widths[0];
        var packed = new List<float>();
        for (int r = 0; r < count; r++)
        {
            for (int k = 0; k < parts.Length; k++) packed.AddRange(parts[k].AsSpan(r * widths[k], widths[k]).ToArray());
        }
        return packed.ToArray();
    }

    private static (float[] X1, float[] X2, float[] Ya, float[] Yb) TwoInTwoOutData(Rng rng, int count)
    {
        float[] x1 = Enumerable.Range(0, count * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] x2 = Enumerable.Range(0, count * 3).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] ya = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        float[] yb = Enumerable.Range(0, count * 2).Select(_ => rng.NextSingle()).ToArray();
        return (x1, x2, ya, yb);
    }
}
