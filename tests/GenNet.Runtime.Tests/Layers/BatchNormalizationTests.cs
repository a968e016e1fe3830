using GenNet.Kernels;
using GenNet.Tests.Support;

namespace GenNet.Tests.Layers;

/// <summary>
/// BatchNormalizationKernel against layers.json in training and inference mode (outputs, gradients, moving statistics,
/// batch statistics), training-mode gradients against central differences of a float64 reference, and argument checks.
/// </summary>
public class BatchNormalizationTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("BatchNormalization");

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchNormalization_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        var config = c.GetProperty("config");
        bool training = config.GetProperty("training").GetBoolean();
        float momentum = (float)config.GetProperty("momentum").GetDouble(), epsilon = (float)config.GetProperty("epsilon").GetDouble();
        int[] shape = LayerCases.Shape(c, "inputs", "x");
        int channels = shape[^1], rows = shape[..^1].Aggregate(1, (a, b) => a * b);
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");
        float[] gamma = LayerCases.Floats(c, "params", "gamma"), beta = LayerCases.Floats(c, "params", "beta");
        float[] movingMean = LayerCases.Floats(c, "state", "moving_mean"), movingVariance = LayerCases.Floats(c, "state", "moving_variance");
        var y = new float[x.Length];
        var dx = new float[x.Length];
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        if (training)
        {
            var saved = new float[2 * channels];
            BatchNormalizationKernel.ForwardTraining(x, gamma, beta, movingMean, movingVariance, y, saved, rows, channels, momentum, epsilon);
            BatchNormalizationKernel.BackwardTraining(x, gamma, saved, dy, dx, dGamma, dBeta, rows, channels);
            LayerCases.AssertOutput(c, "batch_mean", saved.AsSpan(0, channels));
            var variance = new float[channels];
            for (int k = 0; k < channels; k++) variance[k] = (float)(1.0 / ((double)saved[channels + k] * saved[channels + k]) - epsilon);
            Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty("batch_variance")), variance, 1e-6, 1e-5, name + ".batch_variance");
        }
        else
        {
            BatchNormalizationKernel.ForwardInference(x, gamma, beta, movingMean, movingVariance, y, rows, channels, epsilon);
            BatchNormalizationKernel.BackwardInference(x, gamma, movingMean, movingVariance, dy, dx, dGamma, dBeta, rows, channels, epsilon);
        }
        LayerCases.AssertOutput(c, "y", y);
        LayerCases.AssertOutput(c, "dx", dx);
        LayerCases.AssertOutput(c, "dgamma", dGamma);
        LayerCases.AssertOutput(c, "dbeta", dBeta);
        LayerCases.AssertOutput(c, "new_moving_mean", movingMean);
        LayerCases.AssertOutput(c, "new_moving_variance", movingVariance);
    }

    /// <summary>Training-mode y in double: batch mean, biased variance, normalize, scale and shift.</summary>
    private static double[] Reference(double[] x, double[] gamma, double[] beta, int rows, int channels, double epsilon)
    {
        var y = new double[x.Length];
        for (int k = 0; k < channels; k++)
        {
            double mean = 0, variance = 0;
            for (int r = 0; r < rows; r++) mean += x[r * channels + k];
            mean /= rows;
            for (int r = 0; r < rows; r++) variance += Math.Pow(x[r * channels + k] - mean, 2);
            variance /= rows;
            for (int r = 0; r < rows; r++) y[r * channels + k] = (x[r * channels + k] - mean) / Math.Sqrt(variance + epsilon) * gamma[k] + beta[k];
        }
        return y;
    }

    [Theory]
    [InlineData(12, 3)]
    [InlineData(5, 1)]
    [InlineData(40, 7)]
    public void BatchNormalization_TrainingGradients_MatchCentralDifferences(int rows, int channels)
    {
        var rng = new Rng((ulong)(rows * 31 + channels));
        float[] x = LayerCases.Random(rng, rows * channels, 2), gamma = LayerCases.Random(rng, channels);
        float[] beta = LayerCases.Random(rng, channels), dy = LayerCases.Random(rng, rows * channels);
        var saved = new float[2 * channels];
        var y = new float[x.Length];
        BatchNormalizationKernel.ForwardTraining(x, gamma, beta, new float[channels], new float[channels], y, saved, rows, channels);
        var dx = new float[x.Length];
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        BatchNormalizationKernel.BackwardTraining(x, gamma, saved, dy, dx, dGamma, dBeta, rows, channels);

        double[] xd = Array.ConvertAll(x, v => (double)v), gd = Array.ConvertAll(gamma, v => (double)v), bd = Array.ConvertAll(beta, v => (double)v);
        double Loss()
        {
            double[] yd = Reference(xd, gd, bd, rows, channels, 1e-3);
            double sum = 0;
            for (int i = 0; i < yd.Length; i++) sum += yd[i] * dy[i];
            return sum;
        }
        Fixtures.AssertClose(Reference(xd, gd, bd, rows, channels, 1e-3), y, 1e-6, 1e-5, "y");
        Assert.Null(Check(xd, dx, Loss, "dx"));
        Assert.Null(Check(gd, dGamma, Loss, "dgamma"));
        Assert.Null(Check(bd, dBeta, Loss, "dbeta"));

        // The check has teeth: dropping the terms through the batch statistics (the inference rule) is caught.
        var dxInference = new float[x.Length];
        BatchNormalizationKernel.BackwardInference(x, gamma, saved.AsSpan(0, channels), Variances(saved, channels), dy, dxInference, [], [], rows, channels);
        Assert.NotNull(Check(xd, dxInference, Loss, "dx"));
    }

    private static float[] Variances(float[] saved, int channels)
    {
        var v = new float[channels];
        for (int k = 0; k < channels; k++) v[k] = 1f / (saved[channels + k] * saved[channels + k]) - 1e-3f;
        return v;
    }

    /// <summary>Central differences in double (h = 1e-5) against the float analytic gradient.</summary>
    private static string? Check(double[] values, float[] analytic, Func<double> loss, string what)
    {
        const double h = 1e-5;
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            if (!(Math.Abs(numeric - analytic[i]) <= 1e-4 + 1e-4 * Math.Abs(numeric)))
                return $"{what}[{i}]: analytic {analytic[i]}, central difference {numeric}";
        }
        return null;
    }

    [Fact]
    public void BatchNormalization_WithoutScaleAndCenter_UsesOneAndZero()
    {
        var rng = new Rng(2);
        const int rows = 6, channels = 2;
        float[] x = LayerCases.Random(rng, rows * channels);
        var withParams = new float[x.Length];
        var without = new float[x.Length];
        BatchNormalizationKernel.ForwardTraining(x, [1f, 1f], [0f, 0f], new float[2], new float[2], withParams, new float[4], rows, channels);
        BatchNormalizationKernel.ForwardTraining(x, [], [], new float[2], new float[2], without, new float[4], rows, channels);
        Assert.Equal(withParams, without);
    }

    [Fact]
    public void BatchNormalization_LargeMean_KeepsTheVariance()
    {
        // E[x²] − μ² would lose σ² = 1 entirely at μ = 1e4 in float; the two-pass variance keeps it.
        const int rows = 1000;
        var x = new float[rows];
        for (int r = 0; r < rows; r++) x[r] = 10000f + (r % 2 == 0 ? 1f : -1f);
        var saved = new float[2];
        var movingVariance = new float[] { 0f };
        BatchNormalizationKernel.ForwardTraining(x, [], [], new float[1], movingVariance, new float[rows], saved, rows, 1, momentum: 0f);
        Assert.Equal(10000f, saved[0]);
        Assert.Equal(1f, movingVariance[0], 1e-6f);
    }

    [Fact]
    public void BatchNormalization_BadLengths_ThrowNamingExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BatchNormalizationKernel.ForwardTraining(new float[12], new float[3], new float[3], new float[3], new float[3], new float[12], new float[5], 4, 3));
        Assert.Equal("saved", e.ParamName);
        Assert.Contains("6", e.Message);
        Assert.Contains("5", e.Message);
        e = Assert.Throws<ArgumentException>(() =>
            BatchNormalizationKernel.ForwardInference(new float[12], new float[2], [], new float[3], new float[3], new float[12], 4, 3));
        Assert.Equal("gamma", e.ParamName);
        e = Assert.Throws<ArgumentException>(() =>
            BatchNormalizationKernel.BackwardTraining(new float[12], [], new float[6], new float[11], new float[12], [], [], 4, 3));
        Assert.Equal("dy", e.ParamName);
        Assert.Contains("12", e.Message);
        Assert.Contains("11", e.Message);
    }

    /// <summary>
    /// The training passes are vectorised across channels (lanes, a scalar tail, blocks of 128 channels) with even and odd
    /// rows summed apart, and from 2,048 rows in row blocks whose sums are added in block order: widths around each boundary,
    /// odd row counts and several blocks, against a plain float64 forward and backward.
    /// </summary>
    [Theory]
    [InlineData(1, 8)]
    [InlineData(7, 9)]
    [InlineData(33, 16)]
    [InlineData(50, 13)]
    [InlineData(12, 37)]
    [InlineData(5, 130)]
    [InlineData(2, 264)]
    [InlineData(2048, 9)]
    [InlineData(5003, 24)]
    [InlineData(3000, 130)]
    public void BatchNormalization_Training_MatchesFloat64AtEveryChannelWidth(int rows, int channels)
    {
        var random = new Random(rows * 1000 + channels);
        float[] Values(int n, double scale, double offset) => Enumerable.Range(0, n).Select(_ => (float)(offset + scale * (random.NextDouble() * 2 - 1))).ToArray();
        float[] x = Values(rows * channels, 3, 0.5), dy = Values(rows * channels, 1, 0), gamma = Values(channels, 0.5, 1), beta = Values(channels, 1, 0);
        float[] movingMean = Values(channels, 1, 0), movingVariance = Values(channels, 0.2, 1);
        float[] mean0 = (float[])movingMean.Clone(), variance0 = (float[])movingVariance.Clone();
        var y = new float[rows * channels];
        var saved = new float[2 * channels];
        const float momentum = 0.9f, epsilon = 1e-3f;
        BatchNormalizationKernel.ForwardTraining(x, gamma, beta, movingMean, movingVariance, y, saved, rows, channels, momentum, epsilon);
        var dx = new float[rows * channels];
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        BatchNormalizationKernel.BackwardTraining(x, gamma, saved, dy, dx, dGamma, dBeta, rows, channels);
        for (int c = 0; c < channels; c++)
        {
            double mu = 0, variance = 0;
            for (int r = 0; r < rows; r++) mu += x[r * channels + c];
            mu /= rows;
            for (int r = 0; r < rows; r++) variance += Math.Pow(x[r * channels + c] - mu, 2);
            variance /= rows;
            double inv = 1 / Math.Sqrt(variance + epsilon), sumDy = 0, sumDyXhat = 0;
            for (int r = 0; r < rows; r++)
            {
                int o = r * channels + c;
                double xhat = (x[o] - mu) * inv;
                Assert.Equal(xhat * gamma[c] + beta[c], y[o], 1e-5);
                sumDy += dy[o];
                sumDyXhat += dy[o] * xhat;
            }
            Assert.Equal(mu, saved[c], 1e-6);
            Assert.Equal(inv, saved[channels + c], 1e-5 * inv);
            Assert.Equal(momentum * mean0[c] + (1 - momentum) * mu, movingMean[c], 1e-6);
            Assert.Equal(momentum * variance0[c] + (1 - momentum) * variance, movingVariance[c], 1e-5);
            Assert.Equal(sumDy, dBeta[c], 1e-5);
            Assert.Equal(sumDyXhat, dGamma[c], 1e-5);
            for (int r = 0; r < rows; r++)
            {
                int o = r * channels + c;
                double xhat = (x[o] - mu) * inv;
                Assert.Equal(gamma[c] * inv * (dy[o] - (sumDy + xhat * sumDyXhat) / rows), dx[o], 1e-4);
            }
        }
        var dxFrozen = new float[rows * channels];
        BatchNormalizationKernel.BackwardInference(x, gamma, movingMean, movingVariance, dy, dxFrozen, dGamma, dBeta, rows, channels, epsilon);
        for (int i = 0; i < dxFrozen.Length; i++)
        {
            int c = i % channels;
            Assert.Equal(gamma[c] / Math.Sqrt(movingVariance[c] + (double)epsilon) * dy[i], dxFrozen[i], 1e-5);
        }
    }

    /// <summary>
    /// From 2,048 rows the training passes are cut into row blocks fixed by the row count, which the workers share while a
    /// whole-batch step runs (<see cref="KernelThreads"/>): one and two threads give the same bits.
    /// </summary>
    [Theory]
    [InlineData(2048, 16)]
    [InlineData(25_088, 16)]
    [InlineData(6_273, 40)]
    public void BatchNormalization_Training_RowBlocks_SameBitsOnOneAndTwoThreads(int rows, int channels)
    {
        var random = new Random(rows + channels);
        float[] Values(int n, double scale, double offset) => Enumerable.Range(0, n).Select(_ => (float)(offset + scale * (random.NextDouble() * 2 - 1))).ToArray();
        float[] x = Values(rows * channels, 3, 0.5), dy = Values(rows * channels, 1, 0), gamma = Values(channels, 0.5, 1), beta = Values(channels, 1, 0);
        float[][] Step(int threads)
        {
            float[] movingMean = new float[channels], movingVariance = Enumerable.Repeat(1f, channels).ToArray();
            float[] y = new float[rows * channels], saved = new float[2 * channels], dx = new float[rows * channels];
            float[] dGamma = new float[channels], dBeta = new float[channels];
            using (KernelThreads.Use(threads))
            {
                BatchNormalizationKernel.ForwardTraining(x, gamma, beta, movingMean, movingVariance, y, saved, rows, channels);
                BatchNormalizationKernel.BackwardTraining(x, gamma, saved, dy, dx, dGamma, dBeta, rows, channels);
            }
            return [y, saved, movingMean, movingVariance, dx, dGamma, dBeta];
        }
        Assert.True(BatchNormalizationKernel.RowBlocks(rows) > 1);
        var one = Step(1);
        var two = Step(2);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }
}
