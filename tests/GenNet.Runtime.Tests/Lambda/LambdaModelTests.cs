using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Lambda;

/// <summary>Lambda layers call the user's static methods: forward values, gradients through the user's backward, training.</summary>
public class LambdaModelTests
{
    [Fact]
    public void LambdaAsOutput_Predict_GivesTheFunctionOfEverySample()
    {
        var model = new RowSumsModel();
        var rng = new Rng(11);
        const int count = 7;
        float[] x = Enumerable.Range(0, count * RowSumsModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = new float[count * RowSumsModel.OutputSize];
        model.Predict(x, y);
        for (int r = 0; r < count * 2; r++)
        {
            float expected = x[3 * r] + x[3 * r + 1] + x[3 * r + 2];
            Assert.Equal(expected, y[r], 6);
        }

        // One sample at a time: the function sees batch = 1.
        Span<float> single = stackalloc float[RowSumsModel.OutputSize];
        model.Predict(x.AsSpan(RowSumsModel.InputSize * 3, RowSumsModel.InputSize), single);
        Assert.Equal(y[6], single[0], 6);
        Assert.Equal(y[7], single[1], 6);
    }

    [Fact]
    public void LambdaInChunkedEvaluation_SeesEachChunksRows()
    {
        // Batches of 128 run as 4 chunks of 32 rows (65 → 33 + 32): the function gets each chunk's row count as batch.
        var model = new RowSumsModel();
        var rng = new Rng(12);
        const int count = 321;
        float[] x = Enumerable.Range(0, count * RowSumsModel.InputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] sums = Enumerable.Range(0, count * 2).Select(r => x[3 * r] + x[3 * r + 1] + x[3 * r + 2]).ToArray();
        model.Compile(Loss.MeanSquaredError, new SGD());
        Assert.Equal(0, model.Evaluate(x, sums, batchSize: 128, verbose: 0).Loss, 10);
        Assert.Equal(0, model.Evaluate(x, sums, batchSize: 65, verbose: 0).Loss, 10);
    }

    [Fact]
    public void LambdaBetweenDenseLayers_Predict_MatchesTheHandComputedForward()
    {
        var model = new SquareLambdaModel(seed: 5);
        float[] x = { 0.3f, -0.7f, 1.1f, 0.05f };
        float[] y = new float[SquareLambdaModel.OutputSize];
        model.Predict(x, y);

        double[] hidden = Affine(x.Select(v => (double)v).ToArray(), model.DenseKernel, model.DenseBias, 4, 6)
            .Select(z => Math.Tanh(z) * Math.Tanh(z)).ToArray();
        double[] logits = Affine(hidden, model.Dense1Kernel, model.Dense1Bias, 6, 3);
        double max = logits.Max();
        double sum = logits.Sum(z => Math.Exp(z - max));
        for (int j = 0; j < 3; j++) Assert.Equal(Math.Exp(logits[j] - max) / sum, y[j], 5);
    }

    [Fact]
    public void LambdaWithBackward_GradientsMatchCentralDifferences()
    {
        var model = new SquareLambdaModel(seed: 4);
        var (x, y) = Data(seed: 8, count: 12, inputs: 4, classes: 3);
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void FunctionalLambdaOnASharedTensor_GradientsMatchCentralDifferences()
    {
        var model = new ResidualSquareModel(seed: 4);
        var (x, y) = Data(seed: 9, count: 10, inputs: 4, classes: 2);
        ModelGradientTests.CheckGradients(model, Loss.CategoricalCrossentropy, x, y);
    }

    [Fact]
    public void LambdaWithBackward_BetweenTrainableLayers_Trains()
    {
        // Three classes by which coordinate of four is largest: the Dense before the Lambda learns only through SquareBackward.
        var rng = new Rng(17);
        const int count = 300;
        float[] x = Enumerable.Range(0, count * 4).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(i => x.AsSpan(4 * i, 3).IndexOf(MaxOf(x.AsSpan(4 * i, 3)))).ToArray();
        float[] y = Encoding.OneHot(labels, 3);
        var model = new SquareLambdaModel(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.02f), Metric.Accuracy);
        float[] firstKernel = model.DenseKernel.ToArray();
        var history = model.Fit(x, y, epochs: 40, batchSize: 32, verbose: 0);
        double first = history["loss"][0], last = history["loss"][^1];
        double accuracy = model.Evaluate(x, y, verbose: 0).Metrics["accuracy"];
        Assert.True(last < 0.5 * first, $"loss {first} → {last}");
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy}");
        Assert.NotEqual(firstKernel, model.DenseKernel.ToArray());
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values) max = Math.Max(max, v);
        return max;
    }

    [Fact]
    public void LambdaFirstWithoutBackward_Trains_ToSeparateACircle()
    {
        // Inside the circle x² + y² < 0.5 or not: no line separates it, a line in the Lambda's quadratic features does.
        var rng = new Rng(21);
        const int count = 400;
        float[] x = Enumerable.Range(0, 2 * count).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Enumerable.Range(0, count).Select(i => x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1] < 0.5f ? 1f : 0f).ToArray();
        var model = new QuadraticFeaturesModel(seed: 1);
        model.Compile(Loss.BinaryCrossentropy, new Adam(0.05f), Metric.Accuracy);
        double before = model.Evaluate(x, y, verbose: 0).Metrics["accuracy"];
        model.Fit(x, y, epochs: 60, batchSize: 32, verbose: 0);
        double after = model.Evaluate(x, y, verbose: 0).Metrics["accuracy"];
        Assert.True(after >= 0.95, $"accuracy {after} after training (before: {before})");
    }

    [Fact]
    public void Summary_ShowsLambdaRowsWithOutputShapeAndNoParameters()
    {
        string[] lines = new SquareLambdaModel().SummaryText().Split('\n');
        string row = Assert.Single(lines, l => l.Contains("lambda (Lambda)", StringComparison.Ordinal));
        string[] cells = row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(new[] { "lambda (Lambda)", "(None, 6)", "0" }, cells);
        Assert.Contains("Total params: 51", string.Join("\n", lines), StringComparison.Ordinal);
    }

    [Fact]
    public void TrainOnBatchAndPredict_ThroughALambda_AfterWarmUp_AllocateNothing()
    {
        var model = new SquareLambdaModel(seed: 3);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var (x, y) = Data(seed: 2, count: 16, inputs: 4, classes: 3);
        float[] predictions = new float[16 * 3];
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.TrainOnBatch(x, y);
            model.Predict(x, predictions);
        });
    }

    [Fact]
    public void OnnxExport_OfALambda_ThrowsNamingTheLayer()
    {
        var error = Assert.Throws<NotSupportedException>(() => new RowSumsModel().ToOnnx());
        Assert.Contains("'row_sums'", error.Message, StringComparison.Ordinal);
        Assert.Contains("LambdaOps.RowSums", error.Message, StringComparison.Ordinal);
    }

    private static double[] Affine(double[] x, Span<float> kernel, Span<float> bias, int inputs, int units)
    {
        var z = new double[units];
        for (int j = 0; j < units; j++)
        {
            z[j] = bias[j];
            for (int i = 0; i < inputs; i++) z[j] += x[i] * kernel[i * units + j];
        }
        return z;
    }

    private static (float[] X, float[] Y) Data(int seed, int count, int inputs, int classes)
    {
        var rng = new Rng((ulong)seed);
        float[] x = Enumerable.Range(0, count * inputs).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, count).Select(i => i % classes).ToArray(), classes);
        return (x, y);
    }
}
