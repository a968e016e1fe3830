using GenNet.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Vision;

/// <summary>
/// SaveOnnx of the vision layers against ONNX Runtime: Relu/LeakyRelu/Min, Elu, Softmax (axes mapped onto NHWC and NCHW),
/// PRelu, Mul + Add, Pad, Slice and Resize (nearest, bilinear), within 1e-5 of Predict.
/// </summary>
public class VisionOnnxExportTests
{
    [Theory]
    [MemberData(nameof(VisionModelTests.ModelNames), MemberType = typeof(VisionModelTests))]
    public void OnnxRuntimeMatchesPredict(string name)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            Model model = VisionModelTests.Create(name, seed);
            var random = new Random(seed);
            OnnxExportTests.Randomize(model, random);
            // PReLU's alpha starts at zeros (or a constant): give each element its own value.
            foreach (WeightInfo w in model.Info.Weights.Where(w => w.Name.EndsWith(".alpha", StringComparison.Ordinal)))
            {
                Span<float> alpha = model.Parameters.Slice(w.Offset, w.Length);
                for (int i = 0; i < alpha.Length; i++) alpha[i] = (float)(random.NextDouble() - 0.3);
            }
            const int batch = 9;
            float[] x = OnnxExportTests.RandomInputs(batch * model.Info.InputSize, random);
            var expected = new float[batch * model.Info.OutputSize];
            model.Predict(x, expected);

            float[] actual = Run(model.ToOnnx(), model.Info, x, batch);

            Assert.Equal(expected.Length, actual.Length);
            double max = OnnxExportTests.MaxError(expected, actual, out double excess);
            Assert.True(excess <= 0, $"{name}: max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
            Assert.True(expected.All(float.IsFinite));
        }
    }

    [Fact]
    public void ReluWithThreshold_HasNoOnnxForm_AndSaysWhichLayer()
    {
        var model = new VisionThresholdReluModel();
        var e = Assert.Throws<NotSupportedException>(() => model.ToOnnx());
        Assert.Contains("re_lu", e.Message);
    }

    private static float[] Run(byte[] onnx, ModelInfo info, float[] x, int batch)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        long[] shape = new[] { (long)batch }.Concat(info.InputShape.Select(d => (long)d)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        Assert.Equal(new[] { (long)batch }.Concat(info.OutputShape.Select(d => (long)d)), outputs[0].GetTensorTypeAndShape().Shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
