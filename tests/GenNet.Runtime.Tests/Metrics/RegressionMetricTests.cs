using GenNet.Metrics;
using Xunit;
using static GenNet.Tests.Metrics.MetricReference;

namespace GenNet.Tests.Metrics;

/// <summary>Keras' regression metrics, streaming over two weighted batches, against float64 references.</summary>
public class RegressionMetricTests
{
    public static TheoryData<string, string> Metrics() => new()
    {
        { "mse", "mse" }, { "mae", "mae" }, { "mape", "mape" }, { "msle", "msle" },
        { "cosine_similarity", "cosine" }, { "log_cosh_error", "logcosh" }, { "root_mean_squared_error", "rmse" },
        { "MeanSquaredError", "mse" }, { "mean_absolute_error", "mae" },
    };

    private static double Reference(string kind, float[] t, float[] p, float[] w, int rows) => kind switch
    {
        "mse" => WeightedMean(Mse, t, p, w, N, rows),
        "mae" => WeightedMean(Mae, t, p, w, N, rows),
        "mape" => WeightedMean(Mape, t, p, w, N, rows),
        "msle" => WeightedMean(Msle, t, p, w, N, rows),
        "cosine" => WeightedMean(Cosine, t, p, w, N, rows),
        "logcosh" => WeightedMean(LogCosh, t, p, w, N, rows),
        "rmse" => Math.Sqrt(WeightedMean(Mse, t, p, w, N, rows)),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Metric_PerBatchAndAccumulated_MatchesReference(string name, string kind)
    {
        Metric metric = name;
        Assert.Equal(name, metric.Name);
        metric.Build(N, N);
        Assert.Equal(0, metric.Result());

        metric.UpdateState(T1, P1, W1, 3, N);
        Close(Reference(kind, T1, P1, W1, 3), metric.Result());
        metric.UpdateState(T2, P2, W2, 2, N);
        Close(Reference(kind, T, P, W, 5), metric.Result());

        metric.ResetState();
        metric.UpdateState(T2, P2, default, 2, N);
        Close(Reference(kind, T2, P2, [], 2), metric.Result());
    }

    // Relative: MAPE of a zero label is huge (the ε guard), float32 per-sample values keep ~7 digits.
    private static void Close(double expected, double actual) => Assert.Equal(expected, actual, 1e-6 * Math.Max(1, Math.Abs(expected)));

    [Fact]
    public void RootMeanSquaredError_IsTheRootOfTheStreamingMean_NotAMeanOfRoots()
    {
        var rmse = new RootMeanSquaredError();
        rmse.Build(1, 1);
        rmse.UpdateState([0f], [3f], default, 1, 1); // squared error 9
        rmse.UpdateState([0f], [4f], default, 1, 1); // squared error 16
        Assert.Equal(Math.Sqrt(12.5), rmse.Result(), 1e-12);
        Assert.False(rmse.HigherIsBetter);
    }

    [Fact]
    public void KerasDocExamples_GiveKerasValues()
    {
        // keras/src/metrics/regression_metrics.py docstrings.
        var rmse = new RootMeanSquaredError();
        rmse.Build(2, 2);
        rmse.UpdateState([0f, 1f, 0f, 0f], [1f, 1f, 0f, 0f], [1f, 0f], 2, 2);
        Assert.Equal(0.70710677, rmse.Result(), 1e-7);
        var cosine = new CosineSimilarity();
        cosine.Build(2, 2);
        cosine.UpdateState([0f, 1f, 1f, 1f], [1f, 0f, 1f, 1f], [0.3f, 0.7f], 2, 2);
        Assert.Equal(0.7, cosine.Result(), 1e-6);
    }

    [Fact]
    public void Directions_ErrorsDown_CosineUp()
    {
        Assert.False(Metric.FromName("mae").HigherIsBetter);
        Assert.False(Metric.FromName("msle").HigherIsBetter);
        Assert.False(Metric.FromName("log_cosh_error").HigherIsBetter);
        Assert.True(Metric.FromName("cosine_similarity").HigherIsBetter);
    }

    [Fact]
    public void DefaultNames_AreKeras()
    {
        Assert.Equal("mean_squared_error", new MeanSquaredError().Name);
        Assert.Equal("mean_absolute_error", new MeanAbsoluteError().Name);
        Assert.Equal("mean_absolute_percentage_error", new MeanAbsolutePercentageError().Name);
        Assert.Equal("mean_squared_logarithmic_error", new MeanSquaredLogarithmicError().Name);
        Assert.Equal("root_mean_squared_error", new RootMeanSquaredError().Name);
        Assert.Equal("cosine_similarity", new CosineSimilarity().Name);
        Assert.Equal("logcosh", new LogCoshError().Name); // Keras' LogCoshError default name
    }

    [Fact]
    public void LossNames_AreMetrics_TheMeanOfTheLoss()
    {
        var huber = Assert.IsType<LossMetric>(Metric.FromName("huber"));
        Assert.Equal("huber", huber.Name);
        Assert.False(huber.HigherIsBetter);
        huber.Build(N, N);
        huber.UpdateState(T, P, W, 5, N);
        // Huber δ = 1: ½e² for |e| ≤ 1, else |e| − ½.
        static double Huber(double[] t, double[] p) =>
            t.Zip(p, (a, b) => Math.Abs(a - b) <= 1 ? 0.5 * (a - b) * (a - b) : Math.Abs(a - b) - 0.5).Average();
        Assert.Equal(WeightedMean(Huber, T, P, W, N, 5), huber.Result(), 1e-6);

        Metric fromLoss = Loss.MeanSquaredError; // a Loss object in metrics, as Keras allows
        Assert.Equal("mean_squared_error", fromLoss.Name);
        fromLoss.Build(N, N);
        fromLoss.UpdateState(T, P, W, 5, N);
        Assert.Equal(WeightedMean(Mse, T, P, W, N, 5), fromLoss.Result(), 1e-6);
        Assert.Equal("binary_crossentropy", Metric.FromName("binary_crossentropy").Name);
    }

    [Fact]
    public void WrongWeightLength_IsRejectedWithExpectedAndActual()
    {
        Metric metric = "mae";
        metric.Build(N, N);
        var e = Assert.Throws<ArgumentException>(() => metric.UpdateState(T1, P1, [1f], 3, N));
        Assert.Contains("sampleWeight", e.Message);
        Assert.Contains("received 1", e.Message);
    }
}
