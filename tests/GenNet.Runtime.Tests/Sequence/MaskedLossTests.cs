using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

/// <summary>Sequence labelling: a tag per token, the mask of Embedding(MaskZero) passed on to the per-step head.</summary>
[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[LSTM(4, ReturnSequences = true)]
[Dense(3, Activation = Act.Softmax)]
public partial class MaskedTagger { }

/// <summary>The same tagger without MaskZero: every step counts.</summary>
[Sequential(6)]
[Embedding(5, 3)]
[LSTM(4, ReturnSequences = true)]
[Dense(3, Activation = Act.Softmax)]
public partial class UnmaskedTagger { }

/// <summary>A Functional tagger whose ids come through a named input, with a GRU and a linear head.</summary>
[Functional(Name = "tagger")]
[Input("tokens", 6)]
[Embedding(5, 2, MaskZero = true)]
[GRU(3, ReturnSequences = true)]
[Dense(2)]
public partial class MaskedRegressionTagger { }

/// <summary>
/// Keras 3's loss and metric masking (keras/src/losses/loss.py <c>apply_mask</c> with the default "sum_over_batch_size"
/// reduction; keras/src/metrics/reduction_metrics.py <c>MeanMetricWrapper</c>): the loss of an output that carries a mask
/// is <c>Σ w·m·l / Σ m</c> over the batch's steps, its gradient at masked steps is zero, and accuracy counts the unmasked
/// steps only. Against a float64 tagger written here from Keras' LSTM (lstm.py) and Dense, by central differences of that
/// reference, Evaluate and Fit, allocations and 1 vs 2 threads.
/// </summary>
public class MaskedLossTests
{
    private const int Rows = 5, T = 6;

    /// <summary>Ids with zeros leading, trailing, inside, a whole row of them, and none (MaskingTests' rows).</summary>
    private static readonly float[] s_ids = MaskingTests.s_ids;

    /// <summary>A class id per step; at masked steps anything (the loss must not read it).</summary>
    private static readonly float[] s_tags = Enumerable.Range(0, Rows * T).Select(i => (float)((i * 7 + 1) % 3)).ToArray();

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>
    /// The float64 tagger's softmax outputs of sample <paramref name="n"/>, <c>[T][3]</c>: Embedding(5, 3) → LSTM(4,
    /// return_sequences) in Keras' gate order i, f, c, o, a masked step keeping h and c (and outputting the kept h) →
    /// Dense(3, softmax) on every step. Weights in ModelInfo order: embeddings, kernel, recurrent_kernel, bias, Dense kernel, bias.
    /// </summary>
    private static double[][] Tagger(double[] p, float[] ids, int n, bool masked)
    {
        const int F = 3, U = 4, G = 16, C = 3;
        int kernel = 15, recurrent = kernel + F * G, bias = recurrent + U * G, dense = bias + G, denseBias = dense + U * C;
        var h = new double[U];
        var c = new double[U];
        var y = new double[T][];
        for (int t = 0; t < T; t++)
        {
            int id = (int)ids[n * T + t];
            if (!masked || id != 0)
            {
                var z = new double[G];
                for (int j = 0; j < G; j++)
                {
                    z[j] = p[bias + j];
                    for (int i = 0; i < F; i++) z[j] += p[id * F + i] * p[kernel + i * G + j];
                    for (int i = 0; i < U; i++) z[j] += h[i] * p[recurrent + i * G + j];
                }
                var next = new double[U];
                for (int j = 0; j < U; j++)
                {
                    c[j] = Sigmoid(z[U + j]) * c[j] + Sigmoid(z[j]) * Math.Tanh(z[2 * U + j]);
                    next[j] = Sigmoid(z[3 * U + j]) * Math.Tanh(c[j]);
                }
                h = next;
            }
            var logits = new double[C];
            for (int k = 0; k < C; k++)
            {
                logits[k] = p[denseBias + k];
                for (int i = 0; i < U; i++) logits[k] += h[i] * p[dense + i * C + k];
            }
            double max = logits.Max(), sum = logits.Sum(v => Math.Exp(v - max));
            y[t] = logits.Select(v => Math.Exp(v - max) / sum).ToArray();
        }
        return y;
    }

    /// <summary>Keras' sparse categorical cross-entropy, <c>Σ w·m·l / Σ m</c> (unmasked: the mean over every step); 0 when nothing is valid.</summary>
    private static double ReferenceLoss(double[] p, float[] ids, float[] tags, bool masked, float[]? weights = null)
    {
        double sum = 0;
        int valid = 0;
        for (int n = 0; n < ids.Length / T; n++)
        {
            double[][] y = Tagger(p, ids, n, masked);
            for (int t = 0; t < T; t++)
            {
                if (masked && ids[n * T + t] == 0) continue;
                sum += (weights?[n] ?? 1) * -Math.Log(Math.Clamp(y[t][(int)tags[n * T + t]], 1e-7, 1 - 1e-7));
                valid++;
            }
        }
        return valid == 0 ? 0 : sum / valid;
    }

    private static float[] Parameters(Model model, ulong seed)
    {
        var rng = new Rng(seed);
        float[] p = Enumerable.Range(0, model.Parameters.Length).Select(_ => (rng.NextSingle() * 2 - 1) * 0.6f).ToArray();
        p.CopyTo(model.Parameters);
        return p;
    }

    private static double[] Doubles(float[] p) => p.Select(v => (double)v).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EvaluateAndTrainOnBatch_ReportTheFloat64MaskedLoss(bool masked)
    {
        Model model = masked ? new MaskedTagger(1) : new UnmaskedTagger(1);
        double[] p = Doubles(Parameters(model, 2));
        double expected = ReferenceLoss(p, s_ids, s_tags, masked);
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f));
        Assert.Equal(expected, model.Evaluate(s_ids, s_tags, batchSize: 32, verbose: 0).Loss, 1e-5);
        Assert.Equal(expected, model.TrainOnBatch(s_ids, s_tags), 1e-5);
        // One label per step (sparse): the loss is over the last axis, not over the whole output.
        Assert.Equal(Rows * T, s_tags.Length);
        if (masked) Assert.Equal(0, MaskedTagger.ModelInfo.OutputMaskOffset);
        else Assert.Equal(-1, UnmaskedTagger.ModelInfo.OutputMaskOffset);
    }

    [Fact]
    public void Backward_MatchesCentralDifferencesOfTheFloat64MaskedLoss()
    {
        var model = new MaskedTagger(3);
        Parameters(model, 4);
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f));
        model.TrainOnBatch(s_ids, s_tags);
        float[] analytic = model.Gradients.ToArray();
        double[] p = Doubles(model.Parameters.ToArray());
        const double h = 1e-6;
        for (int i = 0; i < p.Length; i++)
        {
            double saved = p[i];
            p[i] = saved + h;
            double plus = ReferenceLoss(p, s_ids, s_tags, masked: true);
            p[i] = saved - h;
            double minus = ReferenceLoss(p, s_ids, s_tags, masked: true);
            p[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 + 1e-4 * Math.Abs(numeric), $"gradient[{i}]: {analytic[i]} vs float64 {numeric}");
        }
        // Id 0 is padding: its embedding row gets no gradient.
        Assert.All(analytic.Take(3), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void WholeModel_GradientsMatchCentralDifferences()
    {
        ModelGradientTests.CheckGradients(new MaskedTagger(5), Loss.SparseCategoricalCrossentropy, s_ids, s_tags);
        float[] targets = Enumerable.Range(0, Rows * T * 2).Select(i => (i % 5) * 0.4f - 0.8f).ToArray();
        ModelGradientTests.CheckGradients(new MaskedRegressionTagger(6), Loss.MeanSquaredError, s_ids, targets);
    }

    [Fact]
    public void MaskedSteps_GetZeroGradient_TheirLabelsChangeNothing()
    {
        float[] other = s_tags.Select((v, i) => s_ids[i] == 0 ? (v + 1) % 3 : v).ToArray();
        var a = new MaskedTagger(7);
        var b = new MaskedTagger(7);
        a.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f));
        b.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f));
        Assert.Equal(a.TrainOnBatch(s_ids, s_tags), b.TrainOnBatch(s_ids, other));
        Assert.Equal(a.Gradients.ToArray(), b.Gradients.ToArray());
        // The loss gradient itself: MSE on the regression tagger's masked steps is exactly zero there.
        var r = new MaskedRegressionTagger(8);
        r.Compile(Loss.MeanSquaredError, new SGD(0f));
        float[] targets = Enumerable.Range(0, Rows * T * 2).Select(i => i * 0.1f).ToArray();
        float[] moved = targets.Select((v, i) => s_ids[i / 2] == 0 ? v + 5 : v).ToArray();
        Assert.Equal(r.TrainOnBatch(s_ids, targets), r.TrainOnBatch(s_ids, moved));
    }

    [Fact]
    public void AllMasked_LossIsZero_AndNoGradient()
    {
        var model = new MaskedTagger(9);
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f));
        float[] zeros = new float[2 * T];
        Assert.Equal(0.0, model.TrainOnBatch(zeros, s_tags.AsSpan(0, 2 * T).ToArray()));
        Assert.All(model.Gradients.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Accuracy_CountsTheUnmaskedStepsOnly()
    {
        var model = new MaskedTagger(10);
        double[] p = Doubles(Parameters(model, 11));
        int correct = 0, valid = 0;
        for (int n = 0; n < Rows; n++)
        {
            double[][] y = Tagger(p, s_ids, n, masked: true);
            for (int t = 0; t < T; t++)
            {
                if (s_ids[n * T + t] == 0) continue;
                int argmax = Array.IndexOf(y[t], y[t].Max());
                if (argmax == (int)s_tags[n * T + t]) correct++;
                valid++;
            }
        }
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f), metrics: new[] { "accuracy" });
        var evaluation = model.Evaluate(s_ids, s_tags, batchSize: 2, verbose: 0);
        Assert.Equal((double)correct / valid, evaluation.Metrics["accuracy"], 1e-6);
        // Batches of 2: the epoch loss is the batch losses weighted by batch size, each masked over its own steps (Keras).
        double expected = 0;
        for (int start = 0; start < Rows; start += 2)
        {
            int count = Math.Min(2, Rows - start);
            expected += count * ReferenceLoss(p, s_ids.AsSpan(start * T, count * T).ToArray(), s_tags.AsSpan(start * T, count * T).ToArray(), true);
        }
        Assert.Equal(expected / Rows, evaluation.Loss, 1e-5);
    }

    [Fact]
    public void Fit_ReportsTheMaskedLoss_AndSampleWeightsWeighTheSteps()
    {
        var model = new MaskedTagger(12);
        double[] p = Doubles(Parameters(model, 13));
        model.Compile(Loss.SparseCategoricalCrossentropy, new SGD(0f), metrics: new[] { "accuracy" });
        var history = model.Fit(s_ids, s_tags, epochs: 1, batchSize: Rows, verbose: 0);
        Assert.Equal(ReferenceLoss(p, s_ids, s_tags, true), history["loss"][0], 1e-5);
        // Keras: Σ w·m·l / Σ m with the sample weights.
        float[] weights = { 0.5f, 2f, 1f, 3f, 0.25f };
        var weighted = model.Fit(s_ids, s_tags, epochs: 1, batchSize: Rows, verbose: 0, sampleWeight: weights);
        Assert.Equal(ReferenceLoss(p, s_ids, s_tags, true, weights), weighted["loss"][0], 1e-5);
    }

    private static float[] Train(int threads)
    {
        var model = new MaskedTagger(14) { Threads = threads };
        model.Compile(Loss.SparseCategoricalCrossentropy, new Adam(learningRate: 0.01f), metrics: new[] { "accuracy" });
        var rng = new Rng(15);
        float[] x = Enumerable.Range(0, 300 * T).Select(_ => rng.NextSingle() < 0.3f ? 0f : 1 + (int)(rng.NextSingle() * 3.99f)).ToArray();
        float[] y = x.Select(v => (float)((int)v % 3)).ToArray();
        model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return model.Parameters.ToArray();
    }

    [Fact]
    public void Fit_SameWeightsBitForBitOnOneAndTwoThreads() => Assert.Equal(Train(1), Train(2));

    [Fact]
    public void TrainOnBatch_AfterWarmUp_AllocatesNothing()
    {
        var model = new MaskedTagger(16);
        model.Compile(Loss.SparseCategoricalCrossentropy, "adam", metrics: new[] { "accuracy" });
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(s_ids, s_tags));
    }
}
