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
        nameof(VisionTransposeModel), nameof(VisionTransposeReluModel), nameof(VisionSeparableModel), nameof(VisionGroupedModel), nameof(VisionAxisStridesModel), nameof(VisionAxisPoolingModel),
        nameof(VisionAxisDilationModel), nameof(VisionSubPixelDecoderModel),
    };

    /// <summary>The gradient check's models: <see cref="VisionAxisPoolingModel"/>'s max pool replaced by its smooth version.</summary>
    public static TheoryData<string> SmoothModelNames => new()
    {
        nameof(VisionTransposeModel), nameof(VisionTransposeReluModel), nameof(VisionSeparableModel), nameof(VisionGroupedModel),
        nameof(VisionAxisStridesModel), nameof(VisionAxisAveragePoolingModel), nameof(VisionAxisDilationModel), nameof(VisionSubPixelDecoderModel),
    };

    internal static Model Create(string name, int seed = 4) => name switch
    {
        nameof(VisionTransposeModel) => new VisionTransposeModel(seed),
        nameof(VisionTransposeReluModel) => new VisionTransposeReluModel(seed),
        nameof(VisionSeparableModel) => new VisionSeparableModel(seed),
        nameof(VisionGroupedModel) => new VisionGroupedModel(seed),
        nameof(VisionAxisStridesModel) => new VisionAxisStridesModel(seed),
        nameof(VisionAxisPoolingModel) => new VisionAxisPoolingModel(seed),
        nameof(VisionAxisAveragePoolingModel) => new VisionAxisAveragePoolingModel(seed),
        nameof(VisionAxisDilationModel) => new VisionAxisDilationModel(seed),
        nameof(VisionSubPixelDecoderModel) => new VisionSubPixelDecoderModel(seed),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(SmoothModelNames))]
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

    /// <summary>
    /// Inference applies a relu Conv2DTranspose's relu as the kernel stores its outputs (z is not kept); the training forward
    /// keeps z and runs the relu after. The outputs are the same bits.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void FusedReluInference_EqualsTrainingForward_BitForBit(int batch)
    {
        var model = new VisionSubPixelDecoderModel(seed: 6);
        var random = new Random(6);
        OnnxExportTests.Randomize(model, random);
        float[] x = OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
        var inference = new float[batch * model.Info.OutputSize];
        model.Predict(x, inference);

        var activations = new float[batch * model.Info.ActivationsPerSample];
        var scratch = new float[model.Info.ScratchSize];
        model.RunForward(x, activations, scratch, batch, training: true, random: null);
        float[] training = activations.AsSpan(model.Info.OutputOffset * batch, batch * model.Info.OutputSize).ToArray();
        Assert.Equal(training.Select(BitConverter.SingleToInt32Bits), inference.Select(BitConverter.SingleToInt32Bits));
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

    [Fact]
    public void SeparableConv2D_HasKerasNamesShapesAndOrder()
    {
        ModelInfo info = new VisionSeparableModel(seed: 1).Info;
        Assert.Equal(new[] { "separable_conv2d", "separable_conv2d_1", "separable_conv2d_2" },
            info.Layers.Where(l => l.TypeName == "SeparableConv2D").Select(l => l.Name));
        WeightInfo[] w = info.Weights.Where(w => w.Name.StartsWith("separable_conv2d", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "separable_conv2d.depthwise_kernel", "separable_conv2d.pointwise_kernel", "separable_conv2d.bias",
            "separable_conv2d_1.depthwise_kernel", "separable_conv2d_1.pointwise_kernel", "separable_conv2d_1.bias",
            "separable_conv2d_2.depthwise_kernel", "separable_conv2d_2.pointwise_kernel" }, w.Select(x => x.Name));
        Assert.Equal(new[] { 3, 3, 3, 1 }, w[0].Shape);
        Assert.Equal(new[] { 1, 1, 3, 4 }, w[1].Shape);
        Assert.Equal(new[] { 4 }, w[2].Shape);
        Assert.Equal(new[] { 2, 3, 4, 2 }, w[3].Shape);
        Assert.Equal(new[] { 1, 1, 8, 5 }, w[4].Shape);
        Assert.Equal(new[] { 2, 2, 5, 1 }, w[6].Shape);
        Assert.Equal(new[] { 1, 1, 5, 3 }, w[7].Shape);
        Assert.Equal(new[] { 3, 3, 5 }, info.Layers.Single(l => l.Name == "separable_conv2d_1").OutputShape);
        Assert.Equal(27 + 12 + 4, info.Layers.Single(l => l.Name == "separable_conv2d").ParameterCount);
    }

    /// <summary>
    /// Ground truth by composition: Keras defines SeparableConv2D as the depthwise convolution (no bias) followed by the
    /// pointwise 1×1 one, so with the same weights it equals DepthwiseConv2D(UseBias = false) + Conv2D(1×1) — whose kernels
    /// are checked against float64 references — in Predict and in every weight gradient.
    /// </summary>
    [Fact]
    public void SeparableConv2D_EqualsDepthwiseThenPointwise_InPredictAndGradients()
    {
        var separable = new VisionSeparableOnlyModel(seed: 5);
        var reference = new VisionSeparableReferenceModel(seed: 6);
        var random = new Random(3);
        OnnxExportTests.Randomize(separable, random);
        separable.Parameters.CopyTo(reference.Parameters);   // same order: depthwise kernel, pointwise (= 1×1 conv) kernel, bias
        const int batch = 4;
        float[] x = OnnxExportTests.RandomInputs(batch * separable.Info.InputSize, random);
        var expected = new float[batch * reference.Info.OutputSize];
        var actual = new float[batch * separable.Info.OutputSize];
        reference.Predict(x, expected);
        separable.Predict(x, actual);
        Assert.True(OnnxExportTests.MaxError(expected, actual, out double excess) >= 0 && excess <= 0, "Predict differs");

        float[] y = OnnxExportTests.RandomInputs(batch * separable.Info.OutputSize, random).Select(v => v * v).ToArray();
        separable.Compile(Loss.MeanSquaredError, new SGD(0f));
        reference.Compile(Loss.MeanSquaredError, new SGD(0f));
        separable.TrainOnBatch(x, y);
        reference.TrainOnBatch(x, y);
        OnnxExportTests.MaxError(reference.Gradients.ToArray(), separable.Gradients.ToArray(), out double gradientExcess);
        Assert.True(gradientExcess <= 0, "weight gradients differ");
    }

    /// <summary>
    /// Forward and backward against float64 from Keras' definition, written here (no fixture has the layer): on
    /// <see cref="VisionSeparableOnlyModel"/> (3×3 depthwise, multiplier 2, stride 2, "same" → (3, 3, 6), pointwise to 4, relu),
    /// <c>d = depthwise(x)</c>, <c>z = d·P + b</c>, <c>y = relu(z)</c>, and for the mean squared error
    /// <c>dL/dy = 2(y − t)/count</c> back through relu, the pointwise product and the depthwise taps.
    /// </summary>
    [Fact]
    public void SeparableConv2D_ForwardAndBackward_MatchFloat64()
    {
        var model = new VisionSeparableOnlyModel(seed: 5);
        var random = new Random(8);
        OnnxExportTests.Randomize(model, random);
        const int batch = 3, H = 6, W = 5, C = 3, M = 2, K = 3, S = 2, OH = 3, OW = 3, F = 4, CM = C * M;
        float[] p = model.Parameters.ToArray();
        float[] x = OnnxExportTests.RandomInputs(batch * H * W * C, random);
        float[] t = OnnxExportTests.RandomInputs(batch * OH * OW * F, random);
        // Keras "same" on 6 (k 3, s 2): out 3, total max((3 − 1)·2 + 3 − 6, 0) = 1, ⌊1/2⌋ = 0 before; on 5: total 2, 1 before.
        int[] pad = { 0, 1 };
        double Dk(int a, int b, int c, int m) => p[((a * K + b) * C + c) * M + m];
        double Pw(int k, int f) => p[K * K * C * M + k * F + f];
        double Bias(int f) => p[K * K * C * M + CM * F + f];
        var d = new double[batch, OH, OW, CM];
        var z = new double[batch, OH, OW, F];
        var yWant = new double[batch * OH * OW * F];
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < OH; i++)
        for (int j = 0; j < OW; j++)
        {
            for (int c = 0; c < C; c++)
            for (int m = 0; m < M; m++)
            for (int a = 0; a < K; a++)
            for (int b = 0; b < K; b++)
            {
                int ih = i * S - pad[0] + a, iw = j * S - pad[1] + b;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                d[n, i, j, c * M + m] += x[((n * H + ih) * W + iw) * C + c] * Dk(a, b, c, m);
            }
            for (int f = 0; f < F; f++)
            {
                double sum = Bias(f);
                for (int k = 0; k < CM; k++) sum += d[n, i, j, k] * Pw(k, f);
                z[n, i, j, f] = sum;
                yWant[((n * OH + i) * OW + j) * F + f] = Math.Max(sum, 0);
            }
        }
        var y = new float[batch * OH * OW * F];
        model.Predict(x, y);
        Fixtures.AssertClose(yWant, y, 1e-6, 1e-5, "y");

        var gradWant = new double[p.Length];
        int count = batch * OH * OW * F;
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < OH; i++)
        for (int j = 0; j < OW; j++)
        {
            var gd = new double[CM];
            for (int f = 0; f < F; f++)
            {
                int at = ((n * OH + i) * OW + j) * F + f;
                double gz = z[n, i, j, f] > 0 ? 2 * (yWant[at] - t[at]) / count : 0;
                gradWant[K * K * C * M + CM * F + f] += gz;
                for (int k = 0; k < CM; k++)
                {
                    gradWant[K * K * C * M + k * F + f] += d[n, i, j, k] * gz;
                    gd[k] += gz * Pw(k, f);
                }
            }
            for (int c = 0; c < C; c++)
            for (int m = 0; m < M; m++)
            for (int a = 0; a < K; a++)
            for (int b = 0; b < K; b++)
            {
                int ih = i * S - pad[0] + a, iw = j * S - pad[1] + b;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                gradWant[((a * K + b) * C + c) * M + m] += x[((n * H + ih) * W + iw) * C + c] * gd[c * M + m];
            }
        }
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(x, t);
        Fixtures.AssertClose(gradWant, model.Gradients, 1e-6, 1e-5, "weight gradients");
    }

    [Fact]
    public void GroupedConv2D_KernelHasKerasShape()
    {
        ModelInfo info = new VisionGroupedModel(seed: 1).Info;
        WeightInfo[] w = info.Weights.Where(w => w.Name.EndsWith(".kernel", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { 3, 3, 2, 6 }, w[0].Shape);   // (kh, kw, in/groups, filters)
        Assert.Equal(new[] { 2, 3, 2, 6 }, w[1].Shape);
        Assert.Equal(new[] { 2, 2, 2, 3 }, w[2].Shape);
        Assert.Equal("2", info.Layers.Single(l => l.Name == "conv2d").Config["groups"]);
    }

    [Fact]
    public void AxisDilation_GivesKerasShapesAndConfig()
    {
        ModelInfo info = new VisionAxisDilationModel(seed: 1).Info;
        // (10, 9): same → (10, 9); valid 2×2 dilated (1, 2), effective (2, 3) → (9, 7); same → (9, 7); transposed valid
        // k=3 s=2 dilated (2, 1), effective (5, 3), output padding (1, 0): (8·2 + 5 + 1, 6·2 + 3 + 0) = (22, 15); same s=1 keeps it.
        Assert.Equal(new[] { 10, 9, 3 }, info.Layers.Single(l => l.Name == "conv2d").OutputShape);
        Assert.Equal(new[] { 9, 7, 3 }, info.Layers.Single(l => l.Name == "depthwise_conv2d").OutputShape);
        Assert.Equal(new[] { 9, 7, 3 }, info.Layers.Single(l => l.Name == "separable_conv2d").OutputShape);
        Assert.Equal(new[] { 22, 15, 2 }, info.Layers.Single(l => l.Name == "conv2d_transpose").OutputShape);
        Assert.Equal(new[] { 22, 15, 2 }, info.Layers.Single(l => l.Name == "conv2d_transpose_1").OutputShape);
        Assert.Equal("2,1", info.Layers.Single(l => l.Name == "conv2d").Config["dilation_rate"]);
        Assert.Equal("1,2", info.Layers.Single(l => l.Name == "depthwise_conv2d").Config["dilation_rate"]);
        Assert.Equal("2,1", info.Layers.Single(l => l.Name == "conv2d_transpose").Config["dilation_rate"]);
        Assert.Equal("1,0", info.Layers.Single(l => l.Name == "conv2d_transpose").Config["output_padding"]);
        Assert.Equal("2,2", info.Layers.Single(l => l.Name == "conv2d_transpose_1").Config["dilation_rate"]);
        Assert.Equal("None", info.Layers.Single(l => l.Name == "conv2d_transpose_1").Config["output_padding"]);
    }

    [Fact]
    public void AxisStrides_GiveKerasShapesAndConfig()
    {
        ModelInfo info = new VisionAxisStridesModel(seed: 1).Info;
        // same (2, 1) on (9, 8) → (5, 8); valid 2×2 (1, 2) → (4, 4); same (2, 1) → (2, 4); transposed same (1, 2) → (2, 8).
        Assert.Equal(new[] { 5, 8, 4 }, info.Layers.Single(l => l.Name == "conv2d").OutputShape);
        Assert.Equal(new[] { 4, 4, 4 }, info.Layers.Single(l => l.Name == "depthwise_conv2d").OutputShape);
        Assert.Equal(new[] { 2, 4, 3 }, info.Layers.Single(l => l.Name == "separable_conv2d").OutputShape);
        Assert.Equal(new[] { 2, 8, 2 }, info.Layers.Single(l => l.Name == "conv2d_transpose").OutputShape);
        Assert.Equal("2,1", info.Layers.Single(l => l.Name == "conv2d").Config["strides"]);
        Assert.Equal("1,2", info.Layers.Single(l => l.Name == "conv2d_transpose").Config["strides"]);
        // (7, 8) → max 2×2 strides (1, 2) valid → (6, 4) → average 3×2 strides (2, 1) same → (3, 4).
        ModelInfo pooling = new VisionAxisPoolingModel(seed: 1).Info;
        Assert.Equal(new[] { 6, 4, 3 }, pooling.Layers.Single(l => l.Name == "max_pooling2d").OutputShape);
        Assert.Equal(new[] { 3, 4, 3 }, pooling.Layers.Single(l => l.Name == "average_pooling2d").OutputShape);
    }
}
