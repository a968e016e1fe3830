using GenNet.Metrics;
using Xunit;

namespace GenNet.Tests.Metrics;

/// <summary>
/// Confusion counts, Precision, Recall, AUC, F-scores, R², IoU: Keras' docstring examples (hand-checked values), and
/// float64 references written here for two weighted batches, per batch and accumulated.
/// </summary>
public class ClassificationMetricTests
{
    // Two batches of a 3-output multi-label problem: 0/1 labels, probabilities, weights.
    private const int N = 3;
    private static readonly float[] T1 = [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0];
    private static readonly float[] P1 = [0.9f, 0.4f, 0.3f, 0.6f, 0.1f, 0.8f, 0.7f, 0.5f, 0.2f, 0.05f, 0.95f, 0.55f];
    private static readonly float[] W1 = [1f, 0.5f, 2f, 1.5f];
    private static readonly float[] T2 = [0, 1, 1, 1, 0, 0];
    private static readonly float[] P2 = [0.65f, 0.35f, 0.75f, 0.45f, 0.5f, 0.15f];
    private static readonly float[] W2 = [3f, 0.25f];
    private static float[] T => [.. T1, .. T2];
    private static float[] P => [.. P1, .. P2];
    private static float[] W => [.. W1, .. W2];

    /// <summary>Weighted (tp, fp, tn, fn) at <paramref name="threshold"/> over the first <paramref name="rows"/> rows, column <paramref name="column"/> or all.</summary>
    private static (double Tp, double Fp, double Tn, double Fn) Counts(float[] t, float[] p, float[] w, int rows, double threshold, int? column = null,
        float[]? columnWeights = null)
    {
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < N; j++)
            {
                if (column is int c && j != c) continue;
                bool positive = t[i * N + j] != 0, predicted = p[i * N + j] > threshold;
                double wi = (w.Length == 0 ? 1 : w[i]) * (columnWeights?[j] ?? 1);
                if (positive && predicted) tp += wi;
                else if (positive) fn += wi;
                else if (predicted) fp += wi;
                else tn += wi;
            }
        }
        return (tp, fp, tn, fn);
    }

    private static Metric Built(Metric m, int n = N)
    {
        m.Build(n, n);
        return m;
    }

    [Fact]
    public void ConfusionCounts_KerasDocExamples()
    {
        float[] none = [];
        void Check(Metric m, float[] t, float[] p, float[] w, double expected)
        {
            Built(m, 1).UpdateState(t, p, w, t.Length, 1);
            Assert.Equal(expected, m.Result());
        }
        Check(new FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], none, 2);
        Check(new FalsePositives(), [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0], 1);
        Check(new FalseNegatives(), [0, 1, 1, 1], [0, 1, 0, 0], none, 2);
        Check(new TrueNegatives(), [0, 1, 0, 0], [1, 1, 0, 0], none, 2);
        Check(new TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1], none, 2);
        Check(new TruePositives(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1);
        Check(new Precision(), [0, 1, 1, 1], [1, 0, 1, 1], none, 2.0 / 3);
        Check(new Precision(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1);
        Check(new Recall(), [0, 1, 1, 1], [1, 0, 1, 1], none, 2.0 / 3);
        Check(new Recall(), [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1);
    }

    [Fact]
    public void Precision_TopK_KeepsTheLowerIndicesOnTies_KerasDocExamples()
    {
        var top2 = (Precision)Built(new Precision(topK: 2), 4);
        top2.UpdateState([0, 0, 1, 1], [1, 1, 1, 1], default, 1, 4);
        Assert.Equal(0.0, top2.Result());
        var top4 = (Precision)Built(new Precision(topK: 4), 4);
        top4.UpdateState([0, 0, 1, 1], [1, 1, 1, 1], default, 1, 4);
        Assert.Equal(0.5, top4.Result());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void ConfusionMetrics_TwoWeightedBatches_MatchReference(double threshold)
    {
        float[] th = [(float)threshold];
        Metric[] metrics = [new TruePositives(th), new FalsePositives(th), new TrueNegatives(th), new FalseNegatives(th), new Precision(th), new Recall(th)];
        double[] Expected((double Tp, double Fp, double Tn, double Fn) c) =>
            [c.Tp, c.Fp, c.Tn, c.Fn, c.Tp + c.Fp == 0 ? 0 : c.Tp / (c.Tp + c.Fp), c.Tp + c.Fn == 0 ? 0 : c.Tp / (c.Tp + c.Fn)];
        foreach (var m in metrics) Built(m).UpdateState(T1, P1, W1, 4, N);
        var first = Expected(Counts(T1, P1, W1, 4, (float)threshold));
        for (int k = 0; k < metrics.Length; k++) Assert.Equal(first[k], metrics[k].Result(), 1e-12);
        foreach (var m in metrics) m.UpdateState(T2, P2, W2, 2, N);
        var both = Expected(Counts(T, P, W, 6, (float)threshold));
        for (int k = 0; k < metrics.Length; k++) Assert.Equal(both[k], metrics[k].Result(), 1e-12);
    }

    [Fact]
    public void PrecisionRecall_ClassId_ScoresOneColumn_AndSeveralThresholdsGiveOneValueEach()
    {
        var precision = Built(new Precision(classId: 2));
        var recall = Built(new Recall(thresholds: [0.1f, 0.5f, 0.9f]));
        precision.UpdateState(T, P, W, 6, N);
        recall.UpdateState(T, P, W, 6, N);
        var c = Counts(T, P, W, 6, 0.5, column: 2);
        Assert.Equal(c.Tp / (c.Tp + c.Fp), precision.Result(), 1e-12);
        Assert.Equal(3, recall.ResultCount);
        var values = new double[3];
        recall.Results(values);
        double[] thresholds = [0.1f, 0.5f, 0.9f];
        for (int i = 0; i < 3; i++)
        {
            var ci = Counts(T, P, W, 6, thresholds[i]);
            Assert.Equal(ci.Tp / (ci.Tp + ci.Fn), values[i], 1e-12);
        }
        Assert.Throws<InvalidOperationException>(() => recall.Result());
    }

    [Fact]
    public void Thresholds_OutsideZeroOne_AreRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Precision(thresholds: [0.5f, 1.5f]));
        Assert.Contains("[0, 1]", e.Message);
        Assert.Contains("1.5", e.Message);
        var shape = Assert.Throws<ArgumentException>(() => new Recall().Build(10, 1));
        Assert.Contains("one-hot", shape.Message);
    }

    [Fact]
    public void Auc_KerasDocExample_AndPrCurve()
    {
        var auc = (AUC)Built(new AUC(numThresholds: 3), 1);
        auc.UpdateState([0, 0, 1, 1], [0, 0.5f, 0.3f, 0.9f], default, 4, 1);
        Assert.Equal(0.75, auc.Result(), 1e-12); // hand computation in Keras' docstring
        auc.ResetState();
        auc.UpdateState([0, 0, 1, 1], [0, 0.5f, 0.3f, 0.9f], [1, 0, 0, 1], 4, 1);
        Assert.Equal(1.0, auc.Result(), 1e-12);

        // PR, interpolation, same data, 3 thresholds: tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2].
        // Between θ0 and θ1: dtp = 1, dp = 3, slope 1/3, intercept 1 − 1/3 = 2/3, ratio 4/1:
        // (1/3)(1 + (2/3)·ln 4) / (tp1 + fn1 = 2). Between θ1 and θ2: p2 = 0, so ratio 1, slope 1: (1)(1 + 0)/(0 + 2).
        var pr = Built(new AUC(numThresholds: 3, curve: AucCurve.PR), 1);
        pr.UpdateState([0, 0, 1, 1], [0, 0.5f, 0.3f, 0.9f], default, 4, 1);
        double expected = (1.0 / 3) * (1 + 2.0 / 3 * Math.Log(4)) / 2 + 1.0 * (1 + 0) / 2;
        Assert.Equal(expected, pr.Result(), 1e-12);
    }

    [Theory]
    [InlineData(AucCurve.ROC, AucSummationMethod.Minoring, 0.5)]
    [InlineData(AucCurve.ROC, AucSummationMethod.Majoring, 1.0)]
    [InlineData(AucCurve.PR, AucSummationMethod.Minoring, 0.25)]
    [InlineData(AucCurve.PRGain, AucSummationMethod.Interpolation, 0.5)]
    public void Auc_OtherCurvesAndSums_HandComputed(AucCurve curve, AucSummationMethod method, double expected)
    {
        // Keras' docstring data, 3 thresholds: tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2].
        // ROC: fpr = [1, 0, 0], tpr = [1, 0.5, 0]: minoring 1·0.5 + 0, majoring 1·1 + 0.
        // PR: recall = [1, 0.5, 0], precision = [0.5, 1, 0]: minoring (1 − 0.5)·min(0.5, 1) + (0.5 − 0)·min(1, 0).
        // PRGain (scale (tp + fn)/(tn + fp) = 1): recall gain = [1, 0, 0], precision gain = [0, 1, 1]: 1·(0 + 1)/2 + 0.
        var auc = Built(new AUC(numThresholds: 3, curve: curve, summationMethod: method), 1);
        auc.UpdateState([0, 0, 1, 1], [0, 0.5f, 0.3f, 0.9f], default, 4, 1);
        Assert.Equal(expected, auc.Result(), 1e-12);
    }

    /// <summary>ROC AUC as Keras approximates it: counts at T even thresholds, trapezoids of recall against fpr.</summary>
    private static double RocReference(float[] t, float[] p, float[] w, int rows, int thresholds, int? column = null,
        float[]? columnWeights = null)
    {
        var th = new double[thresholds];
        th[0] = (float)-1e-7;
        th[^1] = (float)(1 + 1e-7);
        for (int i = 1; i < thresholds - 1; i++) th[i] = (float)(i / (double)(thresholds - 1));
        double sum = 0;
        for (int i = 0; i < thresholds - 1; i++)
        {
            var a = Counts(t, p, w, rows, th[i], column, columnWeights);
            var b = Counts(t, p, w, rows, th[i + 1], column, columnWeights);
            double fprA = a.Fp / (a.Fp + a.Tn), fprB = b.Fp + b.Tn == 0 ? 0 : b.Fp / (b.Fp + b.Tn);
            double tprA = a.Tp / (a.Tp + a.Fn), tprB = b.Tp / (b.Tp + b.Fn);
            sum += (fprA - fprB) * (tprA + tprB) / 2;
        }
        return sum;
    }

    [Theory]
    [InlineData(200)]
    [InlineData(7)]
    public void Auc_TwoWeightedBatches_MatchesReference(int thresholds)
    {
        var auc = Built(new AUC(numThresholds: thresholds));
        auc.UpdateState(T1, P1, W1, 4, N);
        Assert.Equal(RocReference(T1, P1, W1, 4, thresholds), auc.Result(), 1e-12);
        auc.UpdateState(T2, P2, W2, 2, N);
        Assert.Equal(RocReference(T, P, W, 6, thresholds), auc.Result(), 1e-12);
        // Enough thresholds and no tied scores: the exact ROC AUC, P(score of a positive > score of a negative), weighted.
        if (thresholds == 200)
        {
            double pairs = 0, wins = 0;
            for (int a = 0; a < T.Length; a++)
            {
                for (int b = 0; b < T.Length; b++)
                {
                    if (T[a] == 0 || T[b] != 0) continue;
                    double weight = W[a / N] * W[b / N];
                    pairs += weight;
                    if (P[a] > P[b]) wins += weight;
                }
            }
            Assert.Equal(wins / pairs, auc.Result(), 1e-2);
        }
    }

    [Fact]
    public void Auc_MultiLabel_AveragesThePerOutputCurves_WeightedByLabelWeights()
    {
        double[] perOutput = [.. Enumerable.Range(0, N).Select(j => RocReference(T, P, W, 6, 200, column: j))];
        var mean = Built(new AUC(multiLabel: true));
        mean.UpdateState(T1, P1, W1, 4, N);
        mean.UpdateState(T2, P2, W2, 2, N);
        Assert.Equal(perOutput.Average(), mean.Result(), 1e-12);

        float[] labelWeights = [1f, 3f, 0.5f];
        var weighted = Built(new AUC(multiLabel: true, labelWeights: labelWeights));
        weighted.UpdateState(T, P, W, 6, N);
        Assert.Equal(perOutput.Select((a, j) => a * labelWeights[j]).Sum() / 4.5, weighted.Result(), 1e-12);
        Assert.Throws<ArgumentException>(() => new AUC(multiLabel: true, labelWeights: [1f]).Build(N, N));

        // Not multi-label: the label weights scale each element's weight in the one curve.
        var scaled = Built(new AUC(labelWeights: labelWeights));
        scaled.UpdateState(T, P, W, 6, N);
        Assert.Equal(RocReference(T, P, W, 6, 200, columnWeights: labelWeights), scaled.Result(), 1e-12);
    }

    [Fact]
    public void Auc_FromLogits_EqualsAucOfTheSigmoids()
    {
        float[] logits = [.. P.Select(p => MathF.Log(p / (1 - p)))];
        var fromLogits = Built(new AUC(fromLogits: true));
        var plain = Built(new AUC());
        fromLogits.UpdateState(T, logits, W, 6, N);
        plain.UpdateState(T, P, W, 6, N);
        Assert.Equal(plain.Result(), fromLogits.Result(), 1e-6);
    }

    [Fact]
    public void FScores_KerasDocExample()
    {
        float[] t = [1, 1, 1, 1, 0, 0, 1, 1, 0];
        float[] p = [0.2f, 0.6f, 0.7f, 0.2f, 0.6f, 0.6f, 0.6f, 0.8f, 0.0f];
        var fbeta = Built(new FBetaScore(beta: 2.0, threshold: 0.5f));
        fbeta.UpdateState(t, p, default, 3, 3);
        var values = new double[3];
        fbeta.Results(values);
        // Keras' float32 values; the counts here are kept in double.
        Assert.Equal(0.3846154, values[0], 1e-6);
        Assert.Equal(0.90909094, values[1], 1e-6);
        Assert.Equal(0.8333334, values[2], 1e-6);
        var f1 = Built(new F1Score(threshold: 0.5f));
        f1.UpdateState(t, p, default, 3, 3);
        f1.Results(values);
        // Hand counts per class: tp = [1, 2, 1], fp = [0, 1, 1], fn = [2, 0, 0] → F1 = 2PR/(P + R).
        Assert.Equal(2 * 1 * (1 / 3.0) / (1 + 1 / 3.0), values[0], 1e-6);
        Assert.Equal(2 * (2 / 3.0) * 1 / (2 / 3.0 + 1), values[1], 1e-6);
        Assert.Equal(2 * 0.5 * 1 / (0.5 + 1), values[2], 1e-6);
    }

    [Theory]
    [InlineData(FScoreAverage.Micro)]
    [InlineData(FScoreAverage.Macro)]
    [InlineData(FScoreAverage.Weighted)]
    public void FBeta_Averages_TwoWeightedBatches_MatchReference(FScoreAverage average)
    {
        const double beta = 0.5, eps = 1e-7;
        double Reference(float[] t, float[] p, float[] w, int rows, bool argmaxRule)
        {
            var tp = new double[N]; var fp = new double[N]; var fn = new double[N]; var support = new double[N];
            for (int i = 0; i < rows; i++)
            {
                double max = Enumerable.Range(0, N).Max(j => p[i * N + j]);
                for (int j = 0; j < N; j++)
                {
                    double pred = argmaxRule ? (p[i * N + j] >= max && Math.Abs(p[i * N + j]) > 1e-9 ? 1 : 0) : (p[i * N + j] > 0.5f ? 1 : 0);
                    double label = t[i * N + j], wi = w[i];
                    tp[j] += pred * label * wi; fp[j] += pred * (1 - label) * wi; fn[j] += (1 - pred) * label * wi; support[j] += label * wi;
                }
            }
            double F(double a, double b, double c)
            {
                double pr = a / (a + b + eps), re = a / (a + c + eps);
                return pr * re / (beta * beta * pr + re + eps) * (1 + beta * beta);
            }
            return average switch
            {
                FScoreAverage.Micro => F(tp.Sum(), fp.Sum(), fn.Sum()),
                FScoreAverage.Macro => Enumerable.Range(0, N).Average(j => F(tp[j], fp[j], fn[j])),
                _ => Enumerable.Range(0, N).Sum(j => F(tp[j], fp[j], fn[j]) * support[j] / (support.Sum() + eps)),
            };
        }
        foreach (bool argmaxRule in new[] { false, true })
        {
            var m = Built(new FBetaScore(average, beta, argmaxRule ? null : 0.5f));
            m.UpdateState(T1, P1, W1, 4, N);
            Assert.Equal(Reference(T1, P1, W1, 4, argmaxRule), m.Result(), 1e-9);
            m.UpdateState(T2, P2, W2, 2, N);
            Assert.Equal(Reference(T, P, W, 6, argmaxRule), m.Result(), 1e-9);
        }
    }

    [Fact]
    public void R2Score_KerasDocExample_Aggregations_AndAdjusted()
    {
        var r2 = Built(new R2Score(), 1);
        r2.UpdateState([1, 4, 3], [2, 4, 4], default, 3, 1);
        Assert.Equal(0.57142854, r2.Result(), 1e-7); // 1 − 2/(26 − 64/3)

        // Two outputs, weighted, two batches; per output: 1 − Σw(t − p)² / Σw(t − t̄_w)².
        float[] t = [1, 2, 3, 5, 2, 2, 4, 1], p = [1.5f, 2, 2.5f, 4, 2, 3, 5, 0.5f], w = [1, 2, 0.5f, 1];
        double Output(int j)
        {
            double sw = w.Sum(), mean = Enumerable.Range(0, 4).Sum(i => w[i] * t[i * 2 + j]) / sw;
            double ss = Enumerable.Range(0, 4).Sum(i => w[i] * Math.Pow(t[i * 2 + j] - mean, 2));
            double res = Enumerable.Range(0, 4).Sum(i => w[i] * Math.Pow(t[i * 2 + j] - p[i * 2 + j], 2));
            return (1 - res / ss, ss) switch { var x => x.Item1 };
        }
        double Total(int j)
        {
            double sw = w.Sum(), mean = Enumerable.Range(0, 4).Sum(i => w[i] * t[i * 2 + j]) / sw;
            return Enumerable.Range(0, 4).Sum(i => w[i] * Math.Pow(t[i * 2 + j] - mean, 2));
        }
        Metric Fed(R2Score m)
        {
            Built(m, 2).UpdateState(t.AsSpan(0, 4), p.AsSpan(0, 4), w.AsSpan(0, 2), 2, 2);
            m.UpdateState(t.AsSpan(4), p.AsSpan(4), w.AsSpan(2), 2, 2);
            return m;
        }
        Assert.Equal((Output(0) + Output(1)) / 2, Fed(new R2Score()).Result(), 1e-9);
        Assert.Equal((Total(0) * Output(0) + Total(1) * Output(1)) / (Total(0) + Total(1)),
            Fed(new R2Score(R2Aggregation.VarianceWeightedAverage)).Result(), 1e-9);
        var perOutput = new double[2];
        Fed(new R2Score(R2Aggregation.None)).Results(perOutput);
        Assert.Equal([Output(0), Output(1)], perOutput.Select(v => v), new ToleranceComparer(1e-9));
        // Adjusted with one regressor and N = 4 samples: 1 − (1 − R²)(3)/(2).
        Assert.Equal(1 - (1 - (Output(0) + Output(1)) / 2) * 3 / 2, Fed(new R2Score(numRegressors: 1)).Result(), 1e-9);
        // Three regressors ≥ N − 1: Keras falls back to plain R².
        Assert.Equal((Output(0) + Output(1)) / 2, Fed(new R2Score(numRegressors: 3)).Result(), 1e-9);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void IoU_KerasDocExamples_WithIntegerWeights()
    {
        var iou = Built(new IoU(2, [0]), 1);
        iou.UpdateState([0, 0, 1, 1], [0, 1, 0, 1], default, 4, 1);
        Assert.Equal(1 / 3.0, iou.Result(), 1e-6);
        var mean = Built(new MeanIoU(2), 1);
        mean.UpdateState([0, 0, 1, 1], [0, 1, 0, 1], default, 4, 1);
        Assert.Equal(1 / 3.0, mean.Result(), 1e-6);

        // BinaryIoU(threshold 0.3): predictions [0, 0, 1, 1] for labels [0, 1, 0, 1]; weights [2, 3, 4, 1]:
        // cm = [[2, 4], [3, 1]] → iou0 = 2/(6 + 5 − 2), iou1 = 1/(4 + 5 − 1).
        var binary = Built(new BinaryIoU(threshold: 0.3f), 1);
        binary.UpdateState([0, 1, 0, 1], [0.1f, 0.2f, 0.4f, 0.7f], default, 4, 1);
        Assert.Equal(1 / 3.0, binary.Result(), 1e-6);
        binary.ResetState();
        binary.UpdateState([0, 1, 0, 1], [0.1f, 0.2f, 0.4f, 0.7f], [2, 3, 4, 1], 4, 1);
        Assert.Equal((2 / 9.0 + 1 / 8.0) / 2, binary.Result(), 1e-6);
        // Keras 3's integer confusion matrix truncates fractional weights (0.3 → 0): nothing is counted.
        binary.ResetState();
        binary.UpdateState([0, 1, 0, 1], [0.1f, 0.2f, 0.4f, 0.7f], [0.3f, 0.3f, 0.3f, 0.1f], 4, 1);
        Assert.Equal(0, binary.Result());
    }

    [Fact]
    public void MeanIoU_SoftmaxScores_SparseLabels_TwoBatches_MatchHandCount()
    {
        // 3 classes; argmax of the scores against class-id labels; ignore_class 2 drops the rows labelled 2.
        var m = new MeanIoU(3, ignoreClass: 2, sparseYPred: false);
        m.Build(3, 1);
        m.UpdateState([0, 1, 2], [0.7f, 0.2f, 0.1f, 0.6f, 0.3f, 0.1f, 0.1f, 0.1f, 0.8f], default, 3, 3);
        // cm rows true, cols predicted: (0→0), (1→0): iou0 = 1/(1 + 2 − 1) = 0.5, iou1 = 0/(1 + 0) = 0 (valid), class 2 empty.
        Assert.Equal((0.5 + 0) / 2, m.Result(), 1e-6);
        m.UpdateState([1, 0], [0.1f, 0.8f, 0.1f, 0.2f, 0.1f, 0.7f], [2, 1], 2, 3);
        // + (1→1) weight 2, (0→2) weight 1: cm = [[1, 0, 1], [1, 2, 0], [0, 0, 0]]:
        // iou0 = 1/(2 + 2 − 1), iou1 = 2/(3 + 2 − 2), iou2 = 0/(0 + 1 − 0).
        Assert.Equal((1 / 3.0 + 2 / 3.0 + 0) / 3, m.Result(), 1e-6);
        var e = Assert.Throws<ArgumentException>(() => new MeanIoU(3).Build(3, 1));
        Assert.Contains("sparseYPred: false", e.Message);
    }

    [Fact]
    public void Catalog_ClassificationNames_AreKeras()
    {
        Assert.IsType<Precision>(Metric.FromName("precision"));
        Assert.Equal("Precision", Metric.FromName("Precision").Name);
        Assert.IsType<AUC>(Metric.FromName("auc"));
        Assert.IsType<TruePositives>(Metric.FromName("true_positives"));
        Assert.IsType<F1Score>(Metric.FromName("f1_score"));
        Assert.IsType<FBetaScore>(Metric.FromName("f_beta_score"));
        Assert.IsType<R2Score>(Metric.FromName("r2_score"));
        Assert.IsType<RootMeanSquaredError>(Metric.FromName("rmse"));   // GenNet's alias; Keras has none
        Assert.Equal("rmse", Metric.FromName("rmse").Name);
        Assert.Equal("auc", new AUC().Name);
        Assert.Equal("mean_io_u", new MeanIoU(2).Name);
        Assert.Equal("binary_io_u", new BinaryIoU().Name);
        Assert.Equal("fbeta_score", new FBetaScore().Name);
        Assert.False(new FalsePositives().HigherIsBetter);
        Assert.True(new Recall().HigherIsBetter);
    }

    public static TheoryData<string> StatefulMetrics() => new() { "precision_top_k", "auc_logits", "f1_macro", "r2", "mean_iou", "mae" };

    [Theory]
    [MemberData(nameof(StatefulMetrics))]
    public void StatefulUpdates_AfterWarmUp_AllocateNothing(string which)
    {
        Metric m = which switch
        {
            "precision_top_k" => new Precision(topK: 2),
            "auc_logits" => new AUC(fromLogits: true),
            "f1_macro" => new F1Score(FScoreAverage.Macro),
            "r2" => new R2Score(),
            "mean_iou" => new MeanIoU(3, sparseYTrue: false, sparseYPred: false),
            _ => Metric.FromName(which),
        };
        m.Build(N, N);
        float[] t = T, p = P, w = W;
        GenNet.Tests.Support.Allocations.AssertNoneAfterWarmUp(() =>
        {
            m.UpdateState(t, p, w, 6, N);
            _ = m.Result();
        });
    }
}
