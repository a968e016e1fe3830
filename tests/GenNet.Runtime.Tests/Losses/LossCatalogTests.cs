using GenNet.Losses;
using Xunit;

namespace GenNet.Tests.Losses;

/// <summary>Names, aliases, the catalog's defaults, argument errors and the no-allocation promise.</summary>
public class LossCatalogTests
{
    [Theory]
    [InlineData("mean_squared_error", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("mse", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("MSE", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("MeanSquaredError", typeof(MeanSquaredError), "mean_squared_error")]
    [InlineData("mean_absolute_error", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [InlineData("mae", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [InlineData("MAE", typeof(MeanAbsoluteError), "mean_absolute_error")]
    [InlineData("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError), "mean_absolute_percentage_error")]
    [InlineData("mape", typeof(MeanAbsolutePercentageError), "mean_absolute_percentage_error")]
    [InlineData("MAPE", typeof(MeanAbsolutePercentageError), "mean_absolute_percentage_error")]
    [InlineData("mean_squared_logarithmic_error", typeof(MeanSquaredLogarithmicError), "mean_squared_logarithmic_error")]
    [InlineData("msle", typeof(MeanSquaredLogarithmicError), "mean_squared_logarithmic_error")]
    [InlineData("MSLE", typeof(MeanSquaredLogarithmicError), "mean_squared_logarithmic_error")]
    [InlineData("hinge", typeof(Hinge), "hinge")]
    [InlineData("squared_hinge", typeof(SquaredHinge), "squared_hinge")]
    [InlineData("categorical_hinge", typeof(CategoricalHinge), "categorical_hinge")]
    [InlineData("binary_crossentropy", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [InlineData("bce", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [InlineData("BCE", typeof(BinaryCrossentropy), "binary_crossentropy")]
    [InlineData("categorical_crossentropy", typeof(CategoricalCrossentropy), "categorical_crossentropy")]
    [InlineData("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy), "sparse_categorical_crossentropy")]
    [InlineData("kl_divergence", typeof(KLDivergence), "kl_divergence")]
    [InlineData("kld", typeof(KLDivergence), "kl_divergence")]
    [InlineData("KLD", typeof(KLDivergence), "kl_divergence")]
    [InlineData("kullback_leibler_divergence", typeof(KLDivergence), "kl_divergence")]
    [InlineData("poisson", typeof(Poisson), "poisson")]
    [InlineData("cosine_similarity", typeof(CosineSimilarity), "cosine_similarity")]
    [InlineData("huber", typeof(Huber), "huber")]
    [InlineData("log_cosh", typeof(LogCosh), "log_cosh")]
    [InlineData("logcosh", typeof(LogCosh), "log_cosh")]
    public void FromName_KerasStringsAndAliases_GiveTheLoss(string name, Type type, string kerasName)
    {
        Loss fromName = Loss.FromName(name);
        Loss converted = name; // the implicit conversion behind Compile("mse", ...)
        Assert.IsType(type, fromName);
        Assert.IsType(type, converted);
        Assert.Equal(kerasName, fromName.Name);
    }

    [Fact]
    public void FromName_Unknown_ListsTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.FromName("mean_cubed_error"));
        Assert.Equal("name", e.ParamName);
        Assert.Contains("Unknown loss 'mean_cubed_error'", e.Message);
        foreach (string valid in new[] { "mean_squared_error", "mse", "binary_crossentropy", "sparse_categorical_crossentropy", "log_cosh", "logcosh" })
            Assert.Contains(valid, e.Message);
        Assert.Throws<ArgumentException>(() => Loss.FromName("Mse")); // case-sensitive, as Keras
    }

    [Fact]
    public void Catalog_ReturnsFreshDefaultInstances()
    {
        Assert.NotSame(Loss.MeanSquaredError, Loss.MeanSquaredError);
        Assert.IsType<MeanSquaredError>(Loss.MeanSquaredError);
        Assert.IsType<MeanAbsoluteError>(Loss.MeanAbsoluteError);
        Assert.IsType<MeanAbsolutePercentageError>(Loss.MeanAbsolutePercentageError);
        Assert.IsType<MeanSquaredLogarithmicError>(Loss.MeanSquaredLogarithmicError);
        Assert.IsType<Hinge>(Loss.Hinge);
        Assert.IsType<SquaredHinge>(Loss.SquaredHinge);
        Assert.IsType<CategoricalHinge>(Loss.CategoricalHinge);
        Assert.IsType<KLDivergence>(Loss.KLDivergence);
        Assert.IsType<Poisson>(Loss.Poisson);
        Assert.IsType<CosineSimilarity>(Loss.CosineSimilarity);
        Assert.IsType<LogCosh>(Loss.LogCosh);
        Assert.Equal(1f, Assert.IsType<Huber>(Loss.Huber).Delta);
        var bce = Assert.IsType<BinaryCrossentropy>(Loss.BinaryCrossentropy);
        Assert.False(bce.FromLogits);
        Assert.Equal(0f, bce.LabelSmoothing);
        var cce = Assert.IsType<CategoricalCrossentropy>(Loss.CategoricalCrossentropy);
        Assert.False(cce.FromLogits);
        Assert.Equal(0f, cce.LabelSmoothing);
        var sparse = Assert.IsType<SparseCategoricalCrossentropy>(Loss.SparseCategoricalCrossentropy);
        Assert.False(sparse.FromLogits);
        Assert.Equal(1, sparse.LabelSize(10));
        Assert.Equal(10, cce.LabelSize(10));
    }

    [Theory]
    [InlineData(5f)]
    [InlineData(-1f)]
    [InlineData(2.5f)]
    [InlineData(float.NaN)]
    public void SparseCrossentropy_LabelOutOfRange_NamesLabelRowAndRange(float bad)
    {
        float[] labels = [0f, 4f, bad];
        var p = new float[3 * 5];
        Array.Fill(p, 0.2f);
        foreach (var loss in new[] { new SparseCategoricalCrossentropy(), new SparseCategoricalCrossentropy(fromLogits: true) })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => loss.PerSample(labels, p, new float[3], 3, 5));
            Assert.Contains($"label {bad}", e.Message);
            Assert.Contains("row 2", e.Message);
            Assert.Contains("0 to 4", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => loss.Gradient(labels, p, [], 1f, new float[15], 3, 5));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SparseCategoricalCrossentropy().TryLogitGradient(Act.Softmax, labels, p, [], 1f, new float[15], 3, 5));
    }

    [Fact]
    public void ShortBuffers_AreRejectedWithExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new MeanSquaredError().PerSample(new float[6], new float[5], new float[2], 2, 3));
        Assert.Equal("yPred", e.ParamName);
        Assert.Contains("at least 6", e.Message);
        Assert.Contains("received 5", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Gradient(new float[6], new float[6], new float[1], 1f, new float[6], 2, 3));
        Assert.Equal("sampleWeight", e.ParamName);
    }

    [Fact]
    public void InvalidParameters_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Huber(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryCrossentropy(labelSmoothing: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoricalCrossentropy(labelSmoothing: -0.1f));
    }

    [Fact]
    public void Hinge_LabelConventionIsDecidedPerBatch()
    {
        // One row alone is all 0/1 and gets t′ = 2t − 1; batched with a ±1 row, the same row is taken as given.
        float[] t = [0f, 1f, -1f, 1f], p = [0.5f, 0.5f, 0.5f, 0.5f];
        var one = new float[1];
        new Hinge().PerSample(t, p, one, 1, 2);
        Assert.Equal(1f, one[0]); // (max(0, 1 + 0.5) + max(0, 1 − 0.5))/2
        var two = new float[2];
        new Hinge().PerSample(t, p, two, 2, 2);
        Assert.Equal(0.75f, two[0]); // (1 − 0·0.5 + 1 − 0.5)/2
    }

    [Fact]
    public void PerSampleAndGradient_DoNotAllocate()
    {
        foreach (LossSample s in LossSamples.All())
        {
            Loss loss = s.Create();
            var perSample = new float[s.Batch];
            var gradient = new float[s.Batch * s.N];
            void Run()
            {
                loss.PerSample(s.YTrue, s.YPred, perSample, s.Batch, s.N);
                loss.Gradient(s.YTrue, s.YPred, s.Weights, 0.5f, gradient, s.Batch, s.N);
                loss.TryLogitGradient(Act.Softmax, s.YTrue, s.YPred, s.Weights, 0.5f, gradient, s.Batch, s.N);
            }
            Run(); // warm-up (JIT)
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
