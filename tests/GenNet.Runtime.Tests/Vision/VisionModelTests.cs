using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Vision;

/// <summary>
/// The vision layers inside whole generated models: backward against central differences, no allocation after warm-up,
/// and the same weights and History bit for bit on 1 and 2 threads.
/// </summary>
public class VisionModelTests
{
    public static TheoryData<string> ModelNames => new()
    {
        nameof(VisionActivationsModel), nameof(VisionSoftmaxAxisModel), nameof(VisionPReLUModel), nameof(VisionPaddingModel),
        nameof(VisionUpSamplingModel), nameof(VisionGraphModel), nameof(VisionNoiseModel), nameof(VisionDepthwiseModel),
        nameof(VisionFoldedModel),
    };

    /// <summary>The gradient check's models: the graph without its kinks (see <see cref="VisionSmoothGraphModel"/>).</summary>
    public static TheoryData<string> SmoothModelNames => new()
    {
        nameof(VisionActivationsModel), nameof(VisionSoftmaxAxisModel), nameof(VisionPReLUModel), nameof(VisionPaddingModel),
        nameof(VisionUpSamplingModel), nameof(VisionSmoothGraphModel), nameof(VisionNoiseFreeModel), nameof(VisionDepthwiseModel),
    };

    internal static Model Create(string name, int seed = 4) => name switch
    {
        nameof(VisionSmoothGraphModel) => new VisionSmoothGraphModel(seed),
        nameof(VisionNoiseModel) => new VisionNoiseModel(seed),
        nameof(VisionDepthwiseModel) => new VisionDepthwiseModel(seed),
        nameof(VisionFoldedModel) => new VisionFoldedModel(seed),
        nameof(VisionNoiseFreeModel) => new VisionNoiseFreeModel(seed),
        nameof(VisionActivationsModel) => new VisionActivationsModel(seed),
        nameof(VisionSoftmaxAxisModel) => new VisionSoftmaxAxisModel(seed),
        nameof(VisionPReLUModel) => new VisionPReLUModel(seed),
        nameof(VisionPaddingModel) => new VisionPaddingModel(seed),
        nameof(VisionUpSamplingModel) => new VisionUpSamplingModel(seed),
        nameof(VisionGraphModel) => new VisionGraphModel(seed),
        nameof(VisionThresholdReluModel) => new VisionThresholdReluModel(seed),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Rows in [−1, 1] with three classes by the sign of their sum.</summary>
    internal static (float[] X, float[] Y) Data(int count, int inputSize, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new float[count * inputSize];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < inputSize; j++) sum += x[i * inputSize + j] = rng.NextSingle() * 2 - 1;
            labels[i] = sum < -0.3f * MathF.Sqrt(inputSize) ? 0 : sum < 0.3f * MathF.Sqrt(inputSize) ? 1 : 2;
        }
        return (x, Encoding.OneHot(labels, 3));
    }

    [Theory]
    [MemberData(nameof(SmoothModelNames))]
    public void Backward_MatchesCentralDifferences(string name)
    {
        Model model = Create(name);
        var (x, y) = Data(6, model.Info.InputSize, seed: 11);
        // Kinks of relu/leaky relu/PReLU lie near few inputs; a small step keeps central differences on one side.
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 2e-3f);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing(string name)
    {
        Model model = Create(name);
        model.Compile(Loss.CategoricalCrossentropy, new Adam());
        var (x, y) = Data(16, model.Info.InputSize, seed: 2);
        var output = new float[16 * model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, output), calls: 50);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }

    private static (float[] Weights, History History) Train(string name, int threads)
    {
        Model model = Create(name, seed: 3);
        model.Threads = threads;
        model.Output = TextWriter.Null;
        var (x, y) = Data(200, model.Info.InputSize, seed: 17);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.01f), Metric.Accuracy);
        // Batches of 128 rows train as 4 chunks of 32 (the last one, 32 rows, as one); validation is chunked too.
        var history = model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return (model.Parameters.ToArray(), history);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Fit_OneAndTwoThreads_SameWeightsAndHistoryBitForBit(string name)
    {
        var (expected, expectedHistory) = Train(name, threads: 1);
        var (actual, actualHistory) = Train(name, threads: 2);
        Assert.Equal(expected, actual);
        Assert.Equal(expectedHistory.Values.Keys.Order(), actualHistory.Values.Keys.Order());
        foreach (var (key, values) in expectedHistory.Values) Assert.Equal(values, actualHistory.Values[key]);
    }

    [Fact]
    public void Summary_NamesTheLayersAsKeras()
    {
        var types = new VisionGraphModel().Info.Layers.Select(l => $"{l.Name}:{l.TypeName}").ToArray();
        Assert.Contains("rescaling:Rescaling", types);
        Assert.Contains("zero_padding2d:ZeroPadding2D", types);
        Assert.Contains("up:UpSampling2D", types);
        Assert.Contains("cropping2d:Cropping2D", types);
        Assert.Contains("prelu:PReLU", types);
        Assert.Contains("elu:ELU", types);
        Assert.Contains("leaky_re_lu:LeakyReLU", types);
        Assert.Contains("softmax:Softmax", types);
        Assert.Contains("re_lu:ReLU", types);
        Assert.Contains("softmax_1:Softmax", types);
    }

    [Fact]
    public void PReLU_AlphaHasKerasShapeAndParameterCount()
    {
        var info = new VisionPReLUModel().Info;
        WeightInfo[] alphas = info.Weights.Where(w => w.Name.EndsWith(".alpha", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "p_re_lu.alpha", "p_re_lu_1.alpha", "p_re_lu_2.alpha" }, alphas.Select(a => a.Name));
        Assert.Equal(new[] { 1, 1, 3 }, alphas[0].Shape);   // (3, 3, 3) with axes 1, 2 shared
        Assert.Equal(new[] { 2, 2, 1 }, alphas[1].Shape);   // (2, 2, 2) with axis 3 shared
        Assert.Equal(new[] { 5 }, alphas[2].Shape);
        Assert.Equal(3, info.Layers.Single(l => l.Name == "p_re_lu").ParameterCount);
    }

    [Fact]
    public void NoiseLayers_AreTheIdentityInInference_AndNotInTraining()
    {
        var model = new VisionNoiseOutputModel(seed: 1);
        float[] x = { 0.5f, -1f, 2f, 0f, 1f, 1f, 1f, 1f };
        var y = new float[8];
        model.Predict(x, y);
        Assert.Equal(x, y);
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(x, new float[8]);   // the training forward adds noise; the loss sees it
        double inference = model.Evaluate(x, new float[8], verbose: 0).Loss;
        Assert.Equal(x.Select(v => (double)v * v).Sum() / 8, inference, 5);

        var noisy = new VisionNoiseModel(seed: 2);
        Assert.Equal(new[] { "SpatialDropout2D", "GaussianNoise" }, noisy.Info.Layers.Skip(1).Take(2).Select(l => l.TypeName));
    }

    [Fact]
    public void DepthwiseConv2D_WeightsHaveKerasNamesShapesAndCounts()
    {
        var model = new VisionDepthwiseModel(seed: 1);
        ModelInfo info = model.Info;
        Assert.Equal(new[] { "depthwise_conv2d", "depthwise_conv2d_1", "depthwise_conv2d_2" },
            info.Layers.Where(l => l.TypeName == "DepthwiseConv2D").Select(l => l.Name));
        WeightInfo[] w = info.Weights.Where(w => w.Name.StartsWith("depthwise_conv2d", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "depthwise_conv2d.depthwise_kernel", "depthwise_conv2d.bias", "depthwise_conv2d_1.depthwise_kernel",
            "depthwise_conv2d_1.bias", "depthwise_conv2d_2.depthwise_kernel" }, w.Select(x => x.Name));
        Assert.Equal(new[] { 3, 3, 3, 1 }, w[0].Shape);
        Assert.Equal(new[] { 3 }, w[1].Shape);
        Assert.Equal(new[] { 2, 3, 3, 2 }, w[2].Shape);
        Assert.Equal(new[] { 6 }, w[3].Shape);
        Assert.Equal(new[] { 2, 2, 6, 1 }, w[4].Shape);
        Assert.Equal(30, info.Layers.Single(l => l.Name == "depthwise_conv2d").ParameterCount);
    }
}
