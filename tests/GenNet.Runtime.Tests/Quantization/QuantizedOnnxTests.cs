using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace GenNet.Tests.Quantization;

/// <summary>The QDQ export of a quantized model, run by ONNX Runtime, against <see cref="QuantizedModel.Predict"/>.</summary>
public class QuantizedOnnxTests(ITestOutputHelper output)
{
    public static TheoryData<string, GraphOptimizationLevel> Cases()
    {
        var data = new TheoryData<string, GraphOptimizationLevel>();
        foreach (string name in new[] { nameof(QuantMlp), nameof(QuantMlpLogits), nameof(QuantConv), nameof(QuantConvPool), nameof(QuantSampleCnn) })
            foreach (var level in new[] { GraphOptimizationLevel.ORT_DISABLE_ALL, GraphOptimizationLevel.ORT_ENABLE_ALL })
                data.Add(name, level);
        return data;
    }

    private static Model Create(string name) => name switch
    {
        nameof(QuantMlp) => QuantizedModelTests.Randomized(new QuantMlp(1), 21),
        nameof(QuantMlpLogits) => QuantizedModelTests.Randomized(new QuantMlpLogits(1), 22),
        nameof(QuantConv) => QuantizedModelTests.Randomized(new QuantConv(1), 23),
        nameof(QuantConvPool) => QuantizedModelTests.Randomized(new QuantConvPool(1), 25),
        nameof(QuantSampleCnn) => QuantizedModelTests.Randomized(new QuantSampleCnn(1), 24),
        _ => throw new ArgumentException(name),
    };

    internal static float[] Run(byte[] onnx, ModelInfo info, float[] x, GraphOptimizationLevel level, string? optimizedPath = null)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        if (optimizedPath is not null) options.OptimizedModelFilePath = optimizedPath;
        using var session = new InferenceSession(onnx, options);
        int batch = x.Length / info.InputSize;
        long[] shape = new[] { (long)batch }.Concat(info.InputShape.Select(d => (long)d)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
        Assert.Equal(new[] { (long)batch }.Concat(info.OutputShape.Select(d => (long)d)), outputs[0].GetTensorTypeAndShape().Shape);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntime_OnTheQdqExport_MatchesPredict(string name, GraphOptimizationLevel level)
    {
        Model model = Create(name);
        int size = model.Info.InputSize;
        var q = model.Quantize(QuantizedModelTests.Inputs(500, size, 1));
        float[] x = QuantizedModelTests.Inputs(64, size, 2);
        var expected = new float[64 * model.Info.OutputSize];
        q.Predict(x, expected);
        string optimized = Path.Combine(Path.GetTempPath(), $"gennet-qdq-{name}-{level}-{Environment.ProcessId}.onnx");
        float[] actual = Run(q.ToOnnx(), model.Info, x, level, optimized);
        string ops = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(optimized));
        File.Delete(optimized);
        string fused = string.Join(", ", new[] { "QLinearConv", "QLinearMatMul", "QGemm", "MatMulIntegerToFloat" }.Where(ops.Contains));
        double worst = expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max();
        output.WriteLine($"{name} {level}: max |ORT − GenNet| = {worst:G3} (output range {expected.Max() - expected.Min():G3}); ORT's graph has {(fused.Length > 0 ? fused : "no QLinear ops")}");
        // Every intermediate byte agrees (exact integer sums, the same round-half-even requantization); only the last
        // layer's float dequantization is computed differently (ORT: a float MatMul of dequantized values), which
        // differs by float rounding: the 1e-5 (absolute + relative) of the float exports.
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"output {i}: ORT {actual[i]} vs GenNet {expected[i]}");
    }
}
