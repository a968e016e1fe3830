using Microsoft.ML.OnnxRuntime;

namespace GenNet.Samples.Tests;

/// <summary>A trained sample model's ONNX export, run by ONNX Runtime on real inputs, against <c>Predict</c> within 1e-5 (absolute + relative).</summary>
internal static class OnnxSampleCheck
{
    public static void AssertOnnxRuntimeMatchesPredict(Model model, float[] inputs, int rows)
    {
        float[] x = inputs[..(rows * model.Info.InputSize)];
        var expected = new float[rows * model.Info.OutputSize];
        model.Predict(x, expected);

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToOnnx(), options);
        long[] shape = [rows, .. model.Info.InputShape.Select(d => (long)d)];
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
        float[] actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - (double)actual[i]);
            Assert.True(error <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"row {i}: Predict {expected[i]}, ONNX Runtime {actual[i]} (|Δ| = {error:E2})");
        }
    }
}
