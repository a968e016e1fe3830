using GenNet.Kernels;
using GenNet.Tests.Layers;
using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

// Input (7, 3): windows that drop a step (valid), pad one (same), overlap (strides < pool).
[Sequential(7, 3)] [MaxPooling1D] public partial class MaxPooling1DDefaultModel { }
[Sequential(7, 3)] [MaxPooling1D(3, Strides = 2, Padding = "same")] public partial class MaxPooling1DSameModel { }
[Sequential(7, 3)] [AveragePooling1D] public partial class AveragePooling1DDefaultModel { }
[Sequential(7, 3)] [AveragePooling1D(3, Strides = 2, Padding = "same")] public partial class AveragePooling1DSameModel { }
[Sequential(8, 3)] [AveragePooling1D(2, Padding = "same")] public partial class AveragePooling1DSameEvenModel { }
[Sequential(7, 3)] [GlobalAveragePooling1D] public partial class GlobalAveragePooling1DModel { }
[Sequential(7, 3)] [GlobalMaxPooling1D] public partial class GlobalMaxPooling1DModel { }
[Sequential(3, 4, 2)] [GlobalMaxPooling2D] public partial class GlobalMaxPooling2DModel { }

/// <summary>Conv1D, both 1-D pools and global max pooling feeding a classifier.</summary>
[Sequential(12, 3)]
[Conv1D(4, 3, Padding = "same", Activation = Act.Relu)]
[MaxPooling1D(2)]
[AveragePooling1D(3, Strides = 2, Padding = "same")]
[GlobalMaxPooling1D]
[Dense(3, Activation = Act.Softmax)]
public partial class SequencePoolingModel { }

/// <summary>Global average pooling over steps after a convolution.</summary>
[Sequential(9, 4)]
[Conv1D(6, 2, Activation = Act.Tanh)]
[AveragePooling1D(2, Strides = 1)]
[GlobalAveragePooling1D]
[Dense(3, Activation = Act.Softmax)]
public partial class SequenceAverageModel { }

/// <summary>Global max pooling over an image's pixels after a convolution.</summary>
[Sequential(6, 6, 2)]
[Conv2D(4, 3, Activation = Act.Tanh)]
[GlobalMaxPooling2D]
[Dense(3, Activation = Act.Softmax)]
public partial class GlobalMaxPooling2DConvModel { }

/// <summary>
/// The 1-D pooling layers and the global max/average pools against float64 references written from Keras' semantics
/// (forward through the generated model; backward through the kernels on the generated geometry and sizes), and gradient
/// checks on models using them.
/// </summary>
public class Pooling1DTests
{
    private const int Batch = 2;

    private static float[] Input(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    /// <summary>
    /// Keras' 1-D pooling in double: output step t covers input steps <c>t·s − pad … t·s − pad + k − 1</c> clipped to the
    /// input (padding never wins a max, and an average divides by the real steps only); the backward routes dy to the first
    /// maximum of its window, or spreads it evenly over the real steps.
    /// </summary>
    private static (double[] Y, double[] Dx) Reference(float[] x, float[] dy, int steps, int channels, PoolGeometry g, bool max)
    {
        var y = new double[Batch * g.OutWidth * channels];
        var dx = new double[x.Length];
        for (int n = 0; n < Batch; n++)
        for (int t = 0; t < g.OutWidth; t++)
        for (int c = 0; c < channels; c++)
        {
            int start = Math.Max(t * g.StrideW - g.PadLeft, 0), end = Math.Min(t * g.StrideW - g.PadLeft + g.PoolWidth, steps);
            int yi = (n * g.OutWidth + t) * channels + c;
            if (max)
            {
                int best = start;
                for (int s = start; s < end; s++) if (x[(n * steps + s) * channels + c] > x[(n * steps + best) * channels + c]) best = s;
                y[yi] = x[(n * steps + best) * channels + c];
                dx[(n * steps + best) * channels + c] += dy[yi];
            }
            else
            {
                double sum = 0;
                for (int s = start; s < end; s++) sum += x[(n * steps + s) * channels + c];
                y[yi] = sum / (end - start);
                for (int s = start; s < end; s++) dx[(n * steps + s) * channels + c] += dy[yi] / (end - start);
            }
        }
        return (y, dx);
    }

    public static TheoryData<string> PoolModels() => new(
        nameof(MaxPooling1DDefaultModel), nameof(MaxPooling1DSameModel), nameof(AveragePooling1DDefaultModel),
        nameof(AveragePooling1DSameModel), nameof(AveragePooling1DSameEvenModel));

    private static (Model Model, PoolGeometry Geometry, bool Max) CreatePool(string name) => name switch
    {
        nameof(MaxPooling1DDefaultModel) => (new MaxPooling1DDefaultModel(), MaxPooling1DDefaultModel.MaxPooling1dGeometry, true),
        nameof(MaxPooling1DSameModel) => (new MaxPooling1DSameModel(), MaxPooling1DSameModel.MaxPooling1dGeometry, true),
        nameof(AveragePooling1DDefaultModel) => (new AveragePooling1DDefaultModel(), AveragePooling1DDefaultModel.AveragePooling1dGeometry, false),
        nameof(AveragePooling1DSameModel) => (new AveragePooling1DSameModel(), AveragePooling1DSameModel.AveragePooling1dGeometry, false),
        nameof(AveragePooling1DSameEvenModel) => (new AveragePooling1DSameEvenModel(), AveragePooling1DSameEvenModel.AveragePooling1dGeometry, false),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(PoolModels))]
    public void Pooling1D_MatchesKerasReference(string name)
    {
        var (model, g, max) = CreatePool(name);
        int steps = model.Info.InputShape[0], channels = model.Info.InputShape[1];
        Assert.Equal(new[] { g.OutWidth, channels }, model.Info.OutputShape);
        float[] x = Input(Batch * steps * channels, 3), dy = Input(Batch * model.Info.OutputSize, 4);
        var (wantY, wantDx) = Reference(x, dy, steps, channels, g, max);

        var y = new float[Batch * model.Info.OutputSize];
        model.Predict(x, y);
        Fixtures.AssertClose(wantY, y, 1e-6, 1e-6, $"{name}.y");

        var dx = new float[x.Length];
        Array.Fill(dx, 9f);
        if (max) MaxPooling2DKernel.Backward(x, dy, dx, Batch, g);
        else AveragePooling2DKernel.Backward(dy, dx, Batch, g);
        Fixtures.AssertClose(wantDx, dx, 1e-6, 1e-6, $"{name}.dx");
    }

    [Fact]
    public void Pooling1D_ShapesAndConfig_AreKeras()
    {
        // Keras: (7, 3) → MaxPooling1D() (3, 3); MaxPooling1D(3, strides=2, padding="same") ⌈7/2⌉ = 4 steps.
        Assert.Equal(new[] { 3, 3 }, new MaxPooling1DDefaultModel().Info.OutputShape);
        var same = new MaxPooling1DSameModel().Info.Layers[0];
        Assert.Equal("max_pooling1d", same.Name);
        Assert.Equal("MaxPooling1D", same.TypeName);
        Assert.Equal(new[] { 4, 3 }, same.OutputShape);
        Assert.Equal("3", same.Config["pool_size"]);
        Assert.Equal("2", same.Config["strides"]);
        Assert.Equal("same", same.Config["padding"]);
        Assert.Equal("average_pooling1d", new AveragePooling1DSameModel().Info.Layers[0].Name);
        Assert.Equal(new[] { 4, 3 }, new AveragePooling1DSameEvenModel().Info.OutputShape);
        Assert.Equal("global_average_pooling1d", new GlobalAveragePooling1DModel().Info.Layers[0].Name);
        Assert.Equal(new[] { 3 }, new GlobalAveragePooling1DModel().Info.OutputShape);
        Assert.Equal("global_max_pooling1d", new GlobalMaxPooling1DModel().Info.Layers[0].Name);
        Assert.Equal("global_max_pooling2d", new GlobalMaxPooling2DModel().Info.Layers[0].Name);
        Assert.Equal(new[] { 2 }, new GlobalMaxPooling2DModel().Info.OutputShape);
    }

    [Theory]
    [InlineData(nameof(GlobalAveragePooling1DModel))]
    [InlineData(nameof(GlobalMaxPooling1DModel))]
    [InlineData(nameof(GlobalMaxPooling2DModel))]
    public void GlobalPooling_MatchesKerasReference(string name)
    {
        Model model = name switch
        {
            nameof(GlobalAveragePooling1DModel) => new GlobalAveragePooling1DModel(),
            nameof(GlobalMaxPooling1DModel) => new GlobalMaxPooling1DModel(),
            _ => new GlobalMaxPooling2DModel(),
        };
        bool max = name != nameof(GlobalAveragePooling1DModel);
        int channels = model.Info.InputShape[^1], positions = model.Info.InputSize / channels;
        float[] x = Input(Batch * positions * channels, 5), dy = Input(Batch * channels, 6);
        if (max) x[(1 * positions + 2) * channels + 1] = x[(1 * positions + 0) * channels + 1] = 5f;   // a tie: sample 1, channel 1
        var wantY = new double[Batch * channels];
        var wantDx = new double[x.Length];
        for (int n = 0; n < Batch; n++)
        for (int c = 0; c < channels; c++)
        {
            var column = Enumerable.Range(0, positions).Select(p => (double)x[(n * positions + p) * channels + c]).ToArray();
            double value = max ? column.Max() : column.Average();
            wantY[n * channels + c] = value;
            int ties = column.Count(v => v == value);
            for (int p = 0; p < positions; p++)
                wantDx[(n * positions + p) * channels + c] = max ? (column[p] == value ? dy[n * channels + c] / ties : 0) : dy[n * channels + c] / positions;
        }

        var y = new float[Batch * channels];
        model.Predict(x, y);
        Fixtures.AssertClose(wantY, y, 1e-6, 1e-6, $"{name}.y");

        var dx = new float[x.Length];
        Array.Fill(dx, 9f);
        if (max) GlobalMaxPoolingKernel.Backward(x, y, dy, dx, Batch, positions, channels);
        else GlobalAveragePooling2DKernel.Backward(dy, dx, Batch, 1, positions, channels);
        Fixtures.AssertClose(wantDx, dx, 1e-6, 1e-6, $"{name}.dx");
        if (max) Assert.Equal(dy[1 * channels + 1] / 2, dx[(1 * positions + 2) * channels + 1]);
    }

    [Fact]
    public void GlobalMaxPooling_RejectsWrongLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => GlobalMaxPoolingKernel.Forward(new float[10], new float[3], 2, 3, 2));
        Assert.Contains("x", e.Message);
    }

    [Theory]
    [InlineData(nameof(SequencePoolingModel))]
    [InlineData(nameof(SequenceAverageModel))]
    [InlineData(nameof(GlobalMaxPooling2DConvModel))]
    public void PoolingModels_GradientsMatchCentralDifferences(string name)
    {
        Model model = name switch
        {
            nameof(SequencePoolingModel) => new SequencePoolingModel(seed: 4),
            nameof(SequenceAverageModel) => new SequenceAverageModel(seed: 4),
            _ => new GlobalMaxPooling2DConvModel(seed: 4),
        };
        const int count = 6;
        float[] x = Input(count * model.Info.InputSize, 7);
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }
}
