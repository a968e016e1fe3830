using GenNet.Kernels;
using GenNet.Tests.Models;

namespace GenNet.Tests.Sequence;

/// <summary>ZeroPadding1D in the middle of a stack (its input gradient is generated), and grouped Conv1D: a plain group split and one group per channel.</summary>
[Sequential(8, 4)]
[Conv1D(4, 3, Padding = "same", Activation = Act.Relu)]
[ZeroPadding1D(2, 1)]
[Conv1D(6, 3, Groups = 2, Activation = Act.Tanh)]
[ZeroPadding1D]
[Conv1D(3, 2, Groups = 3, UseBias = false)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class ZeroPadding1DStackModel { }

/// <summary>ZeroPadding1D alone, as the first layer (no input gradient).</summary>
[Sequential(5, 3)]
[ZeroPadding1D(2, 1)]
public partial class ZeroPadding1DOnlyModel { }

/// <summary>A grouped, dilated, 'same' Conv1D alone: 4 channels in 2 groups of 2, 6 filters in 2 groups of 3.</summary>
[Sequential(9, 4)]
[Conv1D(6, 3, Padding = "same", DilationRate = 2, Groups = 2)]
public partial class GroupedConv1DModel { }

/// <summary>
/// ZeroPadding1D and grouped Conv1D against float64 loops written here from Keras' definitions (ZeroPadding1D: zero steps
/// at both ends of axis 1; Conv1D groups: filter f reads only the channels of group f / (filters/groups)), and by central
/// differences. ONNX, allocations and threads: <see cref="SequenceModelTests"/> runs <see cref="ZeroPadding1DStackModel"/>.
/// </summary>
public class ZeroPadding1DTests
{
    /// <summary>Keras' ZeroPadding1D in double: y[n, t, c] = x[n, t − left, c] where that step exists, else 0.</summary>
    private static double[] Pad(float[] x, int batch, int steps, int channels, int left, int right)
    {
        int outSteps = left + steps + right;
        var y = new double[batch * outSteps * channels];
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < outSteps; t++)
                for (int c = 0; c < channels; c++)
                {
                    int s = t - left;
                    y[(n * outSteps + t) * channels + c] = s >= 0 && s < steps ? x[(n * steps + s) * channels + c] : 0;
                }
        return y;
    }

    private static void Close(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 1e-6 * Math.Abs(expected[i]), $"{what}[{i}]: {actual[i]}, expected {expected[i]}");
    }

    private static float[] Random(Rng rng, int count) => Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 3)]
    [InlineData(2, 0)]
    [InlineData(0, 0)]
    public void Kernel_ForwardAndBackward_MatchFloat64(int left, int right)
    {
        var rng = new Rng(2);
        foreach (int channels in new[] { 1, 3, 17 })
        {
            const int batch = 3, steps = 5;
            int outSteps = left + steps + right;
            float[] x = Random(rng, batch * steps * channels), dy = Random(rng, batch * outSteps * channels);
            float[] y = Enumerable.Repeat(7f, dy.Length).ToArray();   // garbage: the padded steps must be written as 0
            ZeroPadding1DKernel.Forward(x, y, batch, steps, channels, left, right);
            Close(Pad(x, batch, steps, channels, left, right), y, "y");

            // The gradient of a padding is the inner window: dx[n, t, c] = dy[n, t + left, c].
            var expected = new double[x.Length];
            for (int n = 0; n < batch; n++)
                for (int t = 0; t < steps; t++)
                    for (int c = 0; c < channels; c++)
                        expected[(n * steps + t) * channels + c] = dy[(n * outSteps + t + left) * channels + c];
            float[] dx = Enumerable.Repeat(7f, x.Length).ToArray();
            ZeroPadding1DKernel.Backward(dy, dx, batch, steps, channels, left, right);
            Close(expected, dx, "dx");
        }
    }

    [Fact]
    public void Kernel_BadArguments_ThrowNamingThem()
    {
        var negative = Assert.Throws<ArgumentException>(() => ZeroPadding1DKernel.Forward(new float[6], new float[6], 1, 2, 3, -1, 1));
        Assert.Contains("non-negative left and right", negative.Message);
        var length = Assert.Throws<ArgumentException>(() => ZeroPadding1DKernel.Forward(new float[6], new float[10], 1, 2, 3, 1, 1));
        Assert.Contains("Expected y to have length 12", length.Message);
    }

    [Fact]
    public void Model_PadsAsKeras_AndSummaryIsKeras()
    {
        var model = new ZeroPadding1DOnlyModel();
        Assert.Equal(new[] { 8, 3 }, model.Info.OutputShape);
        LayerInfo layer = model.Info.Layers[0];
        Assert.Equal(("zero_padding1d", "ZeroPadding1D"), (layer.Name, layer.TypeName));
        Assert.Equal("2,1", layer.Config["padding"]);
        var rng = new Rng(4);
        float[] x = Random(rng, 2 * 5 * 3);
        Close(Pad(x, 2, 5, 3, 2, 1), model.Predict(x, batchSize: 2), "y");
    }

    [Fact]
    public void GroupedConv1D_MatchesFloat64GroupedConvolution()
    {
        var model = new GroupedConv1DModel(seed: 2);
        WeightInfo kernelInfo = model.Info.Weights.Single(w => w.Name == "conv1d.kernel");
        Assert.Equal(new[] { 3, 2, 6 }, kernelInfo.Shape);            // (k, in/groups, filters)
        Assert.Equal("2", model.Info.Layers[0].Config["groups"]);
        var rng = new Rng(6);
        Random(rng, 6).CopyTo(model.Parameters.Slice(model.Info.Weights.Single(w => w.Name == "conv1d.bias").Offset, 6));
        float[] kernel = model.Parameters.Slice(kernelInfo.Offset, kernelInfo.Length).ToArray();
        float[] bias = model.Parameters.Slice(model.Info.Weights.Single(w => w.Name == "conv1d.bias").Offset, 6).ToArray();
        const int batch = 3, steps = 9, channels = 4, filters = 6, k = 3, dilation = 2, groups = 2;
        float[] x = Random(rng, batch * steps * channels);

        // Keras 'same' at stride 1: (k − 1)·d = 4 zero steps in all, 2 before.
        int cg = channels / groups, fg = filters / groups, before = (k - 1) * dilation / 2;
        var expected = new double[batch * steps * filters];
        for (int n = 0; n < batch; n++)
            for (int t = 0; t < steps; t++)
                for (int f = 0; f < filters; f++)
                {
                    double sum = bias[f];
                    int g = f / fg;
                    for (int a = 0; a < k; a++)
                    {
                        int s = t + a * dilation - before;
                        if (s < 0 || s >= steps) continue;
                        for (int c = 0; c < cg; c++) sum += (double)x[(n * steps + s) * channels + g * cg + c] * kernel[(a * cg + c) * filters + f];
                    }
                    expected[(n * steps + t) * filters + f] = sum;
                }
        Close(expected, model.Predict(x, batchSize: batch), "y");
    }

    [Fact]
    public void Stack_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(11);
        const int count = 5;
        float[] x = Random(rng, count * ZeroPadding1DStackModel.InputSize);
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        ModelGradientTests.CheckGradients(new ZeroPadding1DStackModel(seed: 5), Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void Stack_ShapesAndParameters_AreKeras()
    {
        var model = new ZeroPadding1DStackModel();
        LayerInfo[] layers = model.Info.Layers.ToArray();
        Assert.Equal(new[] { 11, 4 }, layers[1].OutputShape);      // 2 + 8 + 1 steps
        Assert.Equal(new[] { 9, 6 }, layers[2].OutputShape);
        Assert.Equal(3 * 2 * 6 + 6, layers[2].ParameterCount);      // kernel (3, 4/2, 6) + bias
        Assert.Equal(new[] { 11, 6 }, layers[3].OutputShape);
        Assert.Equal(2 * 2 * 3, layers[4].ParameterCount);          // kernel (2, 6/3, 3), no bias
        Assert.Equal("zero_padding1d_1", layers[3].Name);
    }
}
