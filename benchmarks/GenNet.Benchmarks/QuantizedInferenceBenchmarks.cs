using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Benchmarks;

/// <summary>
/// int8 and 16-bit inference on one thread (issue 16): GenNet fp32 <c>Predict</c> (the baseline), the same model after
/// <c>Quantize</c> (int8) and <c>ToHalfWeights</c> (float16 weights), and ONNX Runtime on the quantized model's own QDQ
/// export (<c>QuantizedModel.ToOnnx</c>: the same int8 weights and scales; all graph optimizations, so ORT fuses what it
/// can into its QLinear kernels), through IOBinding as in <see cref="InferenceBenchmarks"/>. The seed MLP and CNN, batch 1
/// (latency) and 1000 (throughput). Calibration: 500 random inputs in [0, 1) (the pixel range); setup checks that ORT
/// and GenNet int8 agree (1e-5) and prints the weight bytes. Run: <c>dotnet run -c Release -- --filter *Quantized*</c>.
/// </summary>
[MemoryDiagnoser]
public class QuantizedInferenceBenchmarks
{
    [Params("mlp", "cnn")]
    public string Workload { get; set; } = "mlp";

    [Params(1, 1000)]
    public int Batch { get; set; }

    private Model _model = null!;
    private QuantizedModel _int8 = null!;
    private HalfWeightsModel _half = null!, _bf16 = null!;
    private float[] _input = null!, _output = null!, _ortOutput = null!;
    private InferenceSession _session = null!;
    private SessionOptions _options = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _ortInputValue = null!, _ortOutputValue = null!;
    private OrtIoBinding _binding = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = InferenceBenchmarks.CreateModel(Workload);
        _model.Threads = 1;
        ModelInfo info = _model.Info;
        var rng = new Random(12345);
        foreach (WeightInfo w in info.Weights)
            if (w.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                Span<float> bias = _model.Parameters.Slice(w.Offset, w.Length);
                for (int i = 0; i < bias.Length; i++) bias[i] = (float)(rng.NextDouble() - 0.5) * 0.1f;
            }
        var calibration = new float[500 * info.InputSize];
        for (int i = 0; i < calibration.Length; i++) calibration[i] = (float)rng.NextDouble();
        _int8 = _model.Quantize(calibration);
        _int8.Threads = 1;
        _half = _model.ToHalfWeights();
        _half.Threads = 1;
        _bf16 = _model.ToHalfWeights(HalfFormat.BFloat16);
        _bf16.Threads = 1;
        _input = new float[Batch * info.InputSize];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)rng.NextDouble();
        _output = new float[Batch * info.OutputSize];
        _ortOutput = new float[Batch * info.OutputSize];

        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _runOptions = new RunOptions();
        _session = new InferenceSession(_int8.ToOnnx(), _options);
        _ortInputValue = OrtValue.CreateTensorValueFromMemory(_input, Shape(Batch, info.InputShape));
        _ortOutputValue = OrtValue.CreateTensorValueFromMemory(_ortOutput, Shape(Batch, info.OutputShape));
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _ortInputValue);
        _binding.BindOutput("output", _ortOutputValue);

        GenNetInt8();
        OnnxRuntimeInt8();
        // The same model, so the same outputs; but a requantization that lands within float rounding of a .5 tie can round
        // one way in GenNet and the other in ORT (seen: 1 of 10,000 MLP outputs at batch 1000, 0.10081 vs 0.10092), and one
        // step of a hidden uint8 moves an output by ~1e-4. Count those; fail only on a real disagreement.
        int offByRounding = 0;
        for (int i = 0; i < _output.Length; i++)
        {
            float difference = Math.Abs(_output[i] - _ortOutput[i]);
            if (difference <= 1e-5f + 1e-5f * Math.Abs(_output[i])) continue;
            if (difference > 1e-3f)
                throw new InvalidOperationException($"{Workload}: GenNet int8 and ONNX Runtime disagree at {i}: {_output[i]} vs {_ortOutput[i]}");
            offByRounding++;
        }
        Console.WriteLine($"// {Workload} batch {Batch}: {offByRounding} of {_output.Length} int8 outputs differ from ORT's by more than 1e-5 (at most 1e-3: a requantization tie rounded the other way)");
        Console.WriteLine($"// {Workload}: weights fp32 {4L * info.ParameterCount} B, int8 {_int8.WeightBytes} B, float16 {_half.WeightBytes} B (kernels only; biases stay 32-bit)");
    }

    private static long[] Shape(int batch, int[] shape) => new[] { (long)batch }.Concat(shape.Select(d => (long)d)).ToArray();

    [GlobalCleanup]
    public void Cleanup()
    {
        _binding.Dispose();
        _ortInputValue.Dispose();
        _ortOutputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void GenNetFp32() => _model.Predict(_input, _output);

    [Benchmark]
    public void GenNetInt8() => _int8.Predict(_input, _output);

    [Benchmark]
    public void GenNetFloat16Weights() => _half.Predict(_input, _output);

    [Benchmark]
    public void GenNetBFloat16Weights() => _bf16.Predict(_input, _output);

    [Benchmark]
    public void OnnxRuntimeInt8() => _session.RunWithBinding(_runOptions, _binding);
}
