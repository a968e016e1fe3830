using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Benchmarks;

/// <summary>
/// Whole-model inference on one thread: GenNet's <c>Predict(span, span)</c> against ONNX Runtime running the file
/// GenNet's own exporter wrote (<c>Model.ToOnnx</c>), with its lowest-overhead call: input and output OrtValues over
/// pinned, pre-allocated buffers, bound once (IOBinding), <c>RunWithBinding</c> per call; one intra-op and one
/// inter-op thread, all graph optimizations. Batch 1 is latency; batch 1000 is throughput (samples/s =
/// 1000 / time, computed by <see cref="InferenceReport"/>). Both produce the same numbers (checked in setup, 1e-5).
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    [Params("mlp", "cnn", "logreg", "torch-cnn", "torch-cnn-hand", "torch-bn", "autoencoder", "mobilenet", "spam", "spam-mail")]
    public string Workload { get; set; } = "mlp";

    [Params(1, 1000)]
    public int Batch { get; set; }

    private Model _model = null!;
    private float[] _input = null!;
    private float[] _ortInput = null!;
    private float[] _output = null!;
    private float[] _ortOutput = null!;
    private InferenceSession _session = null!;
    private SessionOptions _options = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _ortInputValue = null!;
    private OrtValue _ortOutputValue = null!;
    private OrtIoBinding _binding = null!;
    private Model? _unfolded;
    private float[] _unfoldedWorkspace = null!;
    private float[] _unfoldedScratch = null!;
    private float[] _unfoldedOutput = null!;

    public static Model CreateModel(string workload) => workload switch
    {
        "mlp" => new BenchMlp(1),
        "cnn" => new Tutorials.Mnist.MnistCnnModel(1),
        "logreg" => new BenchLogisticRegression(1),
        "torch-cnn" => BenchTorchCnn.CreateTrained(),
        "torch-cnn-hand" => HandTorchCnn(),
        "torch-bn" => BenchTorchBnKept.CreateTrained(),
        "autoencoder" => new Tutorials.Autoencoder.AutoencoderModel(1),
        "mobilenet" => new Tutorials.MobileNetFashion.MobileNetModel(1),
        // The sample's SpamModel (150 ids → Embedding 20000×32, MaskZero → Bidirectional(LSTM(32)) → Dense(1, sigmoid)) on
        // the real test mails, and its unmasked twin (the same layers without MaskZero) on random ids, every step a token;
        // both with the seed's random (Keras-initialised) weights, and ORT on each model's own export.
        "spam" => new Tutorials.SpamClassifier.SpamModelUnmasked(1),
        "spam-mail" => new Tutorials.SpamClassifier.SpamModel(1),
        _ => throw new ArgumentException("Unknown workload " + workload, nameof(workload)),
    };

    /// <summary>The hand declaration of the imported CNN with the imported weights (the same layout: its remarks' declaration).</summary>
    private static Model HandTorchCnn()
    {
        var hand = new BenchTorchCnnHand(1);
        BenchTorchCnn.CreateTrained().Parameters.CopyTo(hand.Parameters);
        return hand;
    }

    private bool RunsTorchFile => Workload is "torch-cnn" or "torch-cnn-hand" or "torch-bn";

    /// <summary>The PyTorch file ORT runs for a workload compiled from one (<see cref="RunsTorchFile"/>).</summary>
    private string TorchFile => Workload == "torch-bn" ? "bn_kept_torch.onnx" : "mnist_cnn_torch.onnx";

    [GlobalSetup]
    public void Setup()
    {
        _model = CreateModel(Workload);
        ModelInfo info = _model.Info;
        var rng = new Random(12345);
        foreach (WeightInfo w in info.Weights)
        {
            // Non-zero biases, so the bias adds are not trivially zero.
            // (The imported file's biases are torch's, already non-zero, and ORT reads them from the file.)
            if (w.Name.EndsWith(".bias", StringComparison.Ordinal) && !RunsTorchFile)
            {
                Span<float> bias = _model.Parameters.Slice(w.Offset, w.Length);
                for (int i = 0; i < bias.Length; i++) bias[i] = (float)(rng.NextDouble() - 0.5) * 0.1f;
            }
        }
        _input = new float[Batch * info.InputSize];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)rng.NextDouble();
        if (Workload == "spam")
        {
            // Token ids: exact integers in [0, MaxTokens), random (0, the padding id, is as likely as any other).
            for (int i = 0; i < _input.Length; i++) _input[i] = rng.Next(Tutorials.SpamClassifier.SpamClassifierSample.MaxTokens);
        }
        if (Workload == "spam-mail") SpamMails.Ids(Batch).CopyTo(_input, 0);
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
        _ortOutputValue = OrtValue.CreateTensorValueFromMemory(_ortOutput, Shape(Batch, info.OutputShape));
        if (RunsTorchFile)
        {
            // ORT runs the PyTorch file itself, on the same samples in its NCHW layout.
            _session = new InferenceSession(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, TorchFile)), _options);
            _ortInput = NhwcToNchw(_input, Batch, info.InputShape);
            _ortInputValue = OrtValue.CreateTensorValueFromMemory(_ortInput, new long[] { Batch, info.InputShape[2], info.InputShape[0], info.InputShape[1] });
        }
        else
        {
            _session = new InferenceSession(_model.ToOnnx(), _options);
            _ortInput = _input;
            _ortInputValue = OrtValue.CreateTensorValueFromMemory(_input, Shape(Batch, info.InputShape));
        }
        _binding = _session.CreateIoBinding();
        _binding.BindInput(_session.InputMetadata.Keys.Single(), _ortInputValue);
        _binding.BindOutput(_session.OutputMetadata.Keys.Single(), _ortOutputValue);

        if (info.Layers.Any(l => l.TypeName == "BatchNormalization")) SetupUnfolded();
        GenNet();
        OnnxRuntime();
        for (int i = 0; i < _output.Length; i++)
        {
            if (Math.Abs(_output[i] - _ortOutput[i]) > 1e-5 + 1e-5 * Math.Abs(_output[i]))
            {
                throw new InvalidOperationException($"{Workload}: GenNet and ONNX Runtime disagree at {i}: {_output[i]} vs {_ortOutput[i]}");
            }
        }
        if (_unfolded is null) return;
        GenNetUnfolded();
        for (int i = 0; i < _output.Length; i++)
        {
            if (Math.Abs(_output[i] - _unfoldedOutput[i]) > 1e-5 + 1e-5 * Math.Abs(_output[i]))
                throw new InvalidOperationException($"{Workload}: folded and unfolded inference disagree at {i}: {_output[i]} vs {_unfoldedOutput[i]}");
        }
    }

    private static float[] NhwcToNchw(float[] x, int batch, int[] hwc)
    {
        int h = hwc[0], w = hwc[1], c = hwc[2];
        var y = new float[x.Length];
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    for (int k = 0; k < c; k++)
                        y[((n * c + k) * h + i) * w + j] = x[((n * h + i) * w + j) * c + k];
        return y;
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
    public void OnnxRuntime() => _session.RunWithBinding(_runOptions, _binding);

    [Benchmark]
    public void GenNet() => _model.Predict(_input, _output);

    /// <summary>
    /// A second GenNet model timed in the same rounds, or null: the unfolded twin of a model with BatchNormalization
    /// (<see cref="GenNetUnfolded"/>).
    /// </summary>
    public (string Label, Action Run)? Twin => _unfolded is not null ? ("unfolded", GenNetUnfolded) : null;

    // A twin with the same weights whose BatchNormalization layers are frozen: its training forward normalises with the
    // moving statistics, layer by layer, which is inference without the generator's folding (the "before" of that work).
    private void SetupUnfolded()
    {
        var twin = CreateModel(Workload);
        _model.Parameters.CopyTo(twin.Parameters);
        _model.State.CopyTo(twin.State);
        foreach (LayerInfo layer in twin.Info.Layers.Where(l => l.TypeName == "BatchNormalization")) twin.Layers[layer.Name].Trainable = false;
        _unfolded = twin;
        _unfoldedWorkspace = new float[PredictChunk(twin.Info, Batch) * twin.Info.ActivationsPerSample];
        _unfoldedScratch = new float[twin.Info.ScratchSize];
        _unfoldedOutput = new float[Batch * twin.Info.OutputSize];
    }

    // Model.Predict's chunk rule (Model.Predict.cs), so both run the same sub-batches.
    private static int PredictChunk(ModelInfo info, int count)
    {
        int chunk = Math.Clamp((1 << 18) / Math.Max(info.ActivationsPerSample, 1), 1, Math.Max(count, 1));
        return count >= 8 ? Math.Max(8, chunk - chunk % 8) : chunk;
    }

    /// <summary>
    /// <see cref="GenNet"/> with convolution → BatchNormalization → relu chains as separate kernel calls (the frozen twin's
    /// training forward, chunked as Predict chunks), checked against <see cref="GenNet"/> within 1e-5 in setup.
    /// </summary>
    public void GenNetUnfolded()
    {
        Model twin = _unfolded!;
        ModelInfo info = twin.Info;
        int chunk = PredictChunk(info, Batch);
        for (int start = 0; start < Batch; start += chunk)
        {
            int rows = Math.Min(chunk, Batch - start);
            Span<float> activations = _unfoldedWorkspace.AsSpan(0, rows * info.ActivationsPerSample);
            twin.RunForward(_input.AsSpan(start * info.InputSize, rows * info.InputSize), activations, _unfoldedScratch, rows, training: true, random: null);
            activations.Slice(info.OutputOffset * rows, rows * info.OutputSize).CopyTo(_unfoldedOutput.AsSpan(start * info.OutputSize));
        }
    }
}
