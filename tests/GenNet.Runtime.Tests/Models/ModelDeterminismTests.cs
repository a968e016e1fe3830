namespace GenNet.Tests.Models;

/// <summary>A seed fixes everything: initial weights, shuffling, and so the trained weights, bit for bit.</summary>
public class ModelDeterminismTests
{
    [Fact]
    public void NewModel_SameSeed_SameWeightsBitForBit()
    {
        var a = new RegressionModel(seed: 42);
        var b = new RegressionModel(seed: 42);
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.Contains(a.Parameters.ToArray(), v => v != 0);
    }

    [Fact]
    public void NewModel_DifferentSeed_DifferentWeights()
    {
        var a = new RegressionModel(seed: 1);
        var b = new RegressionModel(seed: 2);
        Assert.False(a.Parameters.SequenceEqual(b.Parameters));
    }

    [Fact]
    public void Fit_SameSeedTwice_SameTrainedWeightsBitForBit()
    {
        float[] Train()
        {
            var (x, y) = Data(seed: 5, count: 100);
            var model = new TanhSoftmaxModel(seed: 9);
            model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
            model.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.2);
            return model.Parameters.ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    internal static (float[] X, float[] Y) Data(ulong seed, int count)
    {
        var rng = new Rng(seed);
        var x = new float[count * 5];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int j = 0; j < 5; j++) sum += x[i * 5 + j] = rng.NextSingle() * 2 - 1;
            labels[i] = sum < -0.5f ? 0 : sum < 0.5f ? 1 : 2;
        }
        return (x, Encoding.OneHot(labels, 3));
    }
}
