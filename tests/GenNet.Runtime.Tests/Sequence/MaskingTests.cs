using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[LSTM(4)]
public partial class MaskedLstm { }

[Sequential(6)]
[Embedding(5, 3)]
[LSTM(4)]
public partial class UnmaskedLstm { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[GRU(3, ReturnSequences = true)]
public partial class MaskedGruSequences { }

[Sequential(6)]
[Embedding(5, 2, MaskZero = true)]
[SimpleRNN(3, GoBackwards = true, ReturnSequences = true)]
public partial class MaskedSimpleRnnBackwards { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Dense(3, Activation = Act.Tanh)]
[Bidirectional]
[LSTM(2, ReturnSequences = true)]
public partial class MaskedBidirectionalSequences { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Bidirectional(MergeMode = "sum")]
[GRU(2, ResetAfter = false)]
public partial class MaskedBidirectionalLast { }

// The mask passes through Dense and a recurrent layer with sequences to the last LSTM.
[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Dense(4, Activation = Act.Tanh)]
[GRU(3, ReturnSequences = true, ResetAfter = false)]
[LSTM(2)]
[Dense(2)]
public partial class MaskedStack { }

// MaskedLstm with a Dropout between: same weights, and the mask passes through it.
[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Dropout(0.5)]
[LSTM(4)]
public partial class MaskedDropoutLstm { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[SimpleRNN(2, ReturnSequences = true)]
[Flatten]
[Dense(2)]
public partial class MaskedThenFlatten { }

/// <summary>
/// Keras' masking (Embedding(mask_zero=True) before a recurrent layer or Bidirectional, KERAS-SEMANTICS.md 5b): at a step whose
/// id is 0 the state and the output keep their previous values (Bidirectional with return_sequences outputs zeros there, as
/// Keras sets zero_output_for_mask), against a float64 reference written here; backward against central differences of that
/// reference; which layers pass the mask on; allocations; 1 vs 2 threads (the ONNX export: MaskedOnnxExportTests).
/// </summary>
public class MaskingTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>One recurrent cell in float64; weights at <c>offset</c> in p in Keras' order (kernel, recurrent_kernel, bias).</summary>
    private sealed record Cell(string Kind, int Features, int Units, bool ResetAfter = true)
    {
        private int G => Kind switch { "LSTM" => 4, "GRU" => 3, _ => 1 } * Units;

        public int Size => Features * G + Units * G + (Kind == "GRU" && ResetAfter ? 2 : 1) * G;

        /// <summary>The state after each processing step (processing order); a masked step keeps h (and c).</summary>
        public double[][] Run(double[] p, int offset, double[][] x, bool[] keep, bool backwards)
        {
            int u = Units, g = G, F = Features, T = x.Length;
            int k = offset, r = k + F * g, b = r + u * g;
            var h = new double[u];
            var c = new double[u];
            var result = new double[T][];
            for (int n = 0; n < T; n++)
            {
                int t = backwards ? T - 1 - n : n;
                if (keep[t])
                {
                    var mx = new double[g];
                    var mh = new double[g];
                    for (int j = 0; j < g; j++)
                    {
                        mx[j] = p[b + j];
                        if (Kind == "GRU" && ResetAfter) mh[j] = p[b + g + j];
                        for (int i = 0; i < F; i++) mx[j] += x[t][i] * p[k + i * g + j];
                        for (int i = 0; i < u; i++) mh[j] += h[i] * p[r + i * g + j];
                    }
                    var next = new double[u];
                    var cNext = (double[])c.Clone();
                    for (int j = 0; j < u; j++)
                    {
                        if (Kind == "SimpleRNN") next[j] = Math.Tanh(mx[j] + mh[j]);
                        else if (Kind == "LSTM")
                        {
                            double i = Sigmoid(mx[j] + mh[j]), f = Sigmoid(mx[u + j] + mh[u + j]);
                            cNext[j] = f * c[j] + i * Math.Tanh(mx[2 * u + j] + mh[2 * u + j]);
                            next[j] = Sigmoid(mx[3 * u + j] + mh[3 * u + j]) * Math.Tanh(cNext[j]);
                        }
                        else
                        {
                            double z = Sigmoid(mx[j] + mh[j]), rr = Sigmoid(mx[u + j] + mh[u + j]), candidate;
                            if (ResetAfter) candidate = Math.Tanh(mx[2 * u + j] + rr * mh[2 * u + j]);
                            else
                            {
                                double s = 0;
                                for (int i = 0; i < u; i++) s += Sigmoid(mx[u + i] + mh[u + i]) * h[i] * p[r + i * g + 2 * u + j];
                                candidate = Math.Tanh(mx[2 * u + j] + s);
                            }
                            next[j] = z * h[j] + (1 - z) * candidate;
                        }
                    }
                    h = next;
                    c = cNext;
                }
                result[n] = h;
            }
            return result;
        }
    }

    private static double[][] Embed(double[] p, float[] ids, int sample, int steps, int dim) =>
        Enumerable.Range(0, steps).Select(t => Enumerable.Range(0, dim).Select(j => p[(int)ids[sample * steps + t] * dim + j]).ToArray()).ToArray();

    private static bool[] Keep(float[] ids, int sample, int steps) => Enumerable.Range(0, steps).Select(t => ids[sample * steps + t] != 0).ToArray();

    /// <summary>The float64 model output of one sample, for the models this reference covers.</summary>
    private static double[] Reference(string name, double[] p, float[] ids, int n)
    {
        const int T = 6;
        bool[] keep = Keep(ids, n, T);
        switch (name)
        {
            case nameof(MaskedLstm):
                return new Cell("LSTM", 3, 4).Run(p, 15, Embed(p, ids, n, T, 3), keep, false)[T - 1];
            case nameof(UnmaskedLstm):
                return new Cell("LSTM", 3, 4).Run(p, 15, Embed(p, ids, n, T, 3), Enumerable.Repeat(true, T).ToArray(), false)[T - 1];
            case nameof(MaskedGruSequences):
                return new Cell("GRU", 3, 3).Run(p, 15, Embed(p, ids, n, T, 3), keep, false).SelectMany(h => h).ToArray();
            case nameof(MaskedSimpleRnnBackwards):
                return new Cell("SimpleRNN", 2, 3).Run(p, 10, Embed(p, ids, n, T, 2), keep, true).SelectMany(h => h).ToArray();   // processing order
            case nameof(MaskedBidirectionalSequences):
            {
                // Dense(3, tanh) on every step, then both halves; masked steps output zeros in both.
                double[][] e = Embed(p, ids, n, T, 3);
                double[][] x = e.Select(row => Enumerable.Range(0, 3).Select(j => Math.Tanh(p[15 + 9 + j] + Enumerable.Range(0, 3).Sum(i => row[i] * p[15 + i * 3 + j]))).ToArray()).ToArray();
                var cell = new Cell("LSTM", 3, 2);
                double[][] f = cell.Run(p, 27, x, keep, false), b = cell.Run(p, 27 + cell.Size, x, keep, true);
                return Enumerable.Range(0, T).SelectMany(t => keep[t] ? f[t].Concat(b[T - 1 - t]) : new double[4]).ToArray();
            }
            case nameof(MaskedBidirectionalLast):
            {
                var cell = new Cell("GRU", 3, 2, ResetAfter: false);
                double[][] e = Embed(p, ids, n, T, 3);
                double[] f = cell.Run(p, 15, e, keep, false)[T - 1], b = cell.Run(p, 15 + cell.Size, e, keep, true)[T - 1];
                return f.Zip(b, (a, c) => a + c).ToArray();
            }
            default: throw new ArgumentException(name);
        }
    }

    public static TheoryData<string> ReferenceModels => new()
    {
        nameof(MaskedLstm), nameof(UnmaskedLstm), nameof(MaskedGruSequences), nameof(MaskedSimpleRnnBackwards),
        nameof(MaskedBidirectionalSequences), nameof(MaskedBidirectionalLast),
    };

    private static Model Create(string name, int seed) => name switch
    {
        nameof(MaskedLstm) => new MaskedLstm(seed),
        nameof(UnmaskedLstm) => new UnmaskedLstm(seed),
        nameof(MaskedGruSequences) => new MaskedGruSequences(seed),
        nameof(MaskedSimpleRnnBackwards) => new MaskedSimpleRnnBackwards(seed),
        nameof(MaskedBidirectionalSequences) => new MaskedBidirectionalSequences(seed),
        nameof(MaskedBidirectionalLast) => new MaskedBidirectionalLast(seed),
        nameof(MaskedStack) => new MaskedStack(seed),
        nameof(MaskedThenFlatten) => new MaskedThenFlatten(seed),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Ids with zeros everywhere a mask can be: leading, trailing, inside, a whole row, none.</summary>
    internal static readonly float[] s_ids =
    {
        0, 0, 3, 1, 4, 2,
        2, 4, 1, 0, 0, 0,
        1, 0, 3, 0, 2, 4,
        0, 0, 0, 0, 0, 0,
        3, 1, 2, 4, 1, 3,
    };

    private const int Rows = 5;

    private static float[] Parameters(Model model, ulong seed)
    {
        var rng = new Rng(seed);
        float[] p = Enumerable.Range(0, model.Parameters.Length).Select(_ => (rng.NextSingle() * 2 - 1) * 0.6f).ToArray();
        p.CopyTo(model.Parameters);
        return p;
    }

    [Theory]
    [MemberData(nameof(ReferenceModels))]
    public void Forward_MatchesTheFloat64Reference(string name)
    {
        Model model = Create(name, 1);
        double[] p = Parameters(model, 2).Select(v => (double)v).ToArray();
        var y = new float[Rows * model.Info.OutputSize];
        model.Predict(s_ids, y);
        for (int n = 0; n < Rows; n++)
        {
            double[] expected = Reference(name, p, s_ids, n);
            Assert.Equal(model.Info.OutputSize, expected.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                float actual = y[n * expected.Length + i];
                Assert.True(Math.Abs(actual - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{name} sample {n} y[{i}]: {actual} vs {expected[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceModels))]
    public void Backward_GradientsMatchTheFloat64Reference(string name)
    {
        Model model = Create(name, 3);
        Parameters(model, 4);
        var rng = new Rng(5);
        float[] labels = Enumerable.Range(0, Rows * model.Info.OutputSize).Select(_ => rng.NextSingle() * 2 - 1).ToArray();
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(s_ids, labels);
        float[] analytic = model.Gradients.ToArray();
        double[] p = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        // Keras' masked loss: an output of (steps, units) that carries the mask is scored per step (the mean over the last
        // axis) and averaged over the unmasked steps only (keras/src/losses/loss.py apply_mask); others over everything.
        bool maskedOutput = model.Info.OutputMaskOffset >= 0;
        int steps = maskedOutput ? 6 : 1;
        double ReferenceLoss()
        {
            double sum = 0;
            int valid = 0;
            for (int n = 0; n < Rows; n++)
            {
                double[] y = Reference(name, p, s_ids, n);
                int width = y.Length / steps;
                for (int t = 0; t < steps; t++)
                {
                    if (maskedOutput && s_ids[n * 6 + t] == 0) continue;
                    double step = 0;
                    for (int j = 0; j < width; j++) step += Math.Pow(y[t * width + j] - labels[n * y.Length + t * width + j], 2);
                    sum += step / width;
                    valid++;
                }
            }
            return sum / valid;
        }
        const double h = 1e-6;
        for (int i = 0; i < p.Length; i++)
        {
            double saved = p[i];
            p[i] = saved + h;
            double plus = ReferenceLoss();
            p[i] = saved - h;
            double minus = ReferenceLoss();
            p[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 + 1e-4 * Math.Abs(numeric), $"{name} gradient[{i}]: {analytic[i]} vs float64 {numeric}");
        }
        // Id 0 is padding: its embedding row gets no gradient through a masked layer.
        if (name != nameof(UnmaskedLstm)) Assert.All(analytic.Take(name == nameof(MaskedSimpleRnnBackwards) ? 2 : 3), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void MaskedStack_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new MaskedStack(seed: 6), Loss.MeanSquaredError, s_ids, Enumerable.Range(0, Rows * 2).Select(i => (i % 3) * 0.5f - 0.5f).ToArray());

    [Fact]
    public void WithoutZeros_MaskedEqualsUnmasked_AndFlattenDropsTheMask()
    {
        float[] ids = s_ids.Select(v => v == 0 ? 1f : v).ToArray();
        var masked = new MaskedLstm(seed: 7);
        var plain = new UnmaskedLstm(seed: 7);
        var a = new float[Rows * 4];
        var b = new float[Rows * 4];
        masked.Predict(ids, a);
        plain.Predict(ids, b);
        Assert.Equal(b, a);
        masked.Predict(s_ids, a);
        plain.Predict(s_ids, b);
        Assert.NotEqual(b, a);
        Assert.Equal("True", MaskedLstm.ModelInfo.Layers[0].Config["mask_zero"]);
        // Through Dropout (identity in inference) the mask still reaches the LSTM: the same outputs as without it.
        var dropout = new MaskedDropoutLstm(seed: 7);
        Assert.Equal(masked.Parameters.ToArray(), dropout.Parameters.ToArray());
        var c = new float[Rows * 4];
        dropout.Predict(s_ids, c);
        Assert.Equal(a, c);
    }

    [Fact]
    public void Masked_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        foreach (Model model in new Model[] { new MaskedStack(1), new MaskedBidirectionalSequences(2), new MaskedThenFlatten(3), new MaskedDropoutLstm(4) })
        {
            var y = new float[Rows * model.Info.OutputSize];
            var single = new float[model.Info.OutputSize];
            Allocations.AssertNoneAfterWarmUp(() =>
            {
                model.Predict(s_ids, y);
                model.Predict(s_ids.AsSpan(0, model.Info.InputSize), single);
            });
            model.Compile(Loss.MeanSquaredError, "adam");
            var labels = new float[Rows * model.Info.OutputSize];
            Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(s_ids, labels));
        }
    }

    private static float[] Train(Func<Model> create, int threads)
    {
        Model model = create();
        model.Threads = threads;
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01f));
        var rng = new Rng(12);
        // 300 rows of ids with trailing and scattered zeros.
        float[] x = Enumerable.Range(0, 300 * 6).Select(_ => rng.NextSingle() < 0.3f ? 0f : 1 + (int)(rng.NextSingle() * 3.99f)).ToArray();
        float[] y = Encoding.OneHot(Enumerable.Range(0, 300).Select(i => i % model.Info.OutputSize).ToArray(), model.Info.OutputSize);
        model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return model.Parameters.ToArray();
    }

    [Fact]
    public void Fit_Masked_SameWeightsBitForBitOnOneAndTwoThreads()
    {
        Assert.Equal(Train(() => new MaskedStack(seed: 3), 1), Train(() => new MaskedStack(seed: 3), 2));
        Assert.Equal(Train(() => new MaskedBidirectionalLast(seed: 3), 1), Train(() => new MaskedBidirectionalLast(seed: 3), 2));
        Assert.Equal(Train(() => new MaskedDropoutLstm(seed: 3), 1), Train(() => new MaskedDropoutLstm(seed: 3), 2));
    }
}
