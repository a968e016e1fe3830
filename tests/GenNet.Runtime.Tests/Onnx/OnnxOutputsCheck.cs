using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Onnx;

/// <summary>ONNX Runtime on a model's export against Predict, output by output (a Functional model's several outputs), within 1e-5.</summary>
internal static class OnnxOutputsCheck
{
    /// <summary>Runs <paramref name="x"/> (<paramref name="batch"/> samples) through both; returns each output's values as Predict gave them.</summary>
    public static float[][] AssertEveryOutputMatchesPredict(Model model, float[] x, int batch, string name)
    {
        ModelInfo info = model.Info;
        var expected = new float[batch * info.OutputSize];
        model.Predict(x, expected);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToOnnx(), options);
        string[] outputNames = info.Outputs.Length == 1 ? new[] { "output" } : info.Outputs.Select(o => o.Name).ToArray();
        Assert.Equal(outputNames, session.OutputMetadata.Keys.ToArray());
        using var input = OrtValue.CreateTensorValueFromMemory(x, new[] { (long)batch }.Concat(info.InputShape.Select(d => (long)d)).ToArray());
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, outputNames);
        var wanted = new float[info.Outputs.Length][];
        for (int k = 0; k < info.Outputs.Length; k++)
        {
            OutputInfo output = info.Outputs[k];
            int size = output.Shape.Aggregate(1, (a, b) => a * b);
            Assert.Equal(new[] { (long)batch }.Concat(output.Shape.Select(d => (long)d)), outputs[k].GetTensorTypeAndShape().Shape);
            var want = new float[batch * size];
            for (int i = 0; i < batch; i++) Array.Copy(expected, i * info.OutputSize + output.GradientOffset, want, i * size, size);
            double max = OnnxExportTests.MaxError(want, outputs[k].GetTensorDataAsSpan<float>().ToArray(), out double excess);
            Assert.True(excess <= 0, $"{name} output '{output.Name}': max |GenNet − ORT| = {max:E2} exceeds 1e-5 (abs + rel)");
            wanted[k] = want;
        }
        return wanted;
    }
}
