using System.Text.Json;
using GenNet.Kernels;
using GenNet.Tests.Models;

namespace GenNet.Tests.Sequence;

[Sequential(5)] [Embedding(6, 3)] public partial class EmbeddingFixtureModel { }
[Sequential(4)] [Embedding(6, 2, MaskZero = true, EmbeddingsInitializer = "zeros")] public partial class EmbeddingMaskZeroModel { }

/// <summary>Token ids → embeddings → a causal convolution → pooled classifier.</summary>
[Sequential(6)]
[Embedding(10, 4)]
[Conv1D(5, 3, Padding = "causal", Activation = Act.Tanh)]
[GlobalAveragePooling1D]
[Dense(3, Activation = Act.Softmax)]
public partial class EmbeddingClassifierModel { }

/// <summary>A Functional model whose Embedding reads a named [Input].</summary>
[Functional(Output = "head")]
[Input("tokens", 5)]
[Embedding(6, 3)]
[GlobalAveragePooling1D]
[Dense(3, Activation = Act.Softmax, Name = "head")]
public partial class FunctionalEmbeddingModel { }

/// <summary>Embedding against layers2.json, its id checks (Predict and training), MaskZero's record, and a model gradient check.</summary>
public class EmbeddingTests
{
    [Fact]
    public void Embedding_MatchesKeras()
    {
        JsonElement c = SequenceCases.Get("embedding");
        var model = new EmbeddingFixtureModel();
        Assert.Equal(new[] { 5, 3 }, model.Info.OutputShape);
        Assert.Equal("embedding.embeddings", model.Info.Weights.Single().Name);
        float[] ids = SequenceCases.Floats(c, "inputs", "ids"), table = SequenceCases.Floats(c, "params", "embeddings");
        float[] dy = SequenceCases.Floats(c, "upstream", "dy");
        SequenceCases.SetWeight(model, "embedding.embeddings", table);
        var y = new float[2 * EmbeddingFixtureModel.OutputSize];
        model.Predict(ids, y);
        SequenceCases.AssertOutput(c, "y", y);

        var dTable = new float[table.Length];
        Array.Fill(dTable, 9f);
        EmbeddingKernel.Backward(ids, dy, dTable, 2, 5, 6, 3, "embedding");
        SequenceCases.AssertOutput(c, "dembeddings", dTable);
    }

    [Fact]
    public void Embedding_TrainOnBatch_GradientIsRowsOfDyByIdInOrder()
    {
        // MSE gradient 2(y − t)/(N·D) with t = 0 and a zero table is 0: use the fixture table and compare the one buffer.
        JsonElement c = SequenceCases.Get("embedding");
        var model = new EmbeddingFixtureModel();
        float[] ids = SequenceCases.Floats(c, "inputs", "ids"), table = SequenceCases.Floats(c, "params", "embeddings");
        SequenceCases.SetWeight(model, "embedding.embeddings", table);
        var target = new float[2 * 15];
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(ids, target);
        var y = new float[target.Length];
        model.Predict(ids, y);
        var dy = y.Select(v => 2 * v / 30f).ToArray();      // Keras' MSE: mean over the last axis, then over the 10 rows
        var want = new float[table.Length];
        EmbeddingKernel.Backward(ids, dy, want, 2, 5, 6, 3, "embedding");
        for (int i = 0; i < want.Length; i++) Assert.True(Math.Abs(want[i] - model.Gradients[i]) <= 1e-6 + 1e-5 * Math.Abs(want[i]), $"{i}: {want[i]} vs {model.Gradients[i]}");
    }

    [Theory]
    [InlineData(6f, "6")]
    [InlineData(-1f, "-1")]
    [InlineData(2.5f, "2.5")]
    [InlineData(float.NaN, "NaN")]
    public void Embedding_BadId_ThrowsNamingIdPositionAndInputDim_InPredict(float bad, string shown)
    {
        var model = new EmbeddingFixtureModel();
        float[] ids = { 0, 1, 2, 3, 4, 5, 4, bad, 2, 1 };
        var y = new float[2 * EmbeddingFixtureModel.OutputSize];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(ids, y));
        Assert.Contains($"token id {shown} at position 2 of sample 1", e.Message);
        Assert.Contains("input_dim = 6", e.Message);
        Assert.Contains("'embedding'", e.Message);
    }

    [Fact]
    public void Embedding_BadId_ThrowsInTraining_OnOneAndTwoThreads()
    {
        foreach (int threads in new[] { 1, 2 })
        {
            var model = new EmbeddingClassifierModel(seed: 1) { Threads = threads };
            model.Compile(Loss.CategoricalCrossentropy, new Adam());
            var (x, y) = EmbeddingData(128, seed: 3);
            x[100 * 6 + 4] = 10;           // = input_dim
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.TrainOnBatch(x, y));
            Assert.Contains("token id 10 at position 4", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, epochs: 1, batchSize: 128, verbose: 0, shuffle: false));
        }
    }

    [Fact]
    public void Embedding_MaskZero_IsRecordedInConfig_LookupUnchanged()
    {
        var model = new EmbeddingMaskZeroModel();
        LayerInfo layer = model.Info.Layers[0];
        Assert.Equal("True", layer.Config["mask_zero"]);
        Assert.Equal("6", layer.Config["input_dim"]);
        Assert.Equal("False", new EmbeddingFixtureModel().Info.Layers[0].Config["mask_zero"]);
        Assert.All(model.Parameters.ToArray(), v => Assert.Equal(0f, v));       // EmbeddingsInitializer = "zeros"
        var y = new float[EmbeddingMaskZeroModel.OutputSize];
        model.Predict(new float[] { 0, 1, 0, 5 }, y);
    }

    [Fact]
    public void Embedding_DefaultInitializer_IsKerasUniform()
    {
        var model = new EmbeddingClassifierModel(seed: 8);
        WeightInfo w = model.Info.Weights.Single(w => w.Name == "embedding.embeddings");
        float[] table = model.Parameters.Slice(w.Offset, w.Length).ToArray();
        Assert.All(table, v => Assert.InRange(v, -0.05f, 0.05f));
        Assert.Contains(table, v => Math.Abs(v) > 0.03f);
    }

    internal static (float[] X, float[] Y) EmbeddingData(int count, ulong seed)
    {
        var rng = new Rng(seed);
        float[] x = Enumerable.Range(0, count * 6).Select(_ => (float)rng.NextInt(10)).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => (int)x[i * 6] % 3).ToArray(), 3);
        return (x, y);
    }

    [Fact]
    public void EmbeddingClassifier_GradientsMatchCentralDifferences()
    {
        var (x, y) = EmbeddingData(8, seed: 5);
        ModelGradientTests.CheckGradients(new EmbeddingClassifierModel(seed: 6), Loss.CategoricalCrossentropy, x, y, h: 1e-3f);
    }

    [Fact]
    public void Embedding_OnANamedFunctionalInput_LooksUpAndTrains()
    {
        var model = new FunctionalEmbeddingModel(seed: 2);
        float[] ids = { 0, 1, 2, 3, 4, 5, 5, 5, 0, 0 };
        var y = new float[2 * 3];
        model.Predict(ids, y);
        WeightInfo w = model.Info.Weights.Single(w => w.Name == "embedding.embeddings");
        float[] table = model.Parameters.Slice(w.Offset, w.Length).ToArray();
        Assert.Equal(new[] { 5, 3 }, model.Info.Layers.Single(l => l.Name == "embedding").OutputShape);
        Assert.True(y.All(float.IsFinite));
        float[] labels = Encoding.OneHot(new[] { 1, 2 }, 3);
        ModelGradientTests.CheckGradients(new FunctionalEmbeddingModel(seed: 2), Loss.CategoricalCrossentropy, ids, labels, h: 1e-3f);
        Assert.NotEmpty(table);
    }
}
