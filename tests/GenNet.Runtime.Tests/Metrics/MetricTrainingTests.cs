using GenNet.Tests.Models;
using Xunit;
using static GenNet.Tests.Metrics.MetricReference;

namespace GenNet.Tests.Metrics;

/// <summary>
/// Streaming metrics through Fit and Evaluate: the running value after each batch, the epoch value in History, the val_
/// value and Evaluate's, against float64 references computed from the model's predictions (learning rate 0 keeps them fixed).
/// </summary>
public class MetricTrainingTests
{
    private sealed class BatchLogs : Callback
    {
        public List<Dictionary<string, double>> Batches { get; } = [];

        public override void OnBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Batches.Add(new(logs));
    }

    private static (float[] X, float[] Y, float[] W) Data(int rows, int seed)
    {
        var rng = new Rng((ulong)seed);
        float[] x = [.. Enumerable.Range(0, rows * 3).Select(_ => rng.NextSingle() * 2 - 1)];
        float[] y = [.. Enumerable.Range(0, rows * 2).Select(_ => rng.NextSingle() * 3 - 1)];
        float[] w = [.. Enumerable.Range(0, rows).Select(_ => 0.25f + rng.NextSingle())];
        return (x, y, w);
    }

    private static RegressionModel Frozen(int threads = 1)
    {
        var model = new RegressionModel(seed: 4) { Output = new StringWriter(), Threads = threads };
        model.Compile("mse", new SGD(0f), metrics: new[] { "mae", "root_mean_squared_error", "cosine_similarity" });
        return model;
    }

    [Fact]
    public void Fit_LogsRunningValuesPerBatch_EpochValuesInHistory_AndValValues()
    {
        var (x, y, w) = Data(10, seed: 5);
        var (vx, vy, _) = Data(7, seed: 6);
        var model = Frozen();
        float[] p = model.Predict(x), vp = model.Predict(vx);
        var logs = new BatchLogs();
        var history = model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, shuffle: false, sampleWeight: w,
            validationData: (vx, vy), callbacks: [logs]);

        Assert.Equal(["cosine_similarity", "loss", "mae", "root_mean_squared_error", "val_cosine_similarity", "val_loss", "val_mae",
            "val_root_mean_squared_error"], history.Values.Keys);
        int[] rowsSeen = [4, 8, 10, 4, 8, 10]; // the running values restart each epoch
        Assert.Equal(6, logs.Batches.Count);
        for (int b = 0; b < 6; b++)
        {
            int rows = rowsSeen[b];
            Assert.Equal(WeightedMean(Mae, y, p, w, 2, rows), logs.Batches[b]["mae"], 1e-5);
            Assert.Equal(Math.Sqrt(WeightedMean(Mse, y, p, w, 2, rows)), logs.Batches[b]["root_mean_squared_error"], 1e-5);
            Assert.Equal(WeightedMean(Cosine, y, p, w, 2, rows), logs.Batches[b]["cosine_similarity"], 1e-5);
        }
        Assert.Equal(WeightedMean(Mae, y, p, w, 2, 10), history["mae"][^1], 1e-5);
        Assert.Equal(Math.Sqrt(WeightedMean(Mse, y, p, w, 2, 10)), history["root_mean_squared_error"][0], 1e-5);
        // Validation is unweighted and restarts the metrics; the training value logged before it is kept.
        Assert.Equal(WeightedMean(Mae, vy, vp, [], 2, 7), history["val_mae"][0], 1e-5);
        Assert.Equal(Math.Sqrt(WeightedMean(Mse, vy, vp, [], 2, 7)), history["val_root_mean_squared_error"][1], 1e-5);

        // The validation's batches (4 rows): metrics add float sums per batch, so other batches round differently (~1e-9).
        var evaluation = model.Evaluate(vx, vy, batchSize: 4, verbose: 0);
        Assert.Equal(history["val_mae"][1], evaluation.Metrics["mae"], 1e-12);
        Assert.Equal(history["val_root_mean_squared_error"][1], evaluation.Metrics["root_mean_squared_error"], 1e-12);
        Assert.Equal(WeightedMean(Cosine, vy, vp, [], 2, 7), evaluation.Metrics["cosine_similarity"], 1e-5);
    }

    [Fact]
    public void Fit_OneAndTwoThreads_LogBitIdenticalMetrics()
    {
        var (x, y, w) = Data(40, seed: 8);
        var h1 = Frozen(threads: 1).Fit(x, y, epochs: 2, batchSize: 16, verbose: 0, sampleWeight: w, validationSplit: 0.25);
        var h2 = Frozen(threads: 2).Fit(x, y, epochs: 2, batchSize: 16, verbose: 0, sampleWeight: w, validationSplit: 0.25);
        foreach (string key in h1.Values.Keys) Assert.Equal(h1[key], h2[key]);
    }

    [Fact]
    public void Compile_StringArrayOfMetrics_CompilesAndReportsByThoseNames()
    {
        // The literal port of compile(..., metrics=["accuracy"]); once a CS1503 (string[] to Metric).
        var model = new TanhSoftmaxModel(seed: 1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f), metrics: new[] { "accuracy" });
        Assert.Equal(["accuracy"], model.CompiledMetrics.Select(m => m.Name));
        model.Compile("categorical_crossentropy", "sgd", "accuracy", "mse");
        Assert.Equal(["accuracy", "mse"], model.CompiledMetrics.Select(m => m.Name));
        model.Compile("categorical_crossentropy", "sgd", metrics: ["mae", "acc"]); // a collection expression picks one overload
        Assert.Equal(["mae", "acc"], model.CompiledMetrics.Select(m => m.Name));
        model.Compile("categorical_crossentropy", "sgd", new List<string> { "acc" });
        Assert.Equal(["acc"], model.CompiledMetrics.Select(m => m.Name));

        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 12);
        var history = model.Fit(x, y, epochs: 1, batchSize: 5, verbose: 0);
        Assert.Equal(["acc", "loss"], history.Values.Keys);
        var e = Assert.Throws<ArgumentException>(() => model.Compile("mse", "sgd", metrics: new[] { "precision_at_7" }));
        Assert.Contains("'precision_at_7'", e.Message);
    }

    [Fact]
    public void MultiOutput_OneMetricInstanceForEveryOutput_KeepsStatePerOutput()
    {
        var rng = new Rng(3);
        const int count = 9;
        float[] x1 = [.. Enumerable.Range(0, count * 4).Select(_ => rng.NextSingle() * 2 - 1)];
        float[] x2 = [.. Enumerable.Range(0, count * 3).Select(_ => rng.NextSingle() * 2 - 1)];
        float[] ya = [.. Enumerable.Range(0, count * 3).Select(_ => rng.NextSingle())];
        float[] yb = [.. Enumerable.Range(0, count * 2).Select(_ => rng.NextSingle() * 2 - 1)];
        var model = new TwoInTwoOutModel(seed: 2) { Output = new StringWriter() };
        var mae = new GenNet.Metrics.MeanAbsoluteError(name: "mae");
        var positives = new GenNet.Metrics.TruePositives(name: "tp");
        model.Compile(Loss.MeanSquaredError, new SGD(0f), mae, positives); // the same instances serve both outputs
        float[][] p = model.Predict(new Samples[] { x1, x2 });

        var evaluation = model.Evaluate(new Samples[] { x1, x2 }, new Samples[] { ya, yb }, batchSize: 4, verbose: 0);
        Assert.Equal(WeightedMean(Mae, ya, p[0], [], 3, count), evaluation.Metrics["a_mae"], 1e-5);
        Assert.Equal(WeightedMean(Mae, yb, p[1], [], 2, count), evaluation.Metrics["b_mae"], 1e-5);
        Assert.Equal(WeightedMean(Mse, yb, p[1], [], 2, count), evaluation.Metrics["b_loss"], 1e-5);
        Assert.Equal(ya.Zip(p[0]).Count(e => e.First != 0 && e.Second > 0.5f), evaluation.Metrics["a_tp"]);
        Assert.Equal(yb.Zip(p[1]).Count(e => e.First != 0 && e.Second > 0.5f), evaluation.Metrics["b_tp"]);
    }
}

/// <summary>Confusion-matrix metrics through Fit and Evaluate, and the vector-result guard.</summary>
public class ConfusionMetricTrainingTests
{
    [Fact]
    public void SigmoidModel_PrecisionRecallAuc_InHistoryAndEvaluate_MatchCountsFromPredictions()
    {
        var rng = new Rng(11);
        const int rows = 30;
        float[] x = [.. Enumerable.Range(0, rows * 4).Select(_ => rng.NextSingle() * 2 - 1)];
        float[] y = [.. Enumerable.Range(0, rows).Select(i => x[i * 4] + 0.3f * x[i * 4 + 1] > 0 ? 1f : 0f)];
        float[] w = [.. Enumerable.Range(0, rows).Select(_ => 0.5f + rng.NextSingle())];
        var model = new SigmoidStackModel(seed: 3) { Output = new StringWriter() };
        model.Compile("binary_crossentropy", new SGD(0f), "precision", "recall", new GenNet.Metrics.AUC(numThresholds: 50), "true_positives");
        float[] p = model.Predict(x);
        var history = model.Fit(x, y, epochs: 1, batchSize: 7, verbose: 0, shuffle: false, sampleWeight: w);

        double tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < rows; i++)
        {
            bool predicted = p[i] > 0.5f, positive = y[i] != 0;
            if (predicted && positive) tp += w[i];
            else if (predicted) fp += w[i];
            else if (positive) fn += w[i];
        }
        Assert.Equal(tp / (tp + fp), history["precision"][0], 1e-9);
        Assert.Equal(tp / (tp + fn), history["recall"][0], 1e-9);
        Assert.Equal(tp, history["true_positives"][0], 1e-9);
        Assert.InRange(history["auc"][0], 0, 1);

        var evaluation = model.Evaluate(x, y, batchSize: 8, verbose: 0);
        double utp = Enumerable.Range(0, rows).Count(i => p[i] > 0.5f && y[i] != 0);
        double ufp = Enumerable.Range(0, rows).Count(i => p[i] > 0.5f && y[i] == 0);
        Assert.Equal(utp / (utp + ufp), evaluation.Metrics["precision"], 1e-9);
        Assert.Equal(utp, evaluation.Metrics["true_positives"]);
    }

    [Fact]
    public void VectorResult_IsLoggedOneNumberPerComponent()
    {
        // F1Score() with average None gives one F1 per class (Keras logs the vector): here f1_score_0, f1_score_1, f1_score_2.
        var model = new TanhSoftmaxModel(seed: 1) { Output = new StringWriter() };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(0f), new GenNet.Metrics.F1Score());
        var (x, y) = ModelDeterminismTests.Data(seed: 1, count: 12);
        var history = model.Fit(x, y, epochs: 1, batchSize: 5, verbose: 0);
        float[] p = model.Predict(x);   // SGD(0): the weights Fit scored with

        var evaluation = model.Evaluate(x, y, batchSize: 4, verbose: 0);
        for (int k = 0; k < 3; k++)
        {
            // The row's largest probability is its positive class; F1 = 2tp / (2tp + fp + fn), computed here from the rows.
            double tp = 0, fp = 0, fn = 0;
            for (int r = 0; r < 12; r++)
            {
                int predicted = Enumerable.Range(0, 3).MaxBy(j => p[r * 3 + j]);
                bool positive = predicted == k, actual = y[r * 3 + k] == 1;
                if (positive && actual) tp++;
                else if (positive) fp++;
                else if (actual) fn++;
            }
            double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
            Assert.Equal(f1, history["f1_score_" + k][0], 5);
            Assert.Equal(f1, evaluation.Metrics["f1_score_" + k], 5);
        }
        Assert.False(history.Values.ContainsKey("f1_score"));
    }
}

/// <summary>A user's own metric with streaming state that is no mean: the largest absolute error seen since the reset.</summary>
public class CustomStreamingMetricTests
{
    private sealed class MaxAbsoluteError : Metric
    {
        private double _max;

        public List<int> Batches { get; } = [];

        public int Resets { get; private set; }

        public override string Name => "max_abs_error";

        public override bool HigherIsBetter => false;

        public override void ResetState()
        {
            _max = 0;
            Resets++;
        }

        public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
        {
            Batches.Add(batch);
            for (int i = 0; i < batch * n; i++) _max = Math.Max(_max, Math.Abs(yTrue[i] - yPred[i]));
        }

        public override double Result() => _max;
    }

    [Fact]
    public void UserMetric_KeepsItsStateAcrossBatches_AndIsResetPerEpochAndEvaluation()
    {
        var rng = new Rng(2);
        float[] x = [.. Enumerable.Range(0, 11 * 3).Select(_ => rng.NextSingle() * 2 - 1)];
        float[] y = [.. Enumerable.Range(0, 11 * 2).Select(_ => rng.NextSingle() * 4 - 2)];
        var metric = new MaxAbsoluteError();
        var model = new RegressionModel(seed: 1) { Output = new StringWriter() };
        model.Compile("mse", new SGD(0f), metric);
        float[] p = model.Predict(x);
        double expected = y.Zip(p).Max(e => Math.Abs((double)e.First - e.Second));

        var history = model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, shuffle: false);
        Assert.Equal([4, 4, 3, 4, 4, 3], metric.Batches);
        Assert.Equal(3, metric.Resets); // the default Build resets, then each epoch does
        Assert.Equal(expected, history["max_abs_error"][1], 1e-6);
        Assert.Equal(expected, model.Evaluate(x, y, verbose: 0).Metrics["max_abs_error"], 1e-6);
    }
}
