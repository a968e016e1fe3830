using GenNet.Tests.Models;
using GenNet.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Sequence;

// One Bidirectional layer per model (so the model output is the layer's): every cell, every merge mode, with and
// without ReturnSequences.
[Sequential(5, 3)]
[Bidirectional]
[LSTM(4)]
public partial class BiLstmConcat { }

[Sequential(5, 3)]
[Bidirectional(MergeMode = "sum")]
[GRU(3, ReturnSequences = true)]
public partial class BiGruSumSequences { }

[Sequential(4, 2)]
[Bidirectional(MergeMode = "mul")]
[SimpleRNN(3, ReturnSequences = true)]
public partial class BiSimpleRnnMulSequences { }

[Sequential(4, 3)]
[Bidirectional(MergeMode = "ave")]
[LSTM(3)]
public partial class BiLstmAve { }

[Sequential(4, 3)]
[Bidirectional]
[GRU(3, ReturnSequences = true, ResetAfter = false)]
public partial class BiGruResetBeforeConcatSequences { }

[Sequential(4, 2)]
[Bidirectional(MergeMode = "sum")]
[SimpleRNN(3, UseBias = false)]
public partial class BiSimpleRnnNoBiasSum { }

// Bidirectional inside a model: the input gradient of both halves flows into the Dense before it.
[Sequential(5, 3)]
[Dense(4, Activation = Act.Tanh)]
[Bidirectional]
[LSTM(3, ReturnSequences = true)]
[Bidirectional(MergeMode = "ave")]
[GRU(2)]
[Dense(3, Activation = Act.Softmax)]
public partial class StackedBidirectionalClassifier { }

[Sequential(5, 3)]
[Dense(4)]
[Bidirectional(MergeMode = "mul")]
[SimpleRNN(3, ReturnSequences = true, Dropout = 0.25)]
[LSTM(2)]
[Dense(2)]
public partial class BidirectionalDropoutModel { }

/// <summary>
/// Keras' Bidirectional against a float64 reference written here from Keras' semantics (keras/src/layers/rnn/
/// bidirectional.py: a forward copy and a go_backwards copy, the backward sequence flipped back, then concat/sum/mul/ave):
/// outputs, and every weight gradient against central differences of the float64 reference loss; gradient checks of whole
/// models, names and weights as Keras', ONNX Runtime, no allocations, 1 vs 2 threads.
/// </summary>
public class BidirectionalTests
{
    private static float[] Random(int count, ulong seed, float scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => (rng.NextSingle() * 2 - 1) * scale).ToArray();
    }

    // ---- float64 reference ----

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The layer as Keras defines it: the wrapped layer's configuration, weights at their offsets in p.</summary>
    private sealed record Reference(string Cell, int Steps, int Features, int Units, bool Sequences, string Mode, bool UseBias = true, bool ResetAfter = true)
    {
        private int Gates => Cell switch { "LSTM" => 4, "GRU" => 3, _ => 1 };

        private int HalfSize => Features * Gates * Units + Units * Gates * Units + (UseBias ? (Cell == "GRU" && ResetAfter ? 2 : 1) * Gates * Units : 0);

        public int OutputSize => (Sequences ? Steps : 1) * (Mode == "concat" ? 2 : 1) * Units;

        /// <summary>States after consuming each input step, indexed by input step, reading the steps in the given order.</summary>
        private double[][] Run(double[] p, int offset, double[] x, int sample, bool backwards)
        {
            int u = Units, g = Gates * u, F = Features;
            int k = offset, r = k + F * g, b = r + u * g;
            var h = new double[u];
            var c = new double[u];
            var states = new double[Steps][];
            for (int n = 0; n < Steps; n++)
            {
                int t = backwards ? Steps - 1 - n : n;
                var mx = new double[g];
                var mh = new double[g];
                for (int j = 0; j < g; j++)
                {
                    double sx = 0, sh = 0;
                    for (int i = 0; i < F; i++) sx += x[(sample * Steps + t) * F + i] * p[k + i * g + j];
                    for (int i = 0; i < u; i++) sh += h[i] * p[r + i * g + j];
                    if (UseBias)
                    {
                        sx += p[b + j];
                        if (Cell == "GRU" && ResetAfter) sh += p[b + g + j];
                    }
                    mx[j] = sx;
                    mh[j] = sh;
                }
                var next = new double[u];
                for (int j = 0; j < u; j++)
                {
                    switch (Cell)
                    {
                        case "SimpleRNN":
                            next[j] = Math.Tanh(mx[j] + mh[j]);
                            break;
                        case "LSTM":
                        {
                            double i = Sigmoid(mx[j] + mh[j]), f = Sigmoid(mx[u + j] + mh[u + j]);
                            double cc = Math.Tanh(mx[2 * u + j] + mh[2 * u + j]), o = Sigmoid(mx[3 * u + j] + mh[3 * u + j]);
                            c[j] = f * c[j] + i * cc;
                            next[j] = o * Math.Tanh(c[j]);
                            break;
                        }
                        default:
                        {
                            double z = Sigmoid(mx[j] + mh[j]), rr = Sigmoid(mx[u + j] + mh[u + j]);
                            double candidate;
                            if (ResetAfter) candidate = Math.Tanh(mx[2 * u + j] + rr * mh[2 * u + j]);
                            else
                            {
                                // (r·h)·R_h, with this step's r of every unit.
                                double s = 0;
                                for (int i = 0; i < u; i++) s += Sigmoid(mx[u + i] + mh[u + i]) * h[i] * p[r + i * g + 2 * u + j];
                                candidate = Math.Tanh(mx[2 * u + j] + s);
                            }
                            next[j] = z * h[j] + (1 - z) * candidate;
                            break;
                        }
                    }
                }
                h = next;
                states[t] = h;
            }
            return states;
        }

        public double[] Forward(double[] p, double[] x, int batch)
        {
            var y = new List<double>();
            for (int n = 0; n < batch; n++)
            {
                double[][] f = Run(p, 0, x, n, backwards: false), b = Run(p, HalfSize, x, n, backwards: true);
                // Keras: the last state is step T−1's forwards and input step 0's backwards; with sequences, step t of both.
                IEnumerable<(double[] F, double[] B)> steps = Sequences
                    ? Enumerable.Range(0, Steps).Select(t => (f[t], b[t]))
                    : new[] { (f[Steps - 1], b[0]) };
                foreach (var (fs, bs) in steps)
                {
                    if (Mode == "concat") { y.AddRange(fs); y.AddRange(bs); }
                    else y.AddRange(fs.Zip(bs, (a, c) => Mode switch { "sum" => a + c, "mul" => a * c, _ => (a + c) / 2 }));
                }
            }
            return y.ToArray();
        }

        public double MeanSquaredError(double[] p, double[] x, double[] labels, int batch)
        {
            double[] y = Forward(p, x, batch);
            return y.Select((v, i) => (v - labels[i]) * (v - labels[i])).Sum() / y.Length;
        }
    }

    public static TheoryData<string> LayerModels => new()
    {
        nameof(BiLstmConcat), nameof(BiGruSumSequences), nameof(BiSimpleRnnMulSequences), nameof(BiLstmAve),
        nameof(BiGruResetBeforeConcatSequences), nameof(BiSimpleRnnNoBiasSum),
    };

    private static (Model Model, Reference Reference) Layer(string name, int seed) => name switch
    {
        nameof(BiLstmConcat) => (new BiLstmConcat(seed), new Reference("LSTM", 5, 3, 4, false, "concat")),
        nameof(BiGruSumSequences) => (new BiGruSumSequences(seed), new Reference("GRU", 5, 3, 3, true, "sum")),
        nameof(BiSimpleRnnMulSequences) => (new BiSimpleRnnMulSequences(seed), new Reference("SimpleRNN", 4, 2, 3, true, "mul")),
        nameof(BiLstmAve) => (new BiLstmAve(seed), new Reference("LSTM", 4, 3, 3, false, "ave")),
        nameof(BiGruResetBeforeConcatSequences) => (new BiGruResetBeforeConcatSequences(seed), new Reference("GRU", 4, 3, 3, true, "concat", ResetAfter: false)),
        nameof(BiSimpleRnnNoBiasSum) => (new BiSimpleRnnNoBiasSum(seed), new Reference("SimpleRNN", 4, 2, 3, false, "sum", UseBias: false)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(LayerModels))]
    public void Forward_MatchesTheFloat64Reference(string name)
    {
        var (model, reference) = Layer(name, 3);
        float[] bias = Random(model.Parameters.Length, 30, 0.5f);   // non-zero biases too
        bias.CopyTo(model.Parameters);
        const int batch = 4;
        float[] x = Random(batch * model.Info.InputSize, 31);
        var y = new float[batch * model.Info.OutputSize];
        model.Predict(x, y);
        Assert.Equal(reference.OutputSize, model.Info.OutputSize);
        double[] expected = reference.Forward(model.Parameters.ToArray().Select(v => (double)v).ToArray(), x.Select(v => (double)v).ToArray(), batch);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{name} y[{i}]: {y[i]} vs {expected[i]}");
    }

    [Theory]
    [MemberData(nameof(LayerModels))]
    public void Backward_WeightGradientsMatchTheFloat64Reference(string name)
    {
        var (model, reference) = Layer(name, 4);
        Random(model.Parameters.Length, 40, 0.5f).CopyTo(model.Parameters);
        const int batch = 3;
        float[] x = Random(batch * model.Info.InputSize, 41), labels = Random(batch * model.Info.OutputSize, 42);
        model.Compile(Loss.MeanSquaredError, new SGD(0f));
        model.TrainOnBatch(x, labels);
        float[] analytic = model.Gradients.ToArray();
        double[] p = model.Parameters.ToArray().Select(v => (double)v).ToArray();
        double[] xd = x.Select(v => (double)v).ToArray(), td = labels.Select(v => (double)v).ToArray();
        const double h = 1e-6;
        for (int i = 0; i < p.Length; i++)
        {
            double saved = p[i];
            p[i] = saved + h;
            double plus = reference.MeanSquaredError(p, xd, td, batch);
            p[i] = saved - h;
            double minus = reference.MeanSquaredError(p, xd, td, batch);
            p[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 + 1e-4 * Math.Abs(numeric), $"{name} gradient[{i}]: {analytic[i]} vs float64 {numeric}");
        }
    }

    [Fact]
    public void StackedBidirectional_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new StackedBidirectionalClassifier(seed: 5), Loss.CategoricalCrossentropy,
            Random(6 * StackedBidirectionalClassifier.InputSize, 50),
            Encoding.OneHot(Enumerable.Range(0, 6).Select(i => i % 3).ToArray(), 3));

    [Fact]
    public void BidirectionalMul_InsideAModel_GradientsMatchCentralDifferences()
    {
        // Between a Dense and an LSTM: mul's product rule, the flipped sequence and both halves' input gradients reach the Dense.
        ModelGradientTests.CheckGradients(new BiSimpleRnnMulInModel(seed: 6), Loss.MeanSquaredError,
            Random(5 * BiSimpleRnnMulInModel.InputSize, 51), Random(5 * 2, 52));
    }

    [Fact]
    public void FunctionalBidirectional_SharedInput_GradientsMatchCentralDifferences()
    {
        ModelGradientTests.CheckGradients(new FunctionalBidirectionalModel(seed: 8), Loss.MeanSquaredError,
            Random(5 * FunctionalBidirectionalModel.InputSize, 53), Random(5 * 2, 54));
        Assert.Equal(new[] { "embed" }, FunctionalBidirectionalModel.ModelInfo.Layers[3].Inbound);
    }

    [Fact]
    public void Bidirectional_HasKerasNamesWeightsAndParameterCounts()
    {
        LayerInfo[] layers = StackedBidirectionalClassifier.ModelInfo.Layers;
        Assert.Equal(new[] { "dense", "bidirectional", "bidirectional_1", "dense_1" }, layers.Select(l => l.Name));
        Assert.Equal("Bidirectional", layers[1].TypeName);
        Assert.Equal(new[] { 5, 6 }, layers[1].OutputShape);    // concat: 2·units per step
        Assert.Equal(new[] { 2 }, layers[2].OutputShape);       // ave of the last states
        Assert.Equal(2 * 4 * (4 * 3 + 3 * 3 + 3), layers[1].ParameterCount);
        Assert.Equal(2 * (3 * (6 * 2 + 2 * 2) + 2 * 3 * 2), layers[2].ParameterCount);
        Assert.Equal("concat", layers[1].Config["merge_mode"]);
        Assert.Equal("ave", layers[2].Config["merge_mode"]);
        Assert.Equal("LSTM", layers[1].Config["layer"]);
        Assert.Equal("True", layers[1].Config["layer.return_sequences"]);
        Assert.Equal(new[]
        {
            "bidirectional.forward_lstm.kernel", "bidirectional.forward_lstm.recurrent_kernel", "bidirectional.forward_lstm.bias",
            "bidirectional.backward_lstm.kernel", "bidirectional.backward_lstm.recurrent_kernel", "bidirectional.backward_lstm.bias",
            "bidirectional_1.forward_gru.kernel",
        }, StackedBidirectionalClassifier.ModelInfo.Weights.Skip(2).Take(7).Select(w => w.Name));
        // The wrapped layer's own Keras name comes first (LSTM(…) is "lstm" before Bidirectional copies it): a later LSTM is lstm_1.
        Assert.Equal(new[] { "bidirectional", "bidirectional_1", "lstm_2", "encoder" }, BidirectionalNamingModel.ModelInfo.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "bidirectional.forward_lstm.kernel", "bidirectional_1.forward_lstm_1.kernel", "lstm_2.kernel", "encoder.forward_gru_cell.kernel" },
            BidirectionalNamingModel.ModelInfo.Weights.Where(w => w.Name.EndsWith(".kernel") && !w.Name.Contains("recurrent") && !w.Name.Contains("backward"))
                .Select(w => w.Name));
        Assert.Contains(BidirectionalNamingModel.ModelInfo.Weights, w => w.Name == "encoder.backward_gru_cell.bias");
        var model = new StackedBidirectionalClassifier(seed: 1);
        Assert.Equal(model.BidirectionalForwardLstmKernel.Length, model.BidirectionalBackwardLstmKernel.Length);
        Assert.NotEqual(model.BidirectionalForwardLstmKernel.ToArray(), model.BidirectionalBackwardLstmKernel.ToArray());   // own initial weights
    }

    [Fact]
    public void Bidirectional_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        foreach (Model model in new Model[] { new StackedBidirectionalClassifier(1), new BidirectionalDropoutModel(2), new BiGruSumSequences(3) })
        {
            const int batch = 9;
            float[] x = Random(batch * model.Info.InputSize, 9);
            var y = new float[batch * model.Info.OutputSize];
            var single = new float[model.Info.OutputSize];
            Allocations.AssertNoneAfterWarmUp(() =>
            {
                model.Predict(x, y);
                model.Predict(x.AsSpan(0, model.Info.InputSize), single);
            });
            model.Compile(Loss.MeanSquaredError, "adam");
            float[] labels = Random(batch * model.Info.OutputSize, 10);
            Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, labels));
        }
    }

    private static float[] Train(Func<Model> create, int threads)
    {
        Model model = create();
        model.Threads = threads;
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01f));
        float[] x = Random(300 * model.Info.InputSize, 12);
        float[] y = Encoding.OneHot(Enumerable.Range(0, 300).Select(i => i % model.Info.OutputSize).ToArray(), model.Info.OutputSize);
        // 240 training rows: batches of 128 (4 chunks of 32) and 112 (2 chunks of 56); validation chunked too.
        model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return model.Parameters.ToArray();
    }

    [Fact]
    public void Fit_Bidirectional_SameWeightsBitForBitOnOneAndTwoThreads()
    {
        Assert.Equal(Train(() => new StackedBidirectionalClassifier(seed: 3), 1), Train(() => new StackedBidirectionalClassifier(seed: 3), 2));
        Assert.Equal(Train(() => new BidirectionalDropoutModel(seed: 3), 1), Train(() => new BidirectionalDropoutModel(seed: 3), 2));
    }

    public static TheoryData<string> OnnxModels => new()
    {
        nameof(BiLstmConcat), nameof(BiGruSumSequences), nameof(BiSimpleRnnMulSequences), nameof(BiLstmAve),
        nameof(BiGruResetBeforeConcatSequences), nameof(BiSimpleRnnNoBiasSum), nameof(StackedBidirectionalClassifier), nameof(BidirectionalDropoutModel),
        nameof(LstmRecurrentDropoutClassifier), nameof(RecurrentDropoutStack), nameof(FunctionalBidirectionalModel),
        nameof(GruRecurrentDropoutModel), nameof(GruResetBeforeRecurrentDropoutModel), nameof(BidirectionalGruRecurrentDropoutModel),
    };

    [Theory]
    [MemberData(nameof(OnnxModels))]
    public void Onnx_OnnxRuntimeMatchesPredict(string name)
    {
        Model model = name switch
        {
            nameof(StackedBidirectionalClassifier) => new StackedBidirectionalClassifier(7),
            nameof(BidirectionalDropoutModel) => new BidirectionalDropoutModel(8),
            nameof(LstmRecurrentDropoutClassifier) => new LstmRecurrentDropoutClassifier(10),   // recurrent dropout: training only
            nameof(RecurrentDropoutStack) => new RecurrentDropoutStack(11),
            nameof(FunctionalBidirectionalModel) => new FunctionalBidirectionalModel(12),
            nameof(GruRecurrentDropoutModel) => new GruRecurrentDropoutModel(13),   // GRU recurrent dropout: training only
            nameof(GruResetBeforeRecurrentDropoutModel) => new GruResetBeforeRecurrentDropoutModel(14),
            nameof(BidirectionalGruRecurrentDropoutModel) => new BidirectionalGruRecurrentDropoutModel(15),
            _ => Layer(name, 9).Model,
        };
        var random = new Random(5);
        Onnx.OnnxExportTests.Randomize(model, random);
        const int batch = 7;
        float[] x = Onnx.OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
        var expected = new float[batch * model.Info.OutputSize];
        model.Predict(x, expected);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToOnnx(), options);
        long[] shape = new[] { (long)batch }.Concat(model.Info.InputShape.Select(d => (long)d)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        Assert.Equal(new[] { (long)batch }.Concat(model.Info.OutputShape.Select(d => (long)d)), outputs[0].GetTensorTypeAndShape().Shape);
        float[] actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        double max = Onnx.OnnxExportTests.MaxError(expected, actual, out double excess);
        Assert.True(excess <= 0, $"{name}: max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
    }
}

[Sequential(5, 3)]
[Dense(4)]
[Bidirectional(MergeMode = "mul")]
[SimpleRNN(3, ReturnSequences = true)]
[LSTM(2)]
[Dense(2)]
public partial class BiSimpleRnnMulInModel { }

// Names: each wrapped layer uses up its own default name first, as in Keras; a user's names on either attribute.
[Sequential(4, 2)]
[Bidirectional]
[LSTM(2, ReturnSequences = true)]
[Bidirectional(MergeMode = "sum")]
[LSTM(2, ReturnSequences = true)]
[LSTM(2, ReturnSequences = true)]
[Bidirectional(Name = "encoder")]
[GRU(2, Name = "gru_cell")]
public partial class BidirectionalNamingModel { }

// Functional: a tensor (embed) read by two Bidirectional layers, one of them through From; the halves' input gradients
// and the second reader's partial gradient all reach embed.
[Functional(5, 3)]
[Dense(4, Activation = Act.Tanh, Name = "embed")]
[Bidirectional]
[GRU(2, ReturnSequences = true)]
[LSTM(2, Name = "a")]
[Bidirectional(From = "embed", MergeMode = "ave")]
[SimpleRNN(2)]
[Concatenate("a", "bidirectional_1")]
[Dense(2)]
public partial class FunctionalBidirectionalModel { }
