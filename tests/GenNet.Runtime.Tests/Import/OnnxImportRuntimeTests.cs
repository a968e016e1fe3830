using GenNet.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GenNet.Tests.Import;

/// <summary>PyTorch's MLP export, compiled in by [OnnxModel] (through GenNet.targets, as in a user's project).</summary>
[OnnxModel("mlp_torch.onnx")]
public partial class ImportedTorchMlp { }

/// <summary>PyTorch's CNN export (Conv, BatchNormalization, pools, Flatten, LogSoftmax).</summary>
[OnnxModel("cnn_torch.onnx")]
public partial class ImportedTorchCnn { }

/// <summary>PyTorch's strided CNN export (ReLU6 as Clip, GlobalAveragePool, Sigmoid).</summary>
[OnnxModel("gap_torch.onnx")]
public partial class ImportedTorchGap { }

/// <summary>PyTorch's CNN with padding=1, two BatchNorm2d, MaxPool and AdaptiveAvgPool2d(1) in one graph.</summary>
[OnnxModel("padded_bn_gap_torch.onnx")]
public partial class ImportedTorchPaddedBnGap { }

/// <summary>A PyTorch graph with branches (residual Add, Concat, padding, cropping, up-sampling, LeakyReLU, PReLU): Functional.</summary>
[OnnxModel("branchy_torch.onnx")]
public partial class ImportedTorchBranchy { }

/// <summary>PyTorch's stacked batch_first LSTMs, last step into a Linear.</summary>
[OnnxModel("lstm_torch.onnx")]
public partial class ImportedTorchLstm { }

/// <summary>PyTorch's GRU, its last state h[0] into a Linear and softmax.</summary>
[OnnxModel("gru_torch.onnx")]
public partial class ImportedTorchGru { }

/// <summary>A MobileNet-style PyTorch export: depthwise (multipliers 1 and 2), grouped, per-axis strided and dilated Conv.</summary>
[OnnxModel("mobile_vision_torch.onnx")]
public partial class ImportedTorchMobile { }

/// <summary>A PyTorch decoder: three ConvTranspose (one cropped by a Cropping2D, one per-axis strided and dilated).</summary>
[OnnxModel("decoder_vision_torch.onnx")]
public partial class ImportedTorchDecoder { }
/// <summary>The seed MNIST CNN's shape in torch layout (Conv 32 → MaxPool → Conv 64 → MaxPool → Linear 10, softmax).</summary>
[OnnxModel("mnist_cnn_torch.onnx")]
public partial class ImportedTorchMnistCnn { }

/// <summary>PyTorch's RNN, its whole sequence flattened into a Linear.</summary>
[OnnxModel("rnn_torch.onnx")]
public partial class ImportedTorchRnn { }

/// <summary>PyTorch's bidirectional LSTM read through torch.cat([h[-2], h[-1]]): Bidirectional(LSTM(4)).</summary>
[OnnxModel("bilstm_torch.onnx")]
public partial class ImportedTorchBiLstm { }

/// <summary>PyTorch's two-layer bidirectional GRU, its whole sequence flattened: two Bidirectional(GRU, ReturnSequences).</summary>
[OnnxModel("bigru_torch.onnx")]
public partial class ImportedTorchBiGru { }

/// <summary>PyTorch's bidirectional RNN feeding a forward LSTM read at its last step.</summary>
[OnnxModel("birnn_torch.onnx")]
public partial class ImportedTorchBiRnn { }

/// <summary>PyTorch's Conv1d classifier on (batch, channels, steps): Conv1D, the 1-D pools, BatchNormalization, GlobalAveragePooling1D.</summary>
[OnnxModel("conv1d_torch.onnx")]
public partial class ImportedTorchConv1d { }

/// <summary>Conv1d on a batch_first sequence through x.transpose(1, 2) and back; mean and amax over the steps.</summary>
[OnnxModel("conv1d_seq_torch.onnx")]
public partial class ImportedTorchConv1dSequence { }

/// <summary>Conv1d whose (channels, steps) output is flattened into a Linear.</summary>
[OnnxModel("conv1d_flat_torch.onnx")]
public partial class ImportedTorchConv1dFlat { }

/// <summary>Opset 18 (benchmarks/reference/onnx_opset_files.py): Pad's axes input, Resize's axes/antialias, ReduceMax's axes input.</summary>
/// <summary>Conv1d(padding=2) on a 3-step kernel and F.pad(x, (1, 2)): ZeroPadding1D before 'valid' Conv1D layers.</summary>
[OnnxModel("conv1d_pad_torch.onnx")]
public partial class ImportedTorchConv1dPad { }

/// <summary>Grouped and depthwise Conv1d: Conv1D(Groups = 2) and Conv1D(Groups = 8).</summary>
[OnnxModel("conv1d_groups_torch.onnx")]
public partial class ImportedTorchConv1dGroups { }

/// <summary>
/// A CNN exported with TrainingMode.PRESERVE, so its three BatchNormalization nodes stay (after Conv → ReLU, Conv → ReLU6
/// and a bias-free Conv): the generator folds them at inference; training normalizes with batch statistics.
/// </summary>
[OnnxModel("bn_kept_torch.onnx")]
public partial class ImportedTorchBnKept { }

[OnnxModel("opset18_image.onnx")]
public partial class ImportedOpset18Image { }

/// <summary>Opset 19: AveragePool with dilations, Mish, Reshape from a Constant's value_ints.</summary>
[OnnxModel("opset19_pool.onnx")]
public partial class ImportedOpset19Pool { }

/// <summary>Opset 21: a 1-D Conv, BatchNormalization, Gelu (tanh), ReduceMean's axes input.</summary>
[OnnxModel("opset21_sequence.onnx")]
public partial class ImportedOpset21Sequence { }

/// <summary>
/// Imported models against ONNX Runtime running the very file they were compiled from (the reference for outputs),
/// on random inputs; plus what every model owes: no allocations, 1 and 2 threads bit-identical, its own ONNX export.
/// </summary>
public class OnnxImportRuntimeTests
{
    public static TheoryData<string> Files => new() { "mlp_torch.onnx", "cnn_torch.onnx", "gap_torch.onnx", "padded_bn_gap_torch.onnx", "branchy_torch.onnx", "lstm_torch.onnx", "gru_torch.onnx",
        "mobile_vision_torch.onnx", "decoder_vision_torch.onnx", "bilstm_torch.onnx", "bigru_torch.onnx", "birnn_torch.onnx",
        "mnist_cnn_torch.onnx", "rnn_torch.onnx", "conv1d_torch.onnx", "conv1d_seq_torch.onnx", "conv1d_flat_torch.onnx",
        "opset18_image.onnx", "opset19_pool.onnx", "opset21_sequence.onnx", "conv1d_pad_torch.onnx", "conv1d_groups_torch.onnx", "bn_kept_torch.onnx" };

    private static Model Create(string file) => file switch
    {
        "mlp_torch.onnx" => ImportedTorchMlp.CreateTrained(),
        "cnn_torch.onnx" => ImportedTorchCnn.CreateTrained(),
        "padded_bn_gap_torch.onnx" => ImportedTorchPaddedBnGap.CreateTrained(),
        "branchy_torch.onnx" => ImportedTorchBranchy.CreateTrained(),
        "lstm_torch.onnx" => ImportedTorchLstm.CreateTrained(),
        "gru_torch.onnx" => ImportedTorchGru.CreateTrained(),
        "mobile_vision_torch.onnx" => ImportedTorchMobile.CreateTrained(),
        "decoder_vision_torch.onnx" => ImportedTorchDecoder.CreateTrained(),
        "bilstm_torch.onnx" => ImportedTorchBiLstm.CreateTrained(),
        "bigru_torch.onnx" => ImportedTorchBiGru.CreateTrained(),
        "birnn_torch.onnx" => ImportedTorchBiRnn.CreateTrained(),
        "mnist_cnn_torch.onnx" => ImportedTorchMnistCnn.CreateTrained(),
        "rnn_torch.onnx" => ImportedTorchRnn.CreateTrained(),
        "conv1d_torch.onnx" => ImportedTorchConv1d.CreateTrained(),
        "conv1d_seq_torch.onnx" => ImportedTorchConv1dSequence.CreateTrained(),
        "conv1d_flat_torch.onnx" => ImportedTorchConv1dFlat.CreateTrained(),
        "conv1d_pad_torch.onnx" => ImportedTorchConv1dPad.CreateTrained(),
        "conv1d_groups_torch.onnx" => ImportedTorchConv1dGroups.CreateTrained(),
        "bn_kept_torch.onnx" => ImportedTorchBnKept.CreateTrained(),
        "opset18_image.onnx" => ImportedOpset18Image.CreateTrained(),
        "opset19_pool.onnx" => ImportedOpset19Pool.CreateTrained(),
        "opset21_sequence.onnx" => ImportedOpset21Sequence.CreateTrained(),
        _ => ImportedTorchGap.CreateTrained(),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_MatchesOnnxRuntime_OnTheSameFile(string file)
    {
        Model model = Create(file);
        const int batch = 100; // issue 14: equal to ONNX Runtime within 1e-5 on 100 inputs each
        float[] x = Random(batch * model.Info.InputSize, seed: 3);
        float[] expected = RunOrt(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "onnx", file)), model.Info, x, batch);
        float[] actual = model.Predict(x, batchSize: batch);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{file} value {i}: GenNet {actual[i]}, ORT {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_PredictsWithoutAllocating_AndThreadCountsAgree(string file)
    {
        Model model = Create(file);
        float[] x = Random(model.Info.InputSize, seed: 4);
        var y = new float[model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, y));

        float[] batch = Random(64 * model.Info.InputSize, seed: 5);
        Model one = Create(file), two = Create(file);
        one.Threads = 1;
        two.Threads = 2;
        Assert.Equal(one.Predict(batch, batchSize: 64), two.Predict(batch, batchSize: 64));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_ExportsOnnxAgain_WhichOrtRunsToTheSameOutputs(string file)
    {
        Model model = Create(file);
        using var stream = new MemoryStream();
        model.SaveOnnx(stream);
        const int batch = 4;
        float[] x = Random(batch * model.Info.InputSize, seed: 6);
        float[] expected = model.Predict(x, batchSize: batch);
        float[] reexported = GenNet.Tests.Onnx.OnnxExportTests.RunOnnx(stream.ToArray(), model.Info, x, batch);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - reexported[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_SavedAndLoadedIntoAFreshModel_PredictsBitIdentically(string file)
    {
        Model model = Create(file);
        SavedWeights.AssertReloadBitIdentical(model, Random(8 * model.Info.InputSize, seed: 12), batch: 8);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_SaveOnnx_RunsInOrtLikeTheOriginalFile(string file)
    {
        Model model = Create(file);
        using var stream = new MemoryStream();
        model.SaveOnnx(stream);
        const int batch = 16;
        float[] x = Random(batch * model.Info.InputSize, seed: 13);
        float[] original = RunOrt(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "onnx", file)), model.Info, x, batch);
        float[] reexported = GenNet.Tests.Onnx.OnnxExportTests.RunOnnx(stream.ToArray(), model.Info, x, batch);
        Assert.Equal(original.Length, reexported.Length);
        for (int i = 0; i < original.Length; i++)
        {
            Assert.True(Math.Abs(original[i] - reexported[i]) <= 1e-5 + 1e-5 * Math.Abs(original[i]), $"{file} value {i}: re-exported {reexported[i]}, original {original[i]}");
        }
    }

    /// <summary>
    /// ORT on the torch file, whose input layout its own metadata tells: NCHW images and (batch, channels, steps) sequences
    /// get GenNet's channels-last samples transposed first.
    /// </summary>
    private static float[] RunOrt(byte[] onnx, ModelInfo info, float[] channelsLast, int batch)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        int[] shape = info.InputShape.ToArray();
        int[] ortDims = session.InputMetadata["x"].Dimensions.Skip(1).ToArray();
        bool channelsFirst = shape.Length > 1 && !ortDims.SequenceEqual(shape);
        float[] x = channelsFirst ? ToChannelsFirst(channelsLast, batch, shape) : channelsLast;
        long[] ortShape = new long[] { batch }.Concat((channelsFirst ? ortDims : shape).Select(d => (long)d)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, ortShape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, new[] { "x" }, new[] { input }, new[] { "y" });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>(batch, positions…, channels) → (batch, channels, positions…): row-major, the channel axis moved to the front.</summary>
    private static float[] ToChannelsFirst(float[] x, int batch, int[] shape)
    {
        int channels = shape[shape.Length - 1], positions = shape.Take(shape.Length - 1).Aggregate(1, (a, d) => a * d);
        var moved = new float[x.Length];
        for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                    moved[(n * channels + c) * positions + p] = x[(n * positions + p) * channels + c];
        return moved;
    }

    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }
}
