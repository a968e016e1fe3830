using GenNet.Kernels;
using GenNet.Quantization;
using GenNet.Tests.Support;

namespace GenNet.Tests.Quantization;

/// <summary>
/// The quantized model against an independent reference of the scheme (naive loops, int64 sums, the same float
/// requantization), against the float model, across thread counts, and for allocations.
/// </summary>
public class QuantizedModelTests
{
    internal static T Randomized<T>(T model, int seed) where T : Model
    {
        GenNet.Tests.Onnx.OnnxExportTests.Randomize(model, new Random(seed));
        return model;
    }

    internal static float[] Inputs(int count, int size, int seed) => GenNet.Tests.Onnx.OnnxExportTests.RandomInputs(count * size, new Random(seed));

    [Fact]
    public void Mlp_MatchesTheReferenceExactly_AndTheFloatModelClosely()
    {
        var model = Randomized(new QuantMlpLogits(1), 11);
        CheckAgainstReference(model, Inputs(2000, 12, 1), Inputs(37, 12, 2));
    }

    [Fact]
    public void Conv_WithSamePaddingStridesAndAnActivationLayer_MatchesTheReferenceExactly()
    {
        var model = Randomized(new QuantConv(2), 12);
        CheckAgainstReference(model, Inputs(200, 162, 3), Inputs(19, 162, 4));
    }

    [Fact]
    public void ConvolutionsWithFusedPooling_MatchTheReferenceExactly_OnOneAndTwoThreads()
    {
        var model = Randomized(new QuantConvPool(2), 14);
        CheckAgainstReference(model, Inputs(300, 546, 9), Inputs(23, 546, 10));
        var q = model.Quantize(Inputs(300, 546, 9));
        // Both poolings run inside their convolutions wherever the in-place kernels run.
        Assert.Equal(Int8Gemm.Best is Int8GemmPath.AvxVnni or Int8GemmPath.Avx512BW, q.RunsInsidePrevious(1) && q.RunsInsidePrevious(3));
        float[] x = Inputs(150, 546, 11);
        float[] one = OneAndTwoThreadsAgree(q, x);
        Allocations.AssertNoneAfterWarmUp(() => q.Predict(x, one));
    }

    // Predicts x on 1 and on 2 threads, asserts the outputs are the same bits and returns them.
    private static float[] OneAndTwoThreadsAgree(QuantizedModel q, float[] x)
    {
        int count = x.Length / q.Info.InputSize;
        var one = new float[count * q.Info.OutputSize];
        var two = new float[one.Length];
        q.Threads = 1;
        q.Predict(x, one);
        q.Threads = 2;
        q.Predict(x, two);
        Assert.Equal(one, two);
        return one;
    }

    [Fact]
    public void SoftmaxHead_IsTheSoftmaxOfTheQuantizedLogits()
    {
        var logits = Randomized(new QuantMlpLogits(1), 11);
        var softmax = new QuantMlp(1);
        logits.Parameters.CopyTo(softmax.Parameters);
        float[] calibration = Inputs(100, 12, 5), x = Inputs(9, 12, 6);
        var z = new float[9 * 3];
        var p = new float[9 * 3];
        logits.Quantize(calibration).Predict(x, z);
        softmax.Quantize(calibration).Predict(x, p);
        var expected = new float[z.Length];
        GenNet.Kernels.Activations.Softmax(z, expected, 3);
        Assert.Equal(expected, p);
    }

    private static void CheckAgainstReference(Model model, float[] calibration, float[] x)
    {
        QuantizedModel q = model.Quantize(calibration);
        int count = x.Length / model.Info.InputSize, outputs = model.Info.OutputSize;
        var actual = new float[count * outputs];
        q.Predict(x, actual);
        double[] expected = Reference(q, x);
        for (int i = 0; i < actual.Length; i++) Assert.Equal((float)expected[i], actual[i]);

        // Quantization error against the float model: within a few percent of the output's range.
        var fp32 = new float[actual.Length];
        model.Predict(x, fp32);
        float range = fp32.Max() - fp32.Min();
        float worst = fp32.Zip(actual, (a, b) => MathF.Abs(a - b)).Max();
        Assert.True(worst < 0.05f * range, $"quantized outputs differ from fp32 by up to {worst} (output range {range})");
    }

    /// <summary>
    /// The scheme from its definition, one sample at a time: bytes q = clamp(round(x/s) + z); for a Dense or Conv2D
    /// output channel c, the exact sum S = bias_c + Σ (q_in − z_in)·w_q (padding contributes 0.0, i.e. q = z_in) in int64;
    /// then bytes clamp(round(S · m_c) + z_out, relu ? z_out : 0, 255), or for the last layer S · scale_c.
    /// </summary>
    internal static double[] Reference(QuantizedModel q, float[] x)
    {
        int inputSize = q.Info.InputSize, count = x.Length / inputSize;
        var result = new List<double>();
        for (int s = 0; s < count; s++)
        {
            int[] bytes = x.Skip(s * inputSize).Take(inputSize).Select(v => (int)Math.Clamp(MathF.Round(v / q.InputScale) + q.InputZeroPoint, 0f, 255f)).ToArray();
            foreach (QuantizedLayer layer in q.Layers)
            {
                PlanLayer p = layer.Plan;
                if (p.Kind == PlanKind.MaxPool)
                {
                    bytes = ReferenceMaxPool(bytes, p.Pool);
                    continue;
                }
                long[] sums = p.Kind == PlanKind.Dense ? DenseSums(layer, bytes) : ConvSums(layer, bytes);
                int n = p.Channels;
                if (layer.IsLast)
                {
                    result.AddRange(sums.Select((v, i) => (double)((float)(int)v * layer.Multiplier[i % n])));
                    break;
                }
                int low = p.Activation == "relu" ? layer.OutputZeroPoint : 0;
                bytes = sums.Select((v, i) => (int)Math.Clamp(MathF.Round((float)(int)v * layer.Multiplier[i % n]) + layer.OutputZeroPoint, low, 255f)).ToArray();
            }
        }
        return result.ToArray();
    }

    private static long[] DenseSums(QuantizedLayer layer, int[] x)
    {
        int k = layer.Plan.Inputs, n = layer.Plan.Channels;
        var sums = new long[n];
        for (int c = 0; c < n; c++)
        {
            long s = layer.Bias[c];
            for (int p = 0; p < k; p++) s += (x[p] - layer.InputZeroPoint) * (long)layer.Weights[p * n + c];
            sums[c] = s;
        }
        return sums;
    }

    private static long[] ConvSums(QuantizedLayer layer, int[] x)
    {
        Conv2DGeometry g = layer.Plan.Conv;
        var sums = new long[g.OutputSize];
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
                for (int f = 0; f < g.Filters; f++)
                {
                    long s = layer.Bias[f];
                    for (int a = 0; a < g.KernelHeight; a++)
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int h = i * g.StrideH - g.PadTop + a * g.DilationH, w = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if (h < 0 || h >= g.Height || w < 0 || w >= g.Width) continue;
                            for (int ch = 0; ch < g.Channels; ch++)
                                s += (x[(h * g.Width + w) * g.Channels + ch] - layer.InputZeroPoint)
                                    * (long)layer.Weights[((a * g.KernelWidth + b) * g.Channels + ch) * g.Filters + f];
                        }
                    sums[(i * g.OutWidth + j) * g.Filters + f] = s;
                }
        return sums;
    }

    private static int[] ReferenceMaxPool(int[] x, PoolGeometry g)
    {
        var y = new int[g.OutputSize];
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
                for (int ch = 0; ch < g.Channels; ch++)
                {
                    int m = 0;
                    for (int a = 0; a < g.PoolHeight; a++)
                        for (int b = 0; b < g.PoolWidth; b++)
                        {
                            int h = i * g.StrideH - g.PadTop + a, w = j * g.StrideW - g.PadLeft + b;
                            if (h >= 0 && h < g.Height && w >= 0 && w < g.Width) m = Math.Max(m, x[(h * g.Width + w) * g.Channels + ch]);
                        }
                    y[(i * g.OutWidth + j) * g.Channels + ch] = m;
                }
        return y;
    }

    [Fact]
    public void WeightScales_ArePerOutputChannel_AndWeightsSymmetricInt8()
    {
        var model = Randomized(new QuantConv(2), 12);
        var q = model.Quantize(Inputs(50, 162, 3));
        foreach (QuantizedLayer layer in q.Layers.Where(l => l.Plan.Kind != PlanKind.MaxPool))
        {
            int n = layer.Plan.Channels, k = layer.Plan.Depth;
            Assert.Equal(n, layer.WeightScales.Length);
            for (int c = 0; c < n; c++)
            {
                // The largest weight of each channel maps to ±127; no weight is −128.
                int max = Enumerable.Range(0, k).Max(p => Math.Abs((int)layer.Weights[p * n + c]));
                Assert.Equal(127, max);
                Assert.All(Enumerable.Range(0, k), p => Assert.True(layer.Weights[p * n + c] >= -127));
                Assert.InRange(layer.WeightScales[c], 0.999f * Enumerable.Range(0, k).Max(p => MathF.Abs(layer.Plan.Kernel![p * n + c])) / 127f, 1.001f * Enumerable.Range(0, k).Max(p => MathF.Abs(layer.Plan.Kernel![p * n + c])) / 127f);
            }
        }
        // A relu output starts at 0: zero point 0.
        Assert.Equal(0, q.Layers.Single(l => l.Plan.Name == "dense").OutputZeroPoint);
    }

    [Fact]
    public void OneAndTwoThreads_AreBitIdentical()
    {
        var model = Randomized(new QuantConv(3), 13);
        var q = model.Quantize(Inputs(100, 162, 7));
        float[] x = Inputs(300, 162, 8);
        float[] one = OneAndTwoThreadsAgree(q, x);
        // And a sample alone gives what it gives in a batch.
        var single = new float[4];
        q.Predict(x.AsSpan(162 * 123, 162), single);
        Assert.Equal(one.AsSpan(4 * 123, 4).ToArray(), single);
    }

    [Fact]
    public void Predict_AfterWarmUp_AllocatesNothing_OnOneAndTwoThreads()
    {
        var model = Randomized(new QuantConv(3), 13);
        var q = model.Quantize(Inputs(100, 162, 7));
        float[] x = Inputs(200, 162, 8);
        var y = new float[200 * 4];
        var single = new float[4];
        foreach (int threads in new[] { 1, 2 })
        {
            q.Threads = threads;
            Allocations.AssertNoneAfterWarmUp(() =>
            {
                q.Predict(x, y);
                q.Predict(x.AsSpan(0, 162), single);
            });
        }
    }

    [Fact]
    public void UnsupportedLayers_AreNamedInTheError()
    {
        var tanh = Assert.Throws<NotSupportedException>(() => new QuantTanh(1).Quantize(new float[8]));
        Assert.Contains("'dense'", tanh.Message);
        Assert.Contains("tanh", tanh.Message);
        var bn = Assert.Throws<NotSupportedException>(() => new QuantBatchNorm(1).Quantize(new float[8]));
        Assert.Contains("'batch_normalization' (BatchNormalization)", bn.Message);
        var flat = Assert.Throws<NotSupportedException>(() => new QuantFlatSoftmax(1).Quantize(new float[16]));
        Assert.Contains("'activation' (Activation)", flat.Message);
    }

    [Fact]
    public void Predict_WrongSizes_Throw()
    {
        var q = new QuantMlp(1).Quantize(Inputs(4, 12, 1));
        Assert.Throws<ArgumentException>(() => q.Predict(new float[13], new float[3]));
        Assert.Throws<ArgumentException>(() => q.Predict(new float[12], new float[4]));
        Assert.Throws<ArgumentException>(() => new QuantMlp(1).Quantize(new float[5]));
    }
}
