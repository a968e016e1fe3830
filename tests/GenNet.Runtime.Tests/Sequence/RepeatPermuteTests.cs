using GenNet.Kernels;
using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

[Sequential(3)] [RepeatVector(4)] public partial class RepeatVectorModel { }
[Sequential(2, 3, 4)] [Permute(3, 1, 2)] public partial class PermuteRank3Model { }
[Sequential(5, 2)] [Permute(2, 1)] public partial class PermuteRank2Model { }

/// <summary>A vector repeated into a sequence, convolved, then its axes swapped, into a classifier.</summary>
[Sequential(4)]
[Dense(3, Activation = Act.Tanh)]
[RepeatVector(5)]
[Conv1D(4, 2, Padding = "causal", Activation = Act.Tanh)]
[Permute(2, 1)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class RepeatPermuteModel { }

/// <summary>Permute of a rank-3 tensor between Dense layers (Dense acts on the last axis, so the order matters).</summary>
[Sequential(2, 3, 4)]
[Dense(5, Activation = Act.Tanh)]
[Permute(3, 1, 2)]
[Dense(2, Activation = Act.Tanh)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class PermuteRank3StackModel { }

/// <summary>RepeatVector and Permute against references written from Keras' definitions, and in model gradient checks.</summary>
public class RepeatPermuteTests
{
    private static float[] Input(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
    }

    [Fact]
    public void RepeatVector_MatchesKeras()
    {
        var model = new RepeatVectorModel();
        Assert.Equal(new[] { 4, 3 }, model.Info.OutputShape);
        Assert.Equal("repeat_vector", model.Info.Layers[0].Name);
        const int batch = 2;
        float[] x = Input(batch * 3, 1), dy = Input(batch * 12, 2);
        var y = new float[batch * 12];
        model.Predict(x, y);
        var wantDx = new double[x.Length];
        for (int b = 0; b < batch; b++)
        for (int t = 0; t < 4; t++)
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(x[b * 3 + f], y[(b * 4 + t) * 3 + f]);
            wantDx[b * 3 + f] += dy[(b * 4 + t) * 3 + f];
        }
        var dx = new float[x.Length];
        Array.Fill(dx, 9f);
        RepeatVectorKernel.Backward(dy, dx, batch, 4, 3);
        Fixtures.AssertClose(wantDx, dx, 1e-6, 1e-6, "dx");
    }

    [Theory]
    [InlineData(nameof(PermuteRank3Model))]
    [InlineData(nameof(PermuteRank2Model))]
    public void Permute_MatchesKeras(string name)
    {
        Model model = name == nameof(PermuteRank3Model) ? new PermuteRank3Model() : new PermuteRank2Model();
        int[] shape = model.Info.InputShape;
        int[] dims = name == nameof(PermuteRank3Model) ? new[] { 2, 0, 1 } : new[] { 1, 0 };
        Assert.Equal(dims.Select(d => shape[d]), model.Info.OutputShape);
        const int batch = 2;
        int size = model.Info.InputSize;
        float[] x = Input(batch * size, 3), dy = Input(batch * size, 4);
        var y = new float[x.Length];
        model.Predict(x, y);
        // numpy.transpose(x, (0, *[d + 1 for d in dims])), element by element.
        int[] outShape = model.Info.OutputShape;
        var want = new double[x.Length];
        var wantDx = new double[x.Length];
        for (int b = 0; b < batch; b++)
        for (int o = 0; o < size; o++)
        {
            int[] index = new int[shape.Length];
            for (int k = outShape.Length - 1, rest = o; k >= 0; k--) { index[dims[k]] = rest % outShape[k]; rest /= outShape[k]; }
            int source = 0;
            for (int k = 0; k < shape.Length; k++) source = source * shape[k] + index[k];
            want[b * size + o] = x[b * size + source];
            wantDx[b * size + source] = dy[b * size + o];
        }
        Fixtures.AssertClose(want, y, 0, 0, $"{name}.y");
        var dx = new float[x.Length];
        PermuteKernel.Backward(dy, dx, batch, shape, dims);
        Fixtures.AssertClose(wantDx, dx, 0, 0, $"{name}.dx");
        Assert.Equal(name == nameof(PermuteRank3Model) ? "3,1,2" : "2,1", model.Info.Layers[0].Config["dims"]);
    }

    [Fact]
    public void PermuteKernel_RejectsDimsThatAreNoPermutation()
    {
        var e = Assert.Throws<ArgumentException>(() => PermuteKernel.Forward(new float[6], new float[6], 1, new[] { 2, 3 }, new[] { 1, 1 }));
        Assert.Contains("permutation", e.Message);
    }

    [Theory]
    [InlineData(nameof(RepeatPermuteModel))]
    [InlineData(nameof(PermuteRank3StackModel))]
    public void RepeatPermuteModels_GradientsMatchCentralDifferences(string name)
    {
        Model model = name == nameof(RepeatPermuteModel) ? new RepeatPermuteModel(seed: 4) : new PermuteRank3StackModel(seed: 4);
        const int count = 6;
        float[] x = Input(count * model.Info.InputSize, 7);
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }
}
