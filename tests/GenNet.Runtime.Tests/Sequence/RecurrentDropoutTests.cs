using GenNet.Kernels;
using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

[Sequential(6, 3)]
[LSTM(5, RecurrentDropout = 0.3)]
[Dense(3, Activation = Act.Softmax)]
public partial class LstmRecurrentDropoutClassifier { }

[Sequential(5, 2)]
[SimpleRNN(3, ReturnSequences = true, RecurrentDropout = 0.25, Dropout = 0.1)]
[Bidirectional(MergeMode = "sum")]
[LSTM(3, RecurrentDropout = 0.2)]
[Dense(2)]
public partial class RecurrentDropoutStack { }

// The same layers as GruSimpleRnnModel's shapes, with recurrent dropout so small that every unit is kept.
[Sequential(6, 3)]
[LSTM(5, RecurrentDropout = 1e-6)]
[Dense(3, Activation = Act.Softmax)]
public partial class TinyRecurrentDropoutClassifier { }

// The same layers as GruSimpleRnnModel / GruResetBeforeModel, with recurrent dropout on the GRU.
[Sequential(5, 2)]
[GRU(4, ReturnSequences = true, RecurrentDropout = 0.3)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2)]
public partial class GruRecurrentDropoutModel { }

[Sequential(5, 3)]
[GRU(4, ResetAfter = false, GoBackwards = true, ReturnSequences = true, RecurrentDropout = 0.25)]
[Flatten]
[Dense(2)]
public partial class GruResetBeforeRecurrentDropoutModel { }

[Sequential(5, 2)]
[GRU(4, ReturnSequences = true, RecurrentDropout = 1e-6)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2)]
public partial class TinyGruRecurrentDropoutModel { }

[Sequential(5, 2)]
[Bidirectional]
[GRU(3, RecurrentDropout = 0.2)]
[Dense(2)]
public partial class BidirectionalGruRecurrentDropoutModel { }

/// <summary>
/// Keras' <c>recurrent_dropout</c> (keras/src/layers/rnn/simple_rnn.py, lstm.py, gru.py: in training the previous state is
/// multiplied by a mask per sample, drawn once per sequence, where it enters <c>h·recurrent_kernel</c>, with one mask per
/// gate for LSTM and GRU, their "implementation 1"; LSTM's cell state is not masked): the kernels with a given mask against a float64 reference (forward, every gradient by central differences of
/// the reference), the generated wiring, inference without it, allocations, 1 vs 2 threads.
/// </summary>
public class RecurrentDropoutTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    internal static float[] Random(int count, ulong seed, float scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => (rng.NextSingle() * 2 - 1) * scale).ToArray();
    }

    /// <summary>
    /// y (the state sequence, batch-major) of SimpleRNN or LSTM with a recurrent mask (<c>[batch, gates·u]</c>: one per
    /// gate i, f, c, o for an LSTM), in float64; an LSTM's final cell
    /// states <c>[batch, u]</c> go to <paramref name="finalCells"/> when given.
    /// </summary>
    internal static double[] Reference(bool lstm, double[] x, double[] k, double[] r, double[] b, double[] mask, int batch, int steps, int inputs, int u,
        double[]? finalCells = null, double[]? inputMasks = null)
    {
        int g = (lstm ? 4 : 1) * u;
        var y = new double[batch * steps * u];
        for (int n = 0; n < batch; n++)
        {
            var h = new double[u];
            var c = new double[u];
            for (int t = 0; t < steps; t++)
            {
                var z = new double[g];
                for (int j = 0; j < g; j++)
                {
                    z[j] = b[j];
                    // With input masks, gate j / u reads x·m_gate (Keras' implementation 1; LSTM's blocks i, f, c, o).
                    for (int i = 0; i < inputs; i++) z[j] += x[(n * steps + t) * inputs + i] * InputKeep(inputMasks, n, j / u, i, g / u, inputs) * k[i * g + j];
                    for (int i = 0; i < u; i++) z[j] += h[i] * mask[n * g + j / u * u + i] * r[i * g + j];   // gate j / u's mask
                }
                var next = new double[u];
                for (int j = 0; j < u; j++)
                {
                    if (!lstm) next[j] = Math.Tanh(z[j]);
                    else
                    {
                        c[j] = Sigmoid(z[u + j]) * c[j] + Sigmoid(z[j]) * Math.Tanh(z[2 * u + j]);
                        next[j] = Sigmoid(z[3 * u + j]) * Math.Tanh(c[j]);
                    }
                }
                h = next;
                Array.Copy(h, 0, y, (n * steps + t) * u, u);
            }
            if (finalCells is not null) Array.Copy(c, 0, finalCells, n * u, u);
        }
        return y;
    }

    /// <summary>Sample n's input mask for gate <paramref name="gate"/> at input i (<c>masks[n, gate, i]</c>), or 1 without masks.</summary>
    private static double InputKeep(double[]? masks, int n, int gate, int i, int gates, int inputs) =>
        masks is null ? 1 : masks[(n * gates + gate) * inputs + i];

    /// <summary>Random inputs and weights of the given lengths, and a recurrent mask drawn at rate 0.4 (with drops and keeps).</summary>
    internal static (float[] X, float[] Kernel, float[] Recurrent, float[] Bias, float[] Mask) KernelInputs(int x, int kernel, int recurrent, int bias, int mask)
    {
        var drawn = new float[mask];
        RecurrentKernel.DrawRecurrentMask(drawn, 0.4f, new Rng(5));
        Assert.Contains(drawn, m => m == 0f);
        Assert.Contains(drawn, m => m == 1f / 0.6f);
        return (Random(x, 1), Random(kernel, 2, 0.7f), Random(recurrent, 3, 0.7f), Random(bias, 4, 0.3f), drawn);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Kernels_WithARecurrentMask_MatchTheFloat64Reference(bool lstm)
    {
        const int batch = 3, steps = 4, inputs = 2, u = 3;
        int g = (lstm ? 4 : 1) * u;
        var geometry = new RecurrentGeometry(steps, inputs, u, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var (x, k, r, b, mask) = KernelInputs(batch * steps * inputs, inputs * g, u * g, g, batch * g);

        var gates = new float[batch * steps * g];
        var cells = new float[batch * steps * u];
        var states = new float[batch * steps * u];
        var step = new float[batch * g];
        var masked = new float[2 * batch * u];
        var y = new float[batch * steps * u];
        if (lstm) LstmKernel.Forward(x, k, r, b, gates, cells, states, step, y, batch, geometry, recurrentMask: mask, maskedStates: masked);
        else SimpleRnnKernel.Forward(x, k, r, b, gates, states, step, y, batch, geometry, recurrentMask: mask, maskedStates: masked);

        static double[] D(float[] a) => a.Select(v => (double)v).ToArray();
        double[] xd = D(x), kd = D(k), rd = D(r), bd = D(b), md = D(mask);
        double[] expected = Reference(lstm, xd, kd, rd, bd, md, batch, steps, inputs, u);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"y[{i}]: {y[i]} vs {expected[i]}");

        float[] dy = Random(y.Length, 6);
        var dGates = new float[gates.Length];
        var dStates = new float[states.Length];
        var dCells = new float[cells.Length];
        var dStep = new float[step.Length];
        var dx = new float[x.Length];
        var dk = new float[k.Length];
        var dr = new float[r.Length];
        var db = new float[b.Length];
        var work = new float[2 * batch * u];
        if (lstm)
        {
            LstmKernel.Backward(x, k, r, gates, cells, states, dy, dGates, dStates, dCells, dStep, dx, dk, dr, db, batch, geometry,
                recurrentMask: mask, maskedStates: work.AsSpan(0, batch * u), dMaskedStates: work.AsSpan(batch * u));
        }
        else
        {
            SimpleRnnKernel.Backward(x, k, r, states, dy, dGates, dStates, dStep, dx, dk, dr, db, batch, geometry,
                recurrentMask: mask, maskedStates: work.AsSpan(0, batch * u), dMaskedStates: work.AsSpan(batch * u));
        }

        Func<double[]> reference = () => Reference(lstm, xd, kd, rd, bd, md, batch, steps, inputs, u);
        CheckCentralDifferences(reference, dy, ("dx", xd, dx), ("dKernel", kd, dk), ("dRecurrentKernel", rd, dr), ("dBias", bd, db));
    }

    /// <summary>
    /// For L = Σ dy·y with y = <paramref name="reference"/>() in float64: each analytic gradient against central differences
    /// of the reference in the values it reads (changed in place and restored).
    /// </summary>
    internal static void CheckCentralDifferences(Func<double[]> reference, float[] dy, params (string Name, double[] Values, float[] Analytic)[] gradients)
    {
        const double h = 1e-6;
        foreach (var (name, values, analytic) in gradients)
        {
            for (int i = 0; i < values.Length; i++)
            {
                double saved = values[i];
                values[i] = saved + h;
                double plus = reference().Select((v, j) => v * dy[j]).Sum();
                values[i] = saved - h;
                double minus = reference().Select((v, j) => v * dy[j]).Sum();
                values[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-5 + 1e-4 * Math.Abs(numeric), $"{name}[{i}]: {analytic[i]} vs float64 {numeric}");
            }
        }
    }

    [Fact]
    public void RecurrentDropoutModel_GradientsMatchCentralDifferences()
    {
        // Every unit kept (mask 1/(1 − 1e-6)): the training step's gradients are the inference loss's, to float rounding.
        ModelGradientTests.CheckGradients(new TinyRecurrentDropoutClassifier(seed: 4), Loss.CategoricalCrossentropy,
            Random(7 * LstmClassifier.InputSize, 1), Encoding.OneHot(Enumerable.Range(0, 7).Select(i => i % 3).ToArray(), 3));
    }

    [Fact]
    public void Inference_IsTheLayerWithoutRecurrentDropout_AndOnnxExportsIt()
    {
        var withDropout = new LstmRecurrentDropoutClassifier(seed: 5);
        var without = new LstmClassifier(seed: 5);
        Assert.Equal(without.Parameters.ToArray(), withDropout.Parameters.ToArray());
        float[] x = Random(8 * LstmClassifier.InputSize, 18);
        var a = new float[8 * 3];
        var b = new float[8 * 3];
        withDropout.Predict(x, a);
        without.Predict(x, b);
        Assert.Equal(b, a);
        Assert.Equal("0.3", LstmRecurrentDropoutClassifier.ModelInfo.Layers[0].Config["recurrent_dropout"]);
        Assert.Equal(4 * 5, LstmRecurrentDropoutClassifier.LstmRecurrentMaskSize);   // one mask per gate i, f, c, o
        Assert.NotEmpty(withDropout.ToOnnx());
    }

    [Fact]
    public void Training_DropsStatesReproducibly()
    {
        float[] x = Random(16 * LstmClassifier.InputSize, 19);
        float[] y = Encoding.OneHot(Enumerable.Range(0, 16).Select(i => i % 3).ToArray(), 3);
        double Step(Model model)
        {
            model.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
            return model.TrainOnBatch(x, y);
        }
        double plain = Step(new LstmClassifier(seed: 5));
        double first = Step(new LstmRecurrentDropoutClassifier(seed: 5)), again = Step(new LstmRecurrentDropoutClassifier(seed: 5));
        Assert.NotEqual(plain, first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void KeepingEveryUnit_GivesTheGradientsWithoutRecurrentDropout() =>
        AssertSameGradients(new TinyRecurrentDropoutClassifier(seed: 6), new LstmClassifier(seed: 6), Loss.CategoricalCrossentropy,
            Random(6 * LstmClassifier.InputSize, 20), Encoding.OneHot(Enumerable.Range(0, 6).Select(i => i % 3).ToArray(), 3));

    /// <summary>One training step of a model whose dropout keeps every unit against its twin without dropout: the same gradients, to float rounding.</summary>
    internal static void AssertSameGradients(Model dropout, Model plain, Loss loss, float[] x, float[] y)
    {
        Assert.Equal(plain.Parameters.ToArray(), dropout.Parameters.ToArray());
        dropout.Compile(loss, new SGD(0f));
        plain.Compile(loss, new SGD(0f));
        dropout.TrainOnBatch(x, y);
        plain.TrainOnBatch(x, y);
        float[] a = dropout.Gradients.ToArray(), b = plain.Gradients.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 + 1e-4 * Math.Abs(b[i]), $"gradient[{i}]: {a[i]} vs {b[i]}");
    }

    [Fact]
    public void RecurrentDropout_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        AssertPredictAndTrainOnBatchAllocateNothing(new LstmRecurrentDropoutClassifier(1), new RecurrentDropoutStack(2));
    }

    /// <summary>Predict and a training step of each model, after a warm-up, allocate nothing.</summary>
    internal static void AssertPredictAndTrainOnBatchAllocateNothing(params Model[] models)
    {
        foreach (Model model in models)
        {
            const int batch = 9;
            float[] x = Random(batch * model.Info.InputSize, 9);
            var y = new float[batch * model.Info.OutputSize];
            Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, y));
            model.Compile(Loss.MeanSquaredError, "adam");
            float[] labels = Random(batch * model.Info.OutputSize, 10);
            Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, labels));
        }
    }

    internal static float[] Train(Func<Model> create, int threads)
    {
        Model model = create();
        model.Threads = threads;
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01f));
        float[] x = Random(300 * model.Info.InputSize, 12);
        float[] y = Encoding.OneHot(Enumerable.Range(0, 300).Select(i => i % model.Info.OutputSize).ToArray(), model.Info.OutputSize);
        model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return model.Parameters.ToArray();
    }

    [Fact]
    public void Fit_RecurrentDropout_SameWeightsBitForBitOnOneAndTwoThreads()
    {
        Assert.Equal(Train(() => new RecurrentDropoutStack(seed: 3), 1), Train(() => new RecurrentDropoutStack(seed: 3), 2));
        Assert.Equal(Train(() => new LstmRecurrentDropoutClassifier(seed: 3), 1), Train(() => new LstmRecurrentDropoutClassifier(seed: 3), 2));
    }
    /// <summary>
    /// y (the state sequence, batch-major) of a GRU with one recurrent mask per gate (<c>mask[n, 3u]</c>: z, r, h), in
    /// float64, from keras/src/layers/rnn/gru.py's "implementation 1": gate g's recurrent product reads h·m_g; the update
    /// z·h + (1 − z)·ĥ uses the unmasked h. Bias <c>[2, 3u]</c> with reset_after, else <c>[3u]</c>.
    /// </summary>
    internal static double[] GruReference(bool resetAfter, double[] x, double[] k, double[] r, double[] b, double[] mask,
        int batch, int steps, int inputs, int u, double[]? inputMasks = null)
    {
        int g = 3 * u;
        var y = new double[batch * steps * u];
        for (int n = 0; n < batch; n++)
        {
            var h = new double[u];
            for (int t = 0; t < steps; t++)
            {
                var mx = new double[g];
                var mh = new double[g];
                for (int j = 0; j < g; j++)
                {
                    mx[j] = b[j];
                    int gate = j / u;
                    for (int i = 0; i < inputs; i++) mx[j] += x[(n * steps + t) * inputs + i] * InputKeep(inputMasks, n, gate, i, 3, inputs) * k[i * g + j];
                    mh[j] = resetAfter ? b[g + j] : 0;
                    if (resetAfter || gate < 2)
                        for (int i = 0; i < u; i++) mh[j] += h[i] * mask[n * g + gate * u + i] * r[i * g + j];
                }
                var next = new double[u];
                var z = new double[u];
                var rr = new double[u];
                for (int j = 0; j < u; j++)
                {
                    z[j] = Sigmoid(mx[j] + mh[j]);
                    rr[j] = Sigmoid(mx[u + j] + mh[u + j]);
                }
                for (int j = 0; j < u; j++)
                {
                    double pre = mx[2 * u + j];
                    if (resetAfter) pre += rr[j] * mh[2 * u + j];
                    else for (int i = 0; i < u; i++) pre += rr[i] * h[i] * mask[n * g + 2 * u + i] * r[i * g + 2 * u + j];
                    next[j] = z[j] * h[j] + (1 - z[j]) * Math.Tanh(pre);
                }
                h = next;
                Array.Copy(h, 0, y, (n * steps + t) * u, u);
            }
        }
        return y;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GruKernel_WithAMaskPerGate_MatchesTheFloat64Reference(bool resetAfter)
    {
        const int batch = 3, steps = 4, inputs = 2, u = 3;
        int g = 3 * u, biasLength = resetAfter ? 2 * g : g;
        var geometry = new RecurrentGeometry(steps, inputs, u, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var (x, k, r, b, mask) = KernelInputs(batch * steps * inputs, inputs * g, u * g, biasLength, batch * g);

        var gates = new float[batch * steps * g];
        var candidates = new float[batch * steps * u];
        var states = new float[batch * steps * u];
        var step = new float[batch * GruKernel.StepSize(u)];
        var masked = new float[2 * batch * u];
        var y = new float[batch * steps * u];
        GruKernel.Forward(x, k, r, b, gates, candidates, states, step, y, batch, geometry, resetAfter, recurrentMask: mask, maskedStates: masked);

        static double[] D(float[] a) => a.Select(v => (double)v).ToArray();
        double[] xd = D(x), kd = D(k), rd = D(r), bd = D(b), md = D(mask);
        double[] expected = GruReference(resetAfter, xd, kd, rd, bd, md, batch, steps, inputs, u);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"y[{i}]: {y[i]} vs {expected[i]}");

        // Without the mask the kernel is a different function (the masks matter).
        var plain = new float[y.Length];
        GruKernel.Forward(x, k, r, b, new float[gates.Length], new float[candidates.Length], new float[states.Length], new float[step.Length], plain, batch, geometry, resetAfter);
        Assert.NotEqual(plain, y);

        float[] dy = Random(y.Length, 6);
        var dGates = new float[gates.Length];
        var dStates = new float[states.Length];
        var dStep = new float[step.Length];
        var dx = new float[x.Length];
        var dk = new float[k.Length];
        var dr = new float[r.Length];
        var db = new float[b.Length];
        var work = new float[2 * batch * u];
        GruKernel.Backward(x, k, r, gates, candidates, states, dy, dGates, dStates, dStep, dx, dk, dr, db, batch, geometry, resetAfter,
            recurrentMask: mask, maskedStates: work.AsSpan(0, batch * u), dMaskedStates: work.AsSpan(batch * u));

        Func<double[]> reference = () => GruReference(resetAfter, xd, kd, rd, bd, md, batch, steps, inputs, u);
        CheckCentralDifferences(reference, dy, ("dx", xd, dx), ("dKernel", kd, dk), ("dRecurrentKernel", rd, dr), ("dBias", bd, db));
    }

    [Fact]
    public void GruRecurrentDropoutModel_GradientsMatchCentralDifferences()
    {
        ModelGradientTests.CheckGradients(new TinyGruRecurrentDropoutModel(seed: 4), Loss.MeanSquaredError,
            Random(7 * TinyGruRecurrentDropoutModel.InputSize, 1), Random(7 * TinyGruRecurrentDropoutModel.OutputSize, 2));
    }

    [Fact]
    public void Gru_KeepingEveryUnit_GivesTheGradientsWithoutRecurrentDropout() =>
        AssertSameGradients(new TinyGruRecurrentDropoutModel(seed: 6), new GruSimpleRnnModel(seed: 6), Loss.MeanSquaredError,
            Random(6 * GruSimpleRnnModel.InputSize, 20), Random(6 * GruSimpleRnnModel.OutputSize, 21));

    [Fact]
    public void Gru_Inference_IsTheLayerWithoutRecurrentDropout_AndTrainingDropsReproducibly()
    {
        AssertInferenceWithout_AndTrainingDropsReproducibly(new GruRecurrentDropoutModel(seed: 5), new GruSimpleRnnModel(seed: 5), () => new GruRecurrentDropoutModel(seed: 5));
        AssertInferenceWithout_AndTrainingDropsReproducibly(new GruResetBeforeRecurrentDropoutModel(seed: 5), new GruResetBeforeModel(seed: 5),
            () => new GruResetBeforeRecurrentDropoutModel(seed: 5));
        Assert.Equal("0.3", GruRecurrentDropoutModel.ModelInfo.Layers[0].Config["recurrent_dropout"]);
        Assert.Equal(3 * 4, GruRecurrentDropoutModel.GruRecurrentMaskSize);
    }

    /// <summary>
    /// A model with dropout against its twin without (same weights): Predict is the twin's bit for bit; a training step
    /// differs from the twin's and repeats exactly from the same seed.
    /// </summary>
    internal static void AssertInferenceWithout_AndTrainingDropsReproducibly(Model withDropout, Model without, Func<Model> again)
    {
        Assert.Equal(without.Parameters.ToArray(), withDropout.Parameters.ToArray());
        float[] x = Random(8 * without.Info.InputSize, 18);
        var a = new float[8 * without.Info.OutputSize];
        var b = new float[a.Length];
        withDropout.Predict(x, a);
        without.Predict(x, b);
        Assert.Equal(b, a);

        float[] y = Random(8 * without.Info.OutputSize, 19);
        double Step(Model model)
        {
            model.Compile(Loss.MeanSquaredError, new SGD(0f));
            return model.TrainOnBatch(x, y);
        }
        double plain = Step(without), first = Step(withDropout), second = Step(again());
        Assert.NotEqual(plain, first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void GruRecurrentDropout_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        AssertPredictAndTrainOnBatchAllocateNothing(new GruRecurrentDropoutModel(1), new GruResetBeforeRecurrentDropoutModel(2), new BidirectionalGruRecurrentDropoutModel(3));
    }

    [Fact]
    public void Fit_GruRecurrentDropout_SameWeightsBitForBitOnOneAndTwoThreads()
    {
        Assert.Equal(Train(() => new GruRecurrentDropoutModel(seed: 3), 1), Train(() => new GruRecurrentDropoutModel(seed: 3), 2));
        Assert.Equal(Train(() => new GruResetBeforeRecurrentDropoutModel(seed: 3), 1), Train(() => new GruResetBeforeRecurrentDropoutModel(seed: 3), 2));
        Assert.Equal(Train(() => new BidirectionalGruRecurrentDropoutModel(seed: 3), 1), Train(() => new BidirectionalGruRecurrentDropoutModel(seed: 3), 2));
    }
}
