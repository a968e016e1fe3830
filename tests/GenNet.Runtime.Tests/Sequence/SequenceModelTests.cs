using GenNet.Tests.Onnx;
using GenNet.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Sequence;

/// <summary>
/// What every sequence layer owes as part of a model (ARCHITECTURE.md, "Adding a layer kind"): its ONNX export run by ONNX
/// Runtime matches Predict within 1e-5, Predict and a training step allocate nothing after warm-up, and training on 1 or
/// 2 threads gives the same weights bit for bit. One theory row per model; each model uses the layer kinds it is named for.
/// </summary>
public class SequenceModelTests
{
    /// <summary>The model, and whether it is a classifier (categorical cross-entropy on one-hot labels; else mean squared error).</summary>
    private static (Model Model, bool Classifier) Create(string name, int seed = 3) => name switch
    {
        nameof(Conv1DStackModel) => (new Conv1DStackModel(seed), true),
        nameof(SequencePoolingModel) => (new SequencePoolingModel(seed), true),
        nameof(SequenceAverageModel) => (new SequenceAverageModel(seed), true),
        nameof(GlobalMaxPooling2DConvModel) => (new GlobalMaxPooling2DConvModel(seed), true),
        nameof(LayerNormalizationStackModel) => (new LayerNormalizationStackModel(seed), true),
        nameof(EmbeddingClassifierModel) => (new EmbeddingClassifierModel(seed), true),
        nameof(RepeatPermuteModel) => (new RepeatPermuteModel(seed), true),
        nameof(PermuteRank3StackModel) => (new PermuteRank3StackModel(seed), true),
        nameof(ZeroPadding1DStackModel) => (new ZeroPadding1DStackModel(seed), true),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Models() => new(
        nameof(Conv1DStackModel), nameof(SequencePoolingModel), nameof(SequenceAverageModel), nameof(GlobalMaxPooling2DConvModel),
        nameof(LayerNormalizationStackModel), nameof(EmbeddingClassifierModel), nameof(RepeatPermuteModel), nameof(PermuteRank3StackModel),
        nameof(ZeroPadding1DStackModel));

    /// <summary>Inputs for <paramref name="model"/>: token ids 0 … 9 for the Embedding model (its input_dim is 10), else uniform in [−1, 1].</summary>
    private static float[] Inputs(Model model, int count, Func<float> uniform) =>
        model is EmbeddingClassifierModel
            ? Enumerable.Range(0, count * model.Info.InputSize).Select(_ => MathF.Floor((uniform() + 1) * 5 * 0.999f)).ToArray()
            : Enumerable.Range(0, count * model.Info.InputSize).Select(_ => uniform()).ToArray();

    private static Loss LossOf(bool classifier) => classifier ? Loss.CategoricalCrossentropy : Loss.MeanSquaredError;

    private static (float[] X, float[] Y) Data(Model model, bool classifier, int count, ulong seed)
    {
        var rng = new Rng(seed);
        float[] x = Inputs(model, count, () => rng.NextSingle() * 2 - 1);
        int classes = model.Info.OutputSize;
        float[] y = classifier
            ? Encoding.OneHot(Enumerable.Range(0, count).Select(i => rng.NextInt(classes)).ToArray(), classes)
            : Enumerable.Range(0, count * classes).Select(_ => rng.NextSingle()).ToArray();
        return (x, y);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntime_MatchesPredict(string name)
    {
        var (model, _) = Create(name);
        var random = new Random(7);
        OnnxExportTests.Randomize(model, random);
        const int batch = 9;
        float[] x = Inputs(model, batch, () => (float)(random.NextDouble() * 2 - 1));
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

        double max = OnnxExportTests.MaxError(expected, actual, out double excess);
        Assert.True(excess <= 0, $"{name}: max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
        Assert.True(expected.All(float.IsFinite));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictAndTrainingStep_AfterWarmUp_AllocateNothing(string name)
    {
        var (model, classifier) = Create(name);
        model.Threads = 1;
        model.Compile(LossOf(classifier), new Adam());
        var (x, y) = Data(model, classifier, 16, seed: 4);
        var output = new float[16 * model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, output));
        Allocations.AssertNoneAfterWarmUp(() => model.TrainOnBatch(x, y));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fit_OneAndTwoThreads_SameWeightsBitForBit(string name)
    {
        float[] Train(int threads)
        {
            var (model, classifier) = Create(name, seed: 5);
            model.Threads = threads;
            model.Compile(LossOf(classifier), new Adam(learningRate: 0.01f));
            var (x, y) = Data(model, classifier, 200, seed: 9);
            model.Fit(x, y, epochs: 2, batchSize: 128, verbose: 0);     // 128 rows: 4 chunks of 32
            return model.Parameters.ToArray();
        }

        float[] one = Train(1), two = Train(2);
        Assert.Equal(one, two);
    }
}
