using GenNet.Kernels;
using GenNet.Tests.Models;
using GenNet.Tests.Support;
using static GenNet.Tests.Sequence.RecurrentDropoutTests;

namespace GenNet.Tests.Sequence;

// GruSimpleRnnModel and LstmClassifier with both dropouts on the gated layer (its twins without them share the weights).
[Sequential(5, 2)]
[GRU(4, ReturnSequences = true, Dropout = 0.2, RecurrentDropout = 0.3)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2)]
public partial class GruBothDropoutsModel { }

[Sequential(5, 2)]
[GRU(4, ReturnSequences = true, Dropout = 1e-6, RecurrentDropout = 1e-6)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2)]
public partial class TinyGruBothDropoutsModel { }

[Sequential(6, 3)]
[LSTM(5, Dropout = 0.2, RecurrentDropout = 0.3)]
[Dense(3, Activation = Act.Softmax)]
public partial class LstmBothDropoutsClassifier { }

[Sequential(6, 3)]
[LSTM(5, Dropout = 1e-6, RecurrentDropout = 1e-6)]
[Dense(3, Activation = Act.Softmax)]
public partial class TinyLstmBothDropoutsClassifier { }

[Sequential(5, 2)]
[Bidirectional]
[GRU(3, Dropout = 0.2, RecurrentDropout = 0.2)]
[Dense(2)]
public partial class BidirectionalGruBothDropoutsModel { }

/// <summary>
/// LSTM and GRU with both <c>dropout</c> and <c>recurrent_dropout</c>: Keras then runs "implementation 1"
/// (keras/src/layers/rnn/lstm.py, gru.py) and drops the input with one mask per gate, <c>x_g = (x·m_g)·kernel_g</c>. The
/// kernels with given masks against float64 references (forward, and every gradient by central differences), the
/// generated wiring (inference without dropout, reproducible training, gradients), allocations, 1 vs 2 threads.
/// </summary>
public class GateInputDropoutTests
{
    private static double[] D(float[] a) => a.Select(v => (double)v).ToArray();

    /// <summary>Input masks <c>[batch, gates, inputs]</c> at rate 0.4, checked to hold drops and keeps and to differ between gates.</summary>
    private static float[] InputMasks(int batch, int gates, int inputs)
    {
        var masks = new float[batch * gates * inputs];
        GateInputDropout.DrawMasks(masks, 0.4f, new Rng(8));
        Assert.Contains(masks, m => m == 0f);
        Assert.Contains(masks, m => m == 1f / 0.6f);
        Assert.NotEqual(masks.AsSpan(0, inputs).ToArray(), masks.AsSpan(inputs, inputs).ToArray());
        return masks;
    }

    [Fact]
    public void LstmKernel_WithAnInputMaskPerGate_MatchesTheFloat64Reference()
    {
        const int batch = 3, steps = 4, inputs = 3, u = 3, g = 4 * u;
        var geometry = new RecurrentGeometry(steps, inputs, u, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var (x, k, r, b, mask) = KernelInputs(batch * steps * inputs, inputs * g, u * g, g, batch * g);
        float[] inputMasks = InputMasks(batch, 4, inputs);

        var gates = new float[batch * steps * g];
        var cells = new float[batch * steps * u];
        var states = new float[batch * steps * u];
        var step = new float[batch * g];
        var masked = new float[2 * batch * u];
        var y = new float[batch * steps * u];
        LstmKernel.Forward(x, k, r, b, gates, cells, states, step, y, batch, geometry, recurrentMask: mask, maskedStates: masked, inputMasks: inputMasks);

        double[] xd = D(x), kd = D(k), rd = D(r), bd = D(b), md = D(mask), id = D(inputMasks);
        double[] expected = Reference(true, xd, kd, rd, bd, md, batch, steps, inputs, u, inputMasks: id);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"y[{i}]: {y[i]} vs {expected[i]}");
        double[] unmasked = Reference(true, xd, kd, rd, bd, md, batch, steps, inputs, u);
        Assert.Contains(Enumerable.Range(0, y.Length), i => Math.Abs(unmasked[i] - expected[i]) > 1e-3);   // the input masks matter

        float[] dy = Random(y.Length, 6);
        var dx = new float[x.Length];
        var dk = new float[k.Length];
        var dr = new float[r.Length];
        var db = new float[b.Length];
        var work = new float[2 * batch * u];
        LstmKernel.Backward(x, k, r, gates, cells, states, dy, new float[gates.Length], new float[states.Length], new float[cells.Length], new float[step.Length],
            dx, dk, dr, db, batch, geometry, recurrentMask: mask, maskedStates: work.AsSpan(0, batch * u), dMaskedStates: work.AsSpan(batch * u),
            inputMasks: inputMasks);

        CheckCentralDifferences(() => Reference(true, xd, kd, rd, bd, md, batch, steps, inputs, u, inputMasks: id), dy,
            ("dx", xd, dx), ("dKernel", kd, dk), ("dRecurrentKernel", rd, dr), ("dBias", bd, db));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GruKernel_WithAnInputMaskPerGate_MatchesTheFloat64Reference(bool resetAfter)
    {
        const int batch = 3, steps = 4, inputs = 3, u = 3, g = 3 * u;
        int biasLength = resetAfter ? 2 * g : g;
        var geometry = new RecurrentGeometry(steps, inputs, u, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var (x, k, r, b, mask) = KernelInputs(batch * steps * inputs, inputs * g, u * g, biasLength, batch * g);
        float[] inputMasks = InputMasks(batch, 3, inputs);

        var gates = new float[batch * steps * g];
        var candidates = new float[batch * steps * u];
        var states = new float[batch * steps * u];
        var step = new float[batch * GruKernel.StepSize(u)];
        var masked = new float[2 * batch * u];
        var y = new float[batch * steps * u];
        GruKernel.Forward(x, k, r, b, gates, candidates, states, step, y, batch, geometry, resetAfter, recurrentMask: mask, maskedStates: masked,
            inputMasks: inputMasks);

        double[] xd = D(x), kd = D(k), rd = D(r), bd = D(b), md = D(mask), id = D(inputMasks);
        double[] expected = GruReference(resetAfter, xd, kd, rd, bd, md, batch, steps, inputs, u, id);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"y[{i}]: {y[i]} vs {expected[i]}");
        double[] unmasked = GruReference(resetAfter, xd, kd, rd, bd, md, batch, steps, inputs, u);
        Assert.Contains(Enumerable.Range(0, y.Length), i => Math.Abs(unmasked[i] - expected[i]) > 1e-3);

        float[] dy = Random(y.Length, 6);
        var dx = new float[x.Length];
        var dk = new float[k.Length];
        var dr = new float[r.Length];
        var db = new float[b.Length];
        var work = new float[2 * batch * u];
        GruKernel.Backward(x, k, r, gates, candidates, states, dy, new float[gates.Length], new float[states.Length], new float[step.Length],
            dx, dk, dr, db, batch, geometry, resetAfter, recurrentMask: mask, maskedStates: work.AsSpan(0, batch * u), dMaskedStates: work.AsSpan(batch * u),
            inputMasks: inputMasks);

        CheckCentralDifferences(() => GruReference(resetAfter, xd, kd, rd, bd, md, batch, steps, inputs, u, id), dy,
            ("dx", xd, dx), ("dKernel", kd, dk), ("dRecurrentKernel", rd, dr), ("dBias", bd, db));
    }

    [Fact]
    public void Kernels_RefuseInputMasksOfTheWrongLength()
    {
        var geometry = new RecurrentGeometry(2, 3, 2, false, true, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
        var error = Assert.Throws<ArgumentException>(() => GateInputDropout.Project(new float[2 * 2 * 3], new float[2 * 3], new float[3 * 8], default,
            new float[2 * 2 * 8], 2, geometry, 4, "LSTM"));
        Assert.Contains("batch · 4 gates · inputs = 24", error.Message);
    }

    [Fact]
    public void BothDropouts_GradientsMatchCentralDifferences()
    {
        ModelGradientTests.CheckGradients(new TinyGruBothDropoutsModel(seed: 4), Loss.MeanSquaredError,
            Random(7 * TinyGruBothDropoutsModel.InputSize, 1), Random(7 * TinyGruBothDropoutsModel.OutputSize, 2));
        ModelGradientTests.CheckGradients(new TinyLstmBothDropoutsClassifier(seed: 4), Loss.CategoricalCrossentropy,
            Random(7 * TinyLstmBothDropoutsClassifier.InputSize, 1), Encoding.OneHot(Enumerable.Range(0, 7).Select(i => i % 3).ToArray(), 3));
    }

    [Fact]
    public void BothDropouts_KeepingEveryUnit_GiveTheGradientsWithoutDropout()
    {
        AssertSameGradients(new TinyGruBothDropoutsModel(seed: 6), new GruSimpleRnnModel(seed: 6), Loss.MeanSquaredError,
            Random(6 * GruSimpleRnnModel.InputSize, 20), Random(6 * GruSimpleRnnModel.OutputSize, 21));
        AssertSameGradients(new TinyLstmBothDropoutsClassifier(seed: 6), new LstmClassifier(seed: 6), Loss.CategoricalCrossentropy,
            Random(6 * LstmClassifier.InputSize, 20), Encoding.OneHot(Enumerable.Range(0, 6).Select(i => i % 3).ToArray(), 3));
    }

    [Fact]
    public void BothDropouts_InferenceIsTheLayerWithout_AndTrainingDropsReproducibly()
    {
        AssertInferenceWithout_AndTrainingDropsReproducibly(new GruBothDropoutsModel(seed: 5), new GruSimpleRnnModel(seed: 5), () => new GruBothDropoutsModel(seed: 5));
        AssertInferenceWithout_AndTrainingDropsReproducibly(new LstmBothDropoutsClassifier(seed: 5), new LstmClassifier(seed: 5),
            () => new LstmBothDropoutsClassifier(seed: 5));
        // One mask per gate over the features: GRU 3 × 2, LSTM 4 × 3.
        Assert.Equal(3 * 2, GruBothDropoutsModel.GruInputMaskSize);
        Assert.Equal(4 * 3, LstmBothDropoutsClassifier.LstmInputMaskSize);
        Assert.Equal("0.2", GruBothDropoutsModel.ModelInfo.Layers[0].Config["dropout"]);
        Assert.Equal("0.3", GruBothDropoutsModel.ModelInfo.Layers[0].Config["recurrent_dropout"]);
    }

    [Fact]
    public void BothDropouts_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        AssertPredictAndTrainOnBatchAllocateNothing(new GruBothDropoutsModel(1), new LstmBothDropoutsClassifier(2), new BidirectionalGruBothDropoutsModel(3));
    }

    [Fact]
    public void Fit_BothDropouts_SameWeightsBitForBitOnOneAndTwoThreads()
    {
        Assert.Equal(Train(() => new GruBothDropoutsModel(seed: 3), 1), Train(() => new GruBothDropoutsModel(seed: 3), 2));
        Assert.Equal(Train(() => new LstmBothDropoutsClassifier(seed: 3), 1), Train(() => new LstmBothDropoutsClassifier(seed: 3), 2));
        Assert.Equal(Train(() => new BidirectionalGruBothDropoutsModel(seed: 3), 1), Train(() => new BidirectionalGruBothDropoutsModel(seed: 3), 2));
    }
}
