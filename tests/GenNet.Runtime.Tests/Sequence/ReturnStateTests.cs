using GenNet.Kernels;
using GenNet.Tests.Models;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

// Keras' return_state in Functional models: a recurrent node's outputs are "name" (its output), "name:1" (h) and, for an
// LSTM, "name:2" (c), as Keras' call returns [output, h, c].

/// <summary>Every output of an LSTM as a model output: the sequence, h and c.</summary>
[Functional(5, 3, Outputs = new[] { "lstm", "lstm:1", "lstm:2" })]
[LSTM(4, ReturnSequences = true, ReturnState = true)]
public partial class LstmAllOutputsModel { }

/// <summary>The states read by a merge beside the output (which is h too, without sequences).</summary>
[Functional(5, 3)]
[LSTM(4, ReturnState = true, GoBackwards = true)]
[Concatenate("lstm", "lstm:1", "lstm:2")]
[Dense(2)]
public partial class LstmStatesConcatModel { }

/// <summary>A GRU read only through its final state: its sequence output is computed but nothing reads it.</summary>
[Functional(6, 2)]
[GRU(3, ReturnSequences = true, ReturnState = true, GoBackwards = true)]
[Dense(2, From = "gru:1")]
public partial class GruStateOnlyModel { }

/// <summary>A SimpleRNN's h as a second model output, beside a head on its sequence and h; h also feeds that head.</summary>
[Functional(4, 2, Outputs = new[] { "add", "simple_rnn:1" })]
[SimpleRNN(3, ReturnSequences = true, ReturnState = true)]
[Flatten]
[Dense(2)]
[Dense(2, From = "simple_rnn:1", Name = "state_head")]
[Add("dense", "state_head")]
public partial class SimpleRnnStateOutputModel { }

/// <summary>Masking: the returned states are the carried ones (masked steps keep them).</summary>
[Functional(6)]
[Embedding(5, 3, MaskZero = true)]
[LSTM(3, ReturnSequences = true, ReturnState = true)]
[Concatenate("lstm:1", "lstm:2")]
[Dense(2)]
public partial class MaskedLstmStatesModel { }

/// <summary>
/// ReturnState: the returned h and c against a float64 LSTM written from keras/src/layers/rnn/lstm.py, whole-model gradients
/// through the state outputs by central differences, ONNX Runtime's Y_h/Y_c against Predict, the summary's
/// <c>lstm[0][1]</c>, allocations and threads.
/// </summary>
public class ReturnStateTests
{
    private static float[] Random(int count, ulong seed, float scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => (rng.NextSingle() * 2 - 1) * scale).ToArray();
    }

    [Fact]
    public void LstmReturnState_OutputsTheFinalHAndC_OfTheFloat64Reference()
    {
        var model = new LstmAllOutputsModel(seed: 3);
        Onnx.OnnxExportTests.Randomize(model, new Random(4));
        const int batch = 3, steps = 5, inputs = 3, u = 4;
        float[] x = Random(batch * steps * inputs, 5);
        var y = new float[batch * model.Info.OutputSize];
        model.Predict(x, y);
        Assert.Equal(steps * u + 2 * u, model.Info.OutputSize);
        Assert.Equal(new[] { "lstm", "lstm:1", "lstm:2" }, model.Info.Outputs.Select(o => o.Name));

        // The sequence and c of a float64 LSTM (no recurrent dropout: a mask of ones); h is the sequence's last step.
        static double[] D(ReadOnlySpan<float> a) => a.ToArray().Select(v => (double)v).ToArray();
        var cells = new double[batch * u];
        double[] sequence = RecurrentDropoutTests.Reference(true, D(x), D(model.LstmKernel), D(model.LstmRecurrentKernel), D(model.LstmBias),
            Enumerable.Repeat(1.0, batch * 4 * u).ToArray(), batch, steps, inputs, u, cells);
        int row = model.Info.OutputSize;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < steps * u; i++) Close(sequence[n * steps * u + i], y[n * row + i], $"sequence[{n}, {i}]");
            for (int j = 0; j < u; j++)
            {
                Close(sequence[(n * steps + steps - 1) * u + j], y[n * row + steps * u + j], $"h[{n}, {j}]");
                Close(cells[n * u + j], y[n * row + steps * u + u + j], $"c[{n}, {j}]");
            }
        }

        static void Close(double expected, float actual, string what) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-5 + 1e-5 * Math.Abs(expected), $"{what}: {actual} vs float64 {expected}");
    }

    public static TheoryData<string> Models => new()
    {
        nameof(LstmAllOutputsModel), nameof(LstmStatesConcatModel), nameof(GruStateOnlyModel), nameof(SimpleRnnStateOutputModel), nameof(MaskedLstmStatesModel),
        nameof(BiLstmAllOutputsModel), nameof(BiGruStatesHeadModel), nameof(BiRnnBackwardStateModel),
    };

    private static Model Create(string name, int seed) => name switch
    {
        nameof(LstmAllOutputsModel) => new LstmAllOutputsModel(seed),
        nameof(LstmStatesConcatModel) => new LstmStatesConcatModel(seed),
        nameof(GruStateOnlyModel) => new GruStateOnlyModel(seed),
        nameof(SimpleRnnStateOutputModel) => new SimpleRnnStateOutputModel(seed),
        nameof(MaskedLstmStatesModel) => new MaskedLstmStatesModel(seed),
        // ReturnState inside Bidirectional (BidirectionalReturnStateTests.cs).
        nameof(BiLstmAllOutputsModel) => new BiLstmAllOutputsModel(seed),
        nameof(BiGruStatesHeadModel) => new BiGruStatesHeadModel(seed),
        nameof(BiRnnBackwardStateModel) => new BiRnnBackwardStateModel(seed),
        _ => throw new ArgumentException(name),
    };

    private static float[] Inputs(Model model, int rows, ulong seed)
    {
        if (model is not MaskedLstmStatesModel) return Random(rows * model.Info.InputSize, seed);
        // Token ids 0..4 with padding (0) at the end and in the middle.
        var rng = new Rng(seed);
        var ids = new float[rows * 6];
        for (int i = 0; i < ids.Length; i++) ids[i] = i % 6 >= 4 ? 0 : (float)Math.Floor(rng.NextSingle() * 5);
        return ids;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Gradients_ThroughTheStateOutputs_MatchCentralDifferences(string name)
    {
        Model model = Create(name, 4);
        ModelGradientTests.CheckGradients(model, Loss.MeanSquaredError, Inputs(model, 5, 1), Random(5 * model.Info.OutputSize, 2));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing_AndTwoThreadsMatchOne(string name)
    {
        Model model = Create(name, 1);
        const int batch = 9;
        float[] x = Inputs(model, batch, 9);
        var y = new float[batch * model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, y));
        model.Compile(Loss.MeanSquaredError, "adam");
        float[] labels = Random(batch * model.Info.OutputSize, 10);
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, labels));

        float[] Train(int threads)
        {
            Model m = Create(name, 3);
            m.Threads = threads;
            m.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01f));
            m.Fit(Inputs(m, 300, 12), Random(300 * m.Info.OutputSize, 13), epochs: 2, batchSize: 128, verbose: 0);
            return m.Parameters.ToArray();
        }
        Assert.Equal(Train(1), Train(2));
    }

    [Theory]
    [InlineData(nameof(LstmAllOutputsModel))]
    [InlineData(nameof(LstmStatesConcatModel))]
    [InlineData(nameof(GruStateOnlyModel))]
    [InlineData(nameof(SimpleRnnStateOutputModel))]
    [InlineData(nameof(BiLstmAllOutputsModel))]
    [InlineData(nameof(BiGruStatesHeadModel))]
    [InlineData(nameof(BiRnnBackwardStateModel))]
    public void Onnx_OnnxRuntimeMatchesPredict_EveryOutput(string name)
    {
        Model model = Create(name, 6);
        ModelInfo info = model.Info;
        var random = new Random(7);
        Onnx.OnnxExportTests.Randomize(model, random);
        const int batch = 7;
        float[] x = Onnx.OnnxExportTests.RandomInputs(batch * info.InputSize, random);
        Onnx.OnnxOutputsCheck.AssertEveryOutputMatchesPredict(model, x, batch, name);
    }

    [Fact]
    public void Summary_ConnectsTheStatesAsKerasDoes_AndConfigSaysReturnState()
    {
        string summary = new LstmStatesConcatModel(1).SummaryText();
        // Keras' "Connected to" column (it wraps at ", " when the cell is narrower than the references).
        Assert.Contains("lstm[0][0]", summary);
        Assert.Contains("lstm[0][1]", summary);
        Assert.Contains("lstm[0][2]", summary);
        Assert.DoesNotContain("lstm:1", summary);
        Assert.Equal("True", LstmStatesConcatModel.ModelInfo.Layers[0].Config["return_state"]);
        Assert.Equal(new[] { "lstm", "lstm:1", "lstm:2" }, LstmStatesConcatModel.ModelInfo.Layers[1].Inbound);
    }

    [Fact]
    public void Summary_OutputShape_ListsEveryOutput_AsKerasDoes()
    {
        // Keras (summary_utils.format_layer_shape): a layer with several outputs shows the list of their shapes.
        Assert.Equal(new[] { new[] { 4 }, new[] { 4 } }, LstmStatesConcatModel.ModelInfo.Layers[0].ExtraOutputShapes);
        Assert.Equal(new[] { new[] { 4 }, new[] { 4 }, new[] { 4 }, new[] { 4 } }, BiLstmAllOutputsModel.ModelInfo.Layers[0].ExtraOutputShapes);
        Assert.Null(LstmStatesConcatModel.ModelInfo.Layers[1].ExtraOutputShapes);
        string summary = new LstmStatesConcatModel(1).SummaryText();
        string joined = string.Join(" ", summary.Split('\n').Select(line => line.Trim()));
        Assert.True(summary.Contains("[(None, 4), (None, 4), (None, 4)]") || joined.Contains("[(None, 4),"), summary);
    }

    [Fact]
    public void MaskedLstm_ReturnedStates_AreTheCarriedOnes()
    {
        // Padding in the middle or at the end: the same four real steps, so the same carried h and c.
        var model = new MaskedLstmStatesModel(seed: 2);
        float[] padded = { 1, 3, 0, 2, 4, 0 };
        float[] moved = { 1, 3, 2, 4, 0, 0 };
        var a = new float[2];
        var b = new float[2];
        model.Predict(padded, a);
        model.Predict(moved, b);
        for (int i = 0; i < 2; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6, $"{a[i]} vs {b[i]}");
        float[] other = { 1, 3, 2, 4, 2, 0 };
        var c = new float[2];
        model.Predict(other, c);
        Assert.NotEqual(a, c);
    }
}
