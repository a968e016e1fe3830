using GenNet.Tests.Models;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Onnx;

[Sequential(5, 3)]
[SimpleRNN(4, ReturnSequences = true)]
[SimpleRNN(3, GoBackwards = true, UseBias = false)]
public partial class OnnxSimpleRnnModel { }

[Sequential(5, 2)]
[GRU(3, ResetAfter = false, ReturnSequences = true, GoBackwards = true)]
[GRU(2, UseBias = false, ReturnSequences = true)]
public partial class OnnxGruResetBeforeModel { }

[Sequential(5, 3)]
[LSTM(3, ReturnSequences = true, RecurrentActivation = Act.Tanh)]
public partial class OnnxLstmTanhGates { }

/// <summary>SaveOnnx of recurrent models against ONNX Runtime's RNN/LSTM/GRU operators: outputs within 1e-5 of Predict.</summary>
public class RecurrentOnnxExportTests
{
    public static TheoryData<string> ModelNames => new()
    {
        nameof(LstmClassifier), nameof(StackedLstmModel), nameof(GruSimpleRnnModel), nameof(GruResetBeforeModel),
        nameof(OnnxSimpleRnnModel), nameof(OnnxGruResetBeforeModel), nameof(LstmDropoutClassifier),
    };

    private static Model Create(string name) => name switch
    {
        nameof(LstmClassifier) => new LstmClassifier(1),
        nameof(StackedLstmModel) => new StackedLstmModel(2),
        nameof(GruSimpleRnnModel) => new GruSimpleRnnModel(3),
        nameof(GruResetBeforeModel) => new GruResetBeforeModel(4),
        nameof(OnnxSimpleRnnModel) => new OnnxSimpleRnnModel(5),
        nameof(OnnxGruResetBeforeModel) => new OnnxGruResetBeforeModel(6),
        nameof(LstmDropoutClassifier) => new LstmDropoutClassifier(7),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void OnnxRuntimeMatchesPredict(string name)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            Model model = Create(name);
            var random = new Random(seed);
            OnnxExportTests.Randomize(model, random);
            const int batch = 9;
            float[] x = OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
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
            Assert.True(excess <= 0, $"{name} (seed {seed}): max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
            Assert.True(expected.All(float.IsFinite));
        }
    }

    [Fact]
    public void NonDefaultActivationThrowsNamingIt()
    {
        var e = Assert.Throws<NotSupportedException>(() => new OnnxLstmTanhGates().ToOnnx());
        Assert.Contains("recurrent_activation=tanh", e.Message);
        Assert.Contains("lstm", e.Message);
    }
}
