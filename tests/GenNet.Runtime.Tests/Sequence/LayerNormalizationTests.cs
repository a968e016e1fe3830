using System.Text.Json;
using GenNet.Kernels;
using GenNet.Tests.Layers;
using GenNet.Tests.Models;

namespace GenNet.Tests.Sequence;

[Sequential(5)] [LayerNormalization] public partial class LayerNormalizationRank2Model { }
[Sequential(3, 4)] [LayerNormalization] public partial class LayerNormalizationRank3Model { }
[Sequential(3, 4)] [LayerNormalization(Center = false, Scale = false, Epsilon = 1e-5)] public partial class LayerNormalizationPlainModel { }

/// <summary>LayerNormalization after a convolution and before a classifier, and one without γ (so dx alone carries it).</summary>
[Sequential(8, 3)]
[Conv1D(6, 3, Padding = "causal", Activation = Act.Tanh)]
[LayerNormalization]
[Conv1D(4, 2, Strides = 2)]
[LayerNormalization(Scale = false)]
[Flatten]
[Dense(3, Activation = Act.Softmax)]
public partial class LayerNormalizationStackModel { }

/// <summary>LayerNormalization against layers2.json (float64 truth) and in a model's gradient check.</summary>
public class LayerNormalizationTests
{
    [Theory]
    [InlineData("layer_normalization_rank2")]
    [InlineData("layer_normalization_rank3")]
    public void LayerNormalization_MatchesKeras(string name)
    {
        JsonElement c = SequenceCases.Get(name);
        Model model = name.EndsWith("rank2", StringComparison.Ordinal) ? new LayerNormalizationRank2Model() : new LayerNormalizationRank3Model();
        int[] xShape = SequenceCases.Shape(c, "inputs", "x");
        Assert.Equal(xShape[1..], model.Info.InputShape);
        Assert.Equal(new[] { "layer_normalization.gamma", "layer_normalization.beta" }, model.Info.Weights.Select(w => w.Name));
        float[] x = SequenceCases.Floats(c, "inputs", "x"), gamma = SequenceCases.Floats(c, "params", "gamma");
        float[] beta = SequenceCases.Floats(c, "params", "beta"), dy = SequenceCases.Floats(c, "upstream", "dy");
        SequenceCases.SetWeight(model, "layer_normalization.gamma", gamma);
        SequenceCases.SetWeight(model, "layer_normalization.beta", beta);

        var y = new float[x.Length];
        model.Predict(x, y);
        SequenceCases.AssertOutput(c, "y", y);

        int features = xShape[^1], rows = x.Length / features;
        var dx = new float[x.Length];
        var dGamma = new float[features];
        var dBeta = new float[features];
        Array.Fill(dGamma, 9f);
        LayerNormalizationKernel.Backward(x, gamma, dy, dx, dGamma, dBeta, rows, features, 1e-3);
        SequenceCases.AssertOutput(c, "dx", dx);
        SequenceCases.AssertOutput(c, "dgamma", dGamma);
        SequenceCases.AssertOutput(c, "dbeta", dBeta);
    }

    [Fact]
    public void LayerNormalization_WithoutCenterAndScale_HasNoWeights_NormalizesEachRow()
    {
        var model = new LayerNormalizationPlainModel();
        Assert.Equal(0, LayerNormalizationPlainModel.ParameterCount);
        Assert.Equal("False", model.Info.Layers[0].Config["center"]);
        var rng = new Rng(3);
        float[] x = Enumerable.Range(0, 2 * 12).Select(_ => rng.NextSingle() * 4 - 1).ToArray();
        var y = new float[x.Length];
        model.Predict(x, y);
        for (int r = 0; r < 6; r++)
        {
            var row = x.Skip(r * 4).Take(4).Select(v => (double)v).ToArray();
            double mean = row.Average(), variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (int i = 0; i < 4; i++)
                Assert.Equal((row[i] - mean) / Math.Sqrt(variance + 1e-5), y[r * 4 + i], 5);
        }
    }

    [Fact]
    public void LayerNormalization_Gradients_MatchCentralDifferences()
    {
        const int rows = 4, features = 5;
        var rng = new Rng(9);
        float[] x = LayerCases.Random(rng, rows * features, 2), gamma = LayerCases.Random(rng, features), beta = LayerCases.Random(rng, features);
        float[] dy = LayerCases.Random(rng, rows * features);
        var dx = new float[x.Length];
        var dGamma = new float[features];
        var dBeta = new float[features];
        LayerNormalizationKernel.Backward(x, gamma, dy, dx, dGamma, dBeta, rows, features, 1e-3);
        var y = new float[x.Length];
        double Loss()
        {
            LayerNormalizationKernel.Forward(x, gamma, beta, y, rows, features, 1e-3);
            return LayerCases.Dot(y, dy);
        }

        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx", h: 1f / 256));
        Assert.Null(LayerCases.CheckGradient(gamma, dGamma, Loss, "dgamma", h: 1f / 256));
        Assert.Null(LayerCases.CheckGradient(beta, dBeta, Loss, "dbeta", h: 1f / 256));
    }

    [Fact]
    public void LayerNormalizationStack_GradientsMatchCentralDifferences()
    {
        var rng = new Rng(12);
        const int count = 6;
        float[] x = Enumerable.Range(0, count * LayerNormalizationStackModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % 3).ToArray(), 3);
        ModelGradientTests.CheckGradients(new LayerNormalizationStackModel(seed: 5), Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void LayerNormalization_RejectsWrongLengths()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            LayerNormalizationKernel.Forward(new float[10], new float[3], default, new float[10], 2, 5, 1e-3));
        Assert.Contains("gamma", e.Message);
    }
}
