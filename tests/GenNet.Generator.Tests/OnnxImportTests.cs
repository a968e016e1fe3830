using System.Reflection;
using System.Text.Json;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>
/// [OnnxModel]: files written by PyTorch's exporter (tests/onnx, from benchmarks/reference/onnx_import_models.py)
/// compiled by the generator and run against torch's own outputs; then the ways a file can be refused.
/// </summary>
public class OnnxImportTests
{
    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "onnx", name);

    private static byte[] Fixture(string name) => File.ReadAllBytes(FixturePath(name));

    private static string Source(string file, string className = "Imported") => $$"""
        namespace Import;
        [GenNet.OnnxModel("{{file}}")]
        public partial class {{className}} { }
        """;

    private static (GeneratorRunResult Result, Compilation Output) Import(string file, byte[]? bytes = null, string? source = null) =>
        WeightFiles.Generate(new[] { source ?? Source(file) }, InMemoryAdditionalText.Encoded(file, bytes ?? Fixture(file)));

    public static IEnumerable<object[]> TorchCases() =>
        new[] { "mlp_torch.onnx", "cnn_torch.onnx", "gap_torch.onnx", "padded_bn_gap_torch.onnx", "mnist_cnn_torch.onnx", "branchy_torch.onnx", "lstm_torch.onnx", "gru_torch.onnx", "rnn_torch.onnx",
            "mobile_vision_torch.onnx", "decoder_vision_torch.onnx", "bilstm_torch.onnx", "bigru_torch.onnx", "birnn_torch.onnx",
            "conv1d_torch.onnx", "conv1d_seq_torch.onnx", "conv1d_flat_torch.onnx", "conv1d_pad_torch.onnx", "conv1d_groups_torch.onnx",
            "bn_kept_torch.onnx" }.Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(TorchCases))]
    public void TorchExport_Imported_PredictsWhatTorchComputes(string file)
    {
        JsonElement expected = Expected(file);
        var (result, output) = Import(file);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Model model = CreateTrained(WeightFiles.Load(output));

        float[] x = Floats(expected, "x"), y = Floats(expected, "y");
        int outputs = expected.GetProperty("output_size").GetInt32();
        int inputs = x.Length / (y.Length / outputs);
        Assert.Equal(inputs, model.Info.InputSize);
        var predicted = new float[outputs];
        for (int sample = 0; sample < y.Length / outputs; sample++)
        {
            model.Predict(x.AsSpan(sample * inputs, inputs), predicted);
            for (int j = 0; j < outputs; j++)
            {
                float want = y[sample * outputs + j];
                Assert.True(Math.Abs(predicted[j] - want) <= 1e-5f + 1e-5f * Math.Abs(want),
                    $"{file} sample {sample} output {j}: GenNet {predicted[j]}, torch {want}");
            }
        }
    }

    [Fact]
    public void Remarks_ShowTheEquivalentDeclaration_WhichBuildsTheSameModel()
    {
        var (result, _) = Import("mlp_torch.onnx");
        string remarks = result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs")).SourceText.ToString();
        Assert.Contains("[Sequential(20)]", remarks);
        Assert.Contains("[Dense(16, Activation = \"relu\")]", remarks);
        Assert.Contains("[Dense(8, Activation = \"tanh\")]", remarks);
        Assert.Contains("[Dense(4, Activation = \"softmax\")]", remarks);

        // The remark's attributes, declared by hand, make a model with the same weight layout and the same outputs.
        string[] attributes = remarks.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("/// [")).Select(l => l.Substring(4)).ToArray();
        string declared = $"namespace Import;\nusing GenNet;\n{string.Join("\n", attributes)}\npublic partial class Declared {{ }}\n";
        var (both, output) = WeightFiles.Generate(new[] { Source("mlp_torch.onnx"), declared }, InMemoryAdditionalText.Encoded("mlp_torch.onnx", Fixture("mlp_torch.onnx")));
        Assert.Empty(both.Diagnostics);
        Assembly assembly = WeightFiles.Load(output);
        Model imported = CreateTrained(assembly);
        Model hand = WeightFiles.Create(assembly, "Import.Declared");
        imported.Parameters.CopyTo(hand.Parameters);
        var input = Enumerable.Range(0, 20).Select(i => (float)Math.Sin(i)).ToArray();
        float[] a = new float[4], b = new float[4];
        imported.Predict(input, a);
        hand.Predict(input, b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void BranchingGraph_IsImportedAsFunctional_WiredByKerasNames()
    {
        var (result, _) = Import("branchy_torch.onnx");
        string remarks = result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs")).SourceText.ToString();
        Assert.Contains("[Functional(6, 6, 3)]", remarks);
        Assert.Contains("[Add(\"conv2d\", \"conv2d_2\")]", remarks);
        Assert.Contains("[Concatenate(\"leaky_re_lu\", \"activation_2\")]", remarks);
        Assert.Contains("[ZeroPadding2D(1, 1, 1, 1, From = \"activation\")]", remarks);
        Assert.Contains("[ZeroPadding2D(2, 2, 2, 2)]", remarks);
    }

    [Fact]
    public void VisionGraphs_MapDepthwiseGroupedAndTransposedConvolutions()
    {
        string mobile = Remarks("mobile_vision_torch.onnx");
        // Stride (2, 1) with padding 1 on 10 rows is not Keras' 'same' (which pads 0 before, 1 after): ZeroPadding2D + 'valid'.
        Assert.Contains("[ZeroPadding2D(1, 1, 1, 1)]", mobile);
        Assert.Contains("[Conv2D(6, 3, Strides = new[] { 2, 1 }, Activation = \"relu6\")]", mobile);
        Assert.Contains("[DepthwiseConv2D(3, Padding = \"same\")]", mobile);
        Assert.Contains("[DepthwiseConv2D(3, 2, DepthMultiplier = 2, Strides = new[] { 1, 2 })]", mobile);
        Assert.Contains("[Conv2D(8, 3, Padding = \"same\", DilationRate = new[] { 2, 1 }, Groups = 2, Activation = \"tanh\")]", mobile);
        Assert.Contains("[MaxPooling2D(2, 1, Strides = new[] { 2, 1 })]", mobile);

        // PyTorch's k=3, s=2, padding=1, output_padding=1 crops the full result's first row and column, Keras' 'same' its
        // last: a 'valid' layer and a Cropping2D. No padding is 'valid'; k=4, s=2, padding=1 is Keras' 'same'.
        string decoder = Remarks("decoder_vision_torch.onnx");
        Assert.Contains("[Conv2DTranspose(3, 3, Strides = 2)]", decoder);
        Assert.Contains("[Cropping2D(1, 0, 1, 0)]", decoder);
        Assert.Contains("[Conv2DTranspose(3, 2, 3, Strides = new[] { 1, 2 }, DilationRate = new[] { 2, 1 })]", decoder);
        Assert.Contains("[Conv2DTranspose(2, 4, Strides = 2, Padding = \"same\", UseBias = false)]", decoder);
    }

    [Fact]
    public void BidirectionalOps_AreImportedAsBidirectional_WithTheirRemarks()
    {
        // torch.cat([h[-2], h[-1]]): Keras' Bidirectional(LSTM(4)); num_layers=2: two Bidirectional(GRU) returning sequences;
        // a bidirectional RNN's merged sequence read by a forward LSTM (time-major, no Transpose pair between them).
        Assert.Contains("/// [Bidirectional] [LSTM(4)]", Remarks("bilstm_torch.onnx"));
        string gru = Remarks("bigru_torch.onnx");
        Assert.Equal(2, gru.Split("/// [Bidirectional] [GRU(4, ReturnSequences = true)]").Length - 1);
        string rnn = Remarks("birnn_torch.onnx");
        Assert.Contains("/// [Bidirectional] [SimpleRNN(5, ReturnSequences = true)]", rnn);
        Assert.Contains("/// [LSTM(4)]", rnn);
    }

    [Fact]
    public void Conv1dGraphs_MapToConv1DAndTheOneDimensionalPools()
    {
        // (batch, channels, steps) read directly: GenNet's (steps, channels); padding 2 of a 5-wide kernel is Keras' 'same',
        // the dilated one too; torch's ReLU/Tanh fuse; the BatchNorm1d after an activation is kept; AdaptiveAvgPool1d(1)
        // is GlobalAveragePool.
        string net = Remarks("conv1d_torch.onnx");
        Assert.Contains("/// [Sequential(32, 4)]", net);
        Assert.Contains("/// [Conv1D(8, 5, Padding = \"same\", Activation = \"relu\")]", net);
        Assert.Contains("/// [MaxPooling1D]", net);
        Assert.Contains("/// [Conv1D(12, 3, Padding = \"same\", DilationRate = 2, Activation = \"tanh\")]", net);
        Assert.Contains("/// [AveragePooling1D]", net);
        Assert.Contains("/// [Conv1D(16, 3, Strides = 2, Activation = \"relu\")]", net);
        Assert.Contains("/// [GlobalAveragePooling1D]", net);

        // x.transpose(1, 2) of a batch_first input, and back; a pool with its own stride; x.mean/x.amax over the steps.
        string sequence = Remarks("conv1d_seq_torch.onnx");
        Assert.Contains("/// [Functional(20, 3)]", sequence);
        Assert.Contains("/// [MaxPooling1D(3, Strides = 2)]", sequence);
        Assert.Contains("/// [Conv1D(8, 3, Activation = \"elu\")]", sequence);
        Assert.Contains("/// [GlobalAveragePooling1D]", sequence);
        Assert.Contains("/// [GlobalMaxPooling1D(From = \"conv1d_1\")]", sequence);
        Assert.Contains("/// [Sequential(16, 2)]", Remarks("conv1d_flat_torch.onnx"));
    }

    [Fact]
    public void Opset18To21Forms_AreImported()
    {
        // Written by benchmarks/reference/onnx_opset_files.py (torch 1.13 cannot export past opset 17); the runtime tests
        // run each in ONNX Runtime against the imported model. Here: the forms the later opsets changed map as before.
        string image = Remarks("opset18_image.onnx"); // Pad's axes input, Resize's axes/antialias/policy, ReduceMax's axes input
        Assert.Contains("/// [ZeroPadding2D(1, 1, 1, 1)]", image);
        Assert.Contains("/// [UpSampling2D(2, Interpolation = \"bilinear\")]", image);
        Assert.Contains("/// [GlobalMaxPooling2D]", image);
        string pool = Remarks("opset19_pool.onnx"); // AveragePool's dilations, Mish, Reshape from a Constant's value_ints
        Assert.Contains("/// [AveragePooling2D(2)]", pool);
        Assert.Contains("/// [Dense(8, Activation = \"mish\")]", pool);
        string sequence = Remarks("opset21_sequence.onnx"); // opset 21: a 1-D Conv, BatchNormalization, Gelu (20) with tanh
        Assert.Contains("/// [Sequential(16, 4)]", sequence);
        Assert.Contains("/// [Activation(\"gelu\", Approximate = true)]", sequence);
        Assert.Contains("/// [GlobalAveragePooling1D]", sequence);
    }

    private static string Remarks(string file)
    {
        var (result, _) = Import(file);
        Assert.Empty(result.Diagnostics);
        return result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs")).SourceText.ToString();
    }

    [Fact]
    public void ImportedModel_FineTunes_WithFit()
    {
        var (_, output) = Import("mlp_torch.onnx");
        Model model = CreateTrained(WeightFiles.Load(output));
        float[] before = model.Parameters.ToArray();
        var random = new Random(5);
        var x = new float[64 * 20];
        var y = new float[64 * 4];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < 64; i++) y[i * 4 + (x[i * 20] > 0 ? 1 : 2)] = 1;
        model.Compile(new GenNet.Losses.CategoricalCrossentropy(), new Adam(0.01));
        History history = model.Fit(x, y, epochs: 20, batchSize: 16, verbose: 0);
        Assert.NotEqual(before, model.Parameters.ToArray());
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss {history["loss"][0]} → {history["loss"][^1]}");
    }

    [Fact]
    public void ImportedLayers_Freeze_ForTransferLearning()
    {
        var (_, output) = Import("mlp_torch.onnx");
        Model model = CreateTrained(WeightFiles.Load(output));
        model.Layers["dense"].Trainable = false;
        model.Layers["dense_1"].Trainable = false;
        float[] before = model.Parameters.ToArray();
        var random = new Random(6);
        var x = new float[32 * 20];
        var y = new float[32 * 4];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < 32; i++) y[i * 4 + i % 4] = 1;
        model.Compile(new GenNet.Losses.CategoricalCrossentropy(), new Adam(0.01));
        model.Fit(x, y, epochs: 3, batchSize: 8, verbose: 0);
        float[] after = model.Parameters.ToArray();
        foreach (WeightInfo w in model.Info.Weights)
        {
            bool changed = !before.AsSpan(w.Offset, w.Length).SequenceEqual(after.AsSpan(w.Offset, w.Length));
            Assert.True(changed == w.Name.StartsWith("dense_2.", StringComparison.Ordinal), $"{w.Name} changed: {changed}");
        }
    }

    [Theory]
    [InlineData("bad_scale.onnx", "GN0406", "Mul with a constant")]
    [InlineData("bad_hardtanh.onnx", "GN0406", "Clip")]
    [InlineData("bad_opset11.onnx", "GN0405", "opset 11")]
    [InlineData("bad_dynamic.onnx", "GN0408", "'height'")]
    [InlineData("bad_bidirectional_step.onnx", "GN0409", "one step of a bidirectional op's sequence")]
    [InlineData("bad_opset18_split.onnx", "GN0406", "'split' (Split)")]
    [InlineData("bad_opset18_reduce_attribute.onnx", "GN0407", "(ReduceMean) has axes = [2, 3]; GenNet imports the axes as input 1 (opset 18")]
    [InlineData("bad_opset18_resize_policy.onnx", "GN0407", "(Resize) has keep_aspect_ratio_policy = \"not_larger\"")]
    [InlineData("bad_opset19_pad_wrap.onnx", "GN0407", "(Pad) has mode = \"wrap\"")]
    [InlineData("bad_opset19_avgpool_dilations.onnx", "GN0407", "(AveragePool) has dilations = [2, 2]")]
    [InlineData("bad_opset19_resize_symmetric.onnx", "GN0407", "(Resize) has coordinate_transformation_mode = \"half_pixel_symmetric\"")]
    [InlineData("bad_opset21_reshape_allowzero.onnx", "GN0407", "(Reshape) has allowzero = 1")]
    public void UnsupportedGraph_IsADiagnosticNamingIt_AndGeneratesOnlyPlaceholders(string file, string id, string named)
    {
        var (result, output) = Import(file);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(named, diagnostic.GetMessage());
        Assert.Contains(file, diagnostic.GetMessage());
        Assert.StartsWith("GenNet.OnnxModel(", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        // Placeholders only: the class compiles, so the GN error stands alone.
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("EmbeddedWeights"));
    }

    [Theory]
    [InlineData("cnn_torch.onnx")]
    [InlineData("conv1d_pad_torch.onnx")]   // F.pad's pads computed by integer nodes the importer evaluates
    public void CorruptFiles_AreDiagnostics_NeverACrash(string name)
    {
        byte[] file = Fixture(name);
        var random = new Random(17);
        var seen = new HashSet<string>();
        for (int trial = 0; trial < 60; trial++)
        {
            byte[] broken;
            if (trial < 30) broken = file.AsSpan(0, trial * file.Length / 30).ToArray();
            else
            {
                broken = (byte[])file.Clone();
                for (int k = 0; k < 4; k++) broken[random.Next(broken.Length)] = (byte)random.Next(256);
            }
            var (result, _) = Import(name, broken);
            foreach (Diagnostic d in result.Diagnostics)
            {
                Assert.NotEqual("GN0999", d.Id);
                Assert.StartsWith("GN04", d.Id);
                seen.Add(d.Id);
            }
        }
        Assert.Contains("GN0404", seen);
    }

    [Fact]
    public void MissingOrUnencodedFile_IsADiagnostic()
    {
        var (missing, _) = WeightFiles.Generate(new[] { Source("absent.onnx") });
        Assert.Equal("GN0402", Assert.Single(missing.Diagnostics).Id);

        var raw = new InMemoryAdditionalText("/p/mlp_torch.onnx", "binary");
        var (unencoded, _) = WeightFiles.Generate(new[] { Source("mlp_torch.onnx") }, raw);
        Assert.Equal("GN0403", Assert.Single(unencoded.Diagnostics).Id);

        var (empty, _) = WeightFiles.Generate(new[] { Source("") });
        Assert.Equal("GN0401", Assert.Single(empty.Diagnostics).Id);
    }

    [Fact]
    public void OnnxModelBesideADeclaration_IsGN0410()
    {
        string source = """
            namespace Import;
            [GenNet.OnnxModel("mlp_torch.onnx")]
            [GenNet.Sequential(20)]
            [GenNet.Dense(4)]
            public partial class Imported { }
            """;
        var (result, output) = Import("mlp_torch.onnx", source: source);
        Assert.Equal("GN0410", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void NonPartialClass_IsGN0001()
    {
        string source = """
            namespace Import;
            [GenNet.OnnxModel("mlp_torch.onnx")]
            public class Imported { }
            """;
        var (result, _) = Import("mlp_torch.onnx", source: source);
        Assert.Equal("GN0001", Assert.Single(result.Diagnostics).Id);
    }

    private static Model CreateTrained(Assembly assembly) =>
        (Model)assembly.GetType("Import.Imported", throwOnError: true)!.GetMethod("CreateTrained")!.Invoke(null, new object[] { 0 })!;

    private static JsonElement Expected(string file)
    {
        // The vision and 1-D convolution files have their own scripts and expectations
        // (benchmarks/reference/onnx_import_vision_models.py, onnx_import_conv1d_models.py).
        string expected = file.Contains("_vision_", StringComparison.Ordinal) ? "expected_vision.json"
            : file.StartsWith("conv1d", StringComparison.Ordinal) ? "expected_conv1d.json" : "expected.json";
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(FixturePath(expected)));
        return document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file).Clone();
    }

    private static float[] Floats(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
