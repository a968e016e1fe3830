using GenNet.Tests.Support;

namespace GenNet.Tests.Models;

// Recurrent models built by the real generator: every cell, both GRU forms, go_backwards, stacked layers.

[Sequential(6, 3)]
[LSTM(5)]
[Dense(3, Activation = Act.Softmax)]
public partial class LstmClassifier { }

[Sequential(4, 3)]
[LSTM(3, ReturnSequences = true, GoBackwards = true)]
[LSTM(2)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class StackedLstmModel { }

[Sequential(5, 2)]
[GRU(4, ReturnSequences = true)]
[SimpleRNN(3, GoBackwards = true)]
[Dense(2)]
public partial class GruSimpleRnnModel { }

[Sequential(5, 3)]
[GRU(4, ResetAfter = false, GoBackwards = true, ReturnSequences = true)]
[Flatten]
[Dense(2)]
public partial class GruResetBeforeModel { }

[Sequential(4, 2)]
[SimpleRNN(3, Activation = Act.Relu, UseBias = false, ReturnSequences = true)]
[GRU(2, UseBias = false)]
[Dense(2)]
public partial class SimpleRnnReluModel { }

[Sequential(6, 3)]
[LSTM(5, Dropout = 0.3)]
[Dense(3, Activation = Act.Softmax)]
public partial class LstmDropoutClassifier { }

// GruSimpleRnnModel with input dropout so small that every mask entry is kept (scaled by 1/(1 − 1e-6)).
[Sequential(5, 2)]
[GRU(4, ReturnSequences = true, Dropout = 1e-6)]
[SimpleRNN(3, GoBackwards = true, Dropout = 1e-6)]
[Dense(2)]
public partial class TinyDropoutGruSimpleRnnModel { }

/// <summary>
/// Whole recurrent models: generated backward (BPTT) against central differences, parameter counts and initializers as
/// Keras', zero allocations after warm-up, and the same weights bit for bit on 1 and 2 threads.
/// </summary>
public class RecurrentModelTests
{
    private static float[] Random(int count, ulong seed, float scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => (rng.NextSingle() * 2 - 1) * scale).ToArray();
    }

    private static float[] Classes(int rows, int classes) => Encoding.OneHot(Enumerable.Range(0, rows).Select(i => i % classes).ToArray(), classes);

    [Fact]
    public void LstmThenDense_CrossEntropy_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new LstmClassifier(seed: 4), Loss.CategoricalCrossentropy, Random(7 * LstmClassifier.InputSize, 1), Classes(7, 3));

    [Fact]
    public void StackedLstm_GoBackwards_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new StackedLstmModel(seed: 5), Loss.BinaryCrossentropy, Random(6 * StackedLstmModel.InputSize, 2),
            Enumerable.Range(0, 6).Select(i => (float)(i % 2)).ToArray());

    [Fact]
    public void GruThenSimpleRnn_MeanSquaredError_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new GruSimpleRnnModel(seed: 6), Loss.MeanSquaredError, Random(5 * GruSimpleRnnModel.InputSize, 3),
            Random(5 * 2, 4));

    [Fact]
    public void GruResetBefore_GoBackwards_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new GruResetBeforeModel(seed: 7), Loss.MeanSquaredError, Random(5 * GruResetBeforeModel.InputSize, 5),
            Random(5 * 2, 6));

    [Fact]
    public void SimpleRnnRelu_NoBias_GradientsMatchCentralDifferences() =>
        ModelGradientTests.CheckGradients(new SimpleRnnReluModel(seed: 8), Loss.MeanSquaredError, Random(5 * SimpleRnnReluModel.InputSize, 7),
            Random(5 * 2, 8), h: 1e-3f);

    [Fact]
    public void RecurrentSequenceAsModelOutput_GradientsMatchCentralDifferences()
    {
        ModelGradientTests.CheckGradients(new Onnx.OnnxGruResetBeforeModel(seed: 9), Loss.MeanSquaredError,
            Random(4 * Onnx.OnnxGruResetBeforeModel.InputSize, 14), Random(4 * Onnx.OnnxGruResetBeforeModel.OutputSize, 15));
        ModelGradientTests.CheckGradients(new Onnx.OnnxSimpleRnnModel(seed: 10), Loss.MeanSquaredError,
            Random(4 * Onnx.OnnxSimpleRnnModel.InputSize, 16), Random(4 * Onnx.OnnxSimpleRnnModel.OutputSize, 17));
    }

    [Fact]
    public void RecurrentLayers_HaveKerasNamesShapesAndParameterCounts()
    {
        LayerInfo[] layers = StackedLstmModel.ModelInfo.Layers;
        Assert.Equal(new[] { "lstm", "lstm_1", "dense" }, layers.Select(l => l.Name));
        Assert.Equal(new[] { 4, 3 }, layers[0].OutputShape);
        Assert.Equal(new[] { 2 }, layers[1].OutputShape);
        Assert.Equal(4 * (3 * 3 + 3 * 3 + 3), layers[0].ParameterCount);   // 4·(in·u + u·u + u)
        Assert.Equal(4 * (3 * 2 + 2 * 2 + 2), layers[1].ParameterCount);
        LayerInfo[] gru = GruSimpleRnnModel.ModelInfo.Layers;
        Assert.Equal(new[] { "gru", "simple_rnn", "dense" }, gru.Select(l => l.Name));
        Assert.Equal(3 * (2 * 4 + 4 * 4) + 2 * 3 * 4, gru[0].ParameterCount);   // bias [2, 3u] with reset_after
        Assert.Equal(3 * (3 * 4 + 4 * 4 + 4), GruResetBeforeModel.ModelInfo.Layers[0].ParameterCount);
        Assert.Equal(4 * 3 + 3 * 3 + 3, gru[1].ParameterCount);
        Assert.Equal("True", layers[0].Config["go_backwards"]);
        Assert.Equal("sigmoid", layers[0].Config["recurrent_activation"]);
        Assert.Equal("False", GruResetBeforeModel.ModelInfo.Layers[0].Config["reset_after"]);
        Assert.Equal(new[] { "lstm.kernel", "lstm.recurrent_kernel", "lstm.bias" }, StackedLstmModel.ModelInfo.Weights.Take(3).Select(w => w.Name));
    }

    [Fact]
    public void Lstm_Initializers_GlorotKernel_OrthogonalRecurrentKernel_UnitForgetBias()
    {
        var model = new LstmClassifier(seed: 11);
        const int u = 5;
        float[] recurrent = model.LstmRecurrentKernel.ToArray();   // [u, 4u]: rows orthonormal
        for (int a = 0; a < u; a++)
            for (int b = 0; b < u; b++)
            {
                double dot = 0;
                for (int k = 0; k < 4 * u; k++) dot += (double)recurrent[a * 4 * u + k] * recurrent[b * 4 * u + k];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) < 1e-5, $"row {a}·row {b} = {dot}");
            }
        float[] bias = model.LstmBias.ToArray();
        Assert.Equal(Enumerable.Repeat(0f, u).Concat(Enumerable.Repeat(1f, u)).Concat(Enumerable.Repeat(0f, 2 * u)), bias);
        double limit = Math.Sqrt(6.0 / (3 + 4 * u));
        Assert.All(model.LstmKernel.ToArray(), w => Assert.InRange(w, -limit, limit));
        Assert.Equal(new LstmClassifier(seed: 11).Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void Orthogonal_TallMatrix_HasOrthonormalColumns()
    {
        var w = new float[7 * 3];
        global::GenNet.Initializers.Orthogonal(w, 7, 3, 2f, new Rng(3));
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double dot = 0;
                for (int k = 0; k < 7; k++) dot += (double)w[k * 3 + a] * w[k * 3 + b];
                Assert.True(Math.Abs(dot - (a == b ? 4 : 0)) < 1e-5, $"column {a}·column {b} = {dot}");   // gain² on the diagonal
            }
    }

    [Fact]
    public void RecurrentModels_PredictAndTrainOnBatch_AfterWarmUp_AllocateNothing()
    {
        foreach (Model model in new Model[] { new LstmClassifier(1), new GruSimpleRnnModel(2), new GruResetBeforeModel(3), new StackedLstmModel(4), new LstmDropoutClassifier(5) })
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

    [Fact]
    public void RecurrentDropout_Inference_IsTheLayerWithoutDropout()
    {
        var withDropout = new LstmDropoutClassifier(seed: 5);
        var without = new LstmClassifier(seed: 5);
        Assert.Equal(without.Parameters.ToArray(), withDropout.Parameters.ToArray());
        float[] x = Random(8 * LstmClassifier.InputSize, 18);
        var a = new float[8 * 3];
        var b = new float[8 * 3];
        withDropout.Predict(x, a);
        without.Predict(x, b);
        Assert.Equal(b, a);
        Assert.Equal("0.3", LstmDropoutClassifier.ModelInfo.Layers[0].Config["dropout"]);
    }

    [Fact]
    public void RecurrentDropout_Training_DropsInputsReproducibly()
    {
        float[] x = Random(16 * LstmClassifier.InputSize, 19);
        float[] y = Classes(16, 3);
        double Step(Model model)
        {
            model.Compile(Loss.CategoricalCrossentropy, new SGD(0f));
            return model.TrainOnBatch(x, y);
        }
        var reference = new LstmClassifier(seed: 5);
        double plain = Step(reference);
        double first = Step(new LstmDropoutClassifier(seed: 5)), again = Step(new LstmDropoutClassifier(seed: 5));
        Assert.NotEqual(plain, first);      // some inputs were dropped
        Assert.Equal(first, again);         // by masks from the seed
    }

    [Fact]
    public void RecurrentDropout_KeepingEveryInput_GivesTheGradientsWithoutDropout()
    {
        // The generated wiring (masked input into the kernels, the input gradient through the mask into the layer before)
        // with masks of 1/(1 − 1e-6) everywhere: the same gradients as without dropout, to float rounding.
        float[] x = Random(6 * GruSimpleRnnModel.InputSize, 20), y = Random(6 * 2, 21);
        var dropout = new TinyDropoutGruSimpleRnnModel(seed: 6);
        var plain = new GruSimpleRnnModel(seed: 6);
        Assert.Equal(plain.Parameters.ToArray(), dropout.Parameters.ToArray());
        dropout.Compile(Loss.MeanSquaredError, new SGD(0f));
        plain.Compile(Loss.MeanSquaredError, new SGD(0f));
        dropout.TrainOnBatch(x, y);
        plain.TrainOnBatch(x, y);
        float[] a = dropout.Gradients.ToArray(), b = plain.Gradients.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 + 1e-4 * Math.Abs(b[i]), $"gradient[{i}]: {a[i]} vs {b[i]}");
    }

    [Fact]
    public void DropInputs_OneMaskPerSampleForEveryStep_AndItsGradient()
    {
        var g = new GenNet.Kernels.RecurrentGeometry(4, 50, 1, false, false, GenNet.Kernels.RecurrentActivation.Tanh, GenNet.Kernels.RecurrentActivation.Sigmoid);
        const int batch = 6;
        float[] x = Random(batch * 4 * 50, 22);
        var mask = new float[batch * 50];
        var dropped = new float[x.Length];
        GenNet.Kernels.RecurrentKernel.DropInputs(x, mask, dropped, 0.4f, new Rng(1), batch, g);
        Assert.All(mask, m => Assert.True(m == 0f || m == 1f / 0.6f));
        Assert.InRange(mask.Count(m => m == 0f), 0.25 * mask.Length, 0.55 * mask.Length);
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < 4; s++)
                for (int i = 0; i < 50; i++)
                    Assert.Equal(x[(b * 4 + s) * 50 + i] * mask[b * 50 + i], dropped[(b * 4 + s) * 50 + i]);
        float[] dDropped = Random(x.Length, 23);
        var dx = new float[x.Length];
        GenNet.Kernels.RecurrentKernel.DropInputsBackward(dDropped, mask, dx, batch, g);
        for (int k = 0; k < x.Length; k++) Assert.Equal(dDropped[k] * mask[(k / 200) * 50 + k % 50], dx[k]);
    }

    private static float[] Train(Func<Model> create, int threads)
    {
        Model model = create();
        model.Threads = threads;
        model.Compile(Loss.MeanSquaredError, new Adam(learningRate: 0.01f));
        float[] x = Random(300 * model.Info.InputSize, 12);
        // 240 training rows: batches of 128 (4 chunks of 32) and 112 (2 chunks of 56); validation chunked too.
        model.Fit(x, Classes(300, model.Info.OutputSize), epochs: 2, batchSize: 128, verbose: 0, validationSplit: 0.2);
        return model.Parameters.ToArray();
    }

    [Theory]
    [InlineData(nameof(LstmClassifier))]
    [InlineData(nameof(GruSimpleRnnModel))]
    [InlineData(nameof(GruResetBeforeModel))]
    [InlineData(nameof(LstmDropoutClassifier))]
    public void Fit_Recurrent_SameWeightsBitForBitOnOneAndTwoThreads(string name)
    {
        Func<Model> create = name switch
        {
            nameof(LstmClassifier) => () => new LstmClassifier(seed: 3),
            nameof(GruSimpleRnnModel) => () => new GruSimpleRnnModel(seed: 3),
            nameof(LstmDropoutClassifier) => () => new LstmDropoutClassifier(seed: 3),
            _ => () => new GruResetBeforeModel(seed: 3),
        };
        Assert.Equal(Train(create, 1), Train(create, 2));
    }

    [Fact]
    public void Fit_LstmLearnsTheSignOfASum()
    {
        // Class = which of three ranges the sequence's sum falls in: a few epochs of Adam reach well above chance.
        var model = new LstmClassifier(seed: 2);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(learningRate: 0.02f), Metric.Accuracy);
        float[] x = Random(600 * LstmClassifier.InputSize, 13);
        int[] labels = Enumerable.Range(0, 600).Select(i =>
        {
            float sum = x.AsSpan(i * LstmClassifier.InputSize, LstmClassifier.InputSize).ToArray().Sum();
            return sum < -1.5f ? 0 : sum < 1.5f ? 1 : 2;
        }).ToArray();
        History history = model.Fit(x, Encoding.OneHot(labels, 3), epochs: 15, batchSize: 32, verbose: 0);
        Assert.True(history.Values["accuracy"][^1] > 0.8, $"accuracy {history.Values["accuracy"][^1]}");
    }
}
