using GenNet.Tests.Models;
using GenNet.Tests.Onnx;
using GenNet.Tests.Support;

namespace GenNet.Tests.Vision;

/// <summary>
/// The vision2 layers (Conv2DTranspose, …) inside whole generated models: backward against central differences, no
/// allocation after warm-up, 1 and 2 threads bit for bit, ONNX Runtime against Predict, Keras' names and weight shapes.
/// </summary>
public class Vision2ModelTests
{
    public static TheoryData<string> ModelNames => new()
    {
        nameof(VisionTransposeModel), nameof(VisionTransposeReluModel),
    };

    internal static Model Create(string name, int seed = 4) => name switch
    {
        nameof(VisionTransposeModel) => new VisionTransposeModel(seed),
        nameof(VisionTransposeReluModel) => new VisionTransposeReluModel(seed),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Backward_MatchesCentralDifferences(string name)
    {
        Model model = Create(name);
        var (x, y) = VisionModelTests.Data(6, model.Info.InputSize, seed: 11);
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 2e-3f);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing(string name)
    {
        Model model = Create(name);
        model.Compile(Loss.CategoricalCrossentropy, new Adam());
        var (x, y) = VisionModelTests.Data(16, model.Info.InputSize, seed: 2);
        var output = new float[16 * model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, output), calls: 50);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }

    private static (float[] Weights, History History) Train(string name, int threads)
    {
        Model model = Create(name, seed: 3);
        model.Threads = threads;
        model.Output = TextWriter.Null;
        var (x, y) = VisionModelTests.Data(200, model.Info.InputSize, seed: 17);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.01f), Metric.Accuracy);
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

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void OnnxRuntimeMatchesPredict(string name)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            Model model = Create(name, seed);
            var random = new Random(seed);
            OnnxExportTests.Randomize(model, random);
            const int batch = 9;
            float[] x = OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
            var expected = new float[batch * model.Info.OutputSize];
            model.Predict(x, expected);

            float[] actual = OnnxExportTests.RunOnnx(model.ToOnnx(), model.Info, x, batch);

            Assert.Equal(expected.Length, actual.Length);
            double max = OnnxExportTests.MaxError(expected, actual, out double excess);
            Assert.True(excess <= 0, $"{name}: max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
            Assert.True(expected.All(float.IsFinite));
        }
    }

    [Fact]
    public void Conv2DTranspose_HasKerasNamesShapesAndOutputSizes()
    {
        ModelInfo info = new VisionTransposeModel(seed: 1).Info;
        Assert.Equal(new[] { "conv2d_transpose", "conv2d_transpose_1", "conv2d_transpose_2" },
            info.Layers.Where(l => l.TypeName == "Conv2DTranspose").Select(l => l.Name));
        WeightInfo[] w = info.Weights.Where(w => w.Name.StartsWith("conv2d_transpose", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "conv2d_transpose.kernel", "conv2d_transpose.bias", "conv2d_transpose_1.kernel", "conv2d_transpose_1.bias",
            "conv2d_transpose_2.kernel" }, w.Select(x => x.Name));
        Assert.Equal(new[] { 1, 2, 2, 2 }, w[0].Shape);   // (kh, kw, filters, in)
        Assert.Equal(new[] { 3, 3, 3, 3 }, w[2].Shape);
        Assert.Equal(new[] { 2, 2, 2, 3 }, w[4].Shape);
        // Keras: valid k=(1, 2) s=3 on (3, 4) → (9, 12); same op=0 k=3 s=2 on (4, 5) → (7, 9); same s=1 → unchanged.
        Assert.Equal(new[] { 9, 12, 2 }, info.Layers.Single(l => l.Name == "conv2d_transpose").OutputShape);
        Assert.Equal(new[] { 7, 9, 3 }, info.Layers.Single(l => l.Name == "conv2d_transpose_1").OutputShape);
        Assert.Equal(new[] { 7, 9, 2 }, info.Layers.Single(l => l.Name == "conv2d_transpose_2").OutputShape);
        // valid, op=1, k=3, s=2 on 4 → (4 − 1)·2 + 3 + 1 = 10.
        Assert.Equal(new[] { 10, 10, 3 }, new VisionTransposeReluModel().Info.Layers.Single(l => l.Name == "conv2d_transpose").OutputShape);
        Assert.Equal(1 * 2 * 2 * 2 + 2, info.Layers.Single(l => l.Name == "conv2d_transpose").ParameterCount);
    }
}
