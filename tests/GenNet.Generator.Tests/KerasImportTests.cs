using System.Reflection;
using System.Text.Json;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>
/// [KerasModel]: the two real Keras-written files of ../shared/keras-files (skipped without that folder), the small files
/// of tests/keras (written by benchmarks/reference/keras_import_fixtures.py with h5py in Keras' own layouts), and the
/// ways a file can be refused: every refusal a GN04xx diagnostic, never a crash.
/// </summary>
public class KerasImportTests
{
    internal static string? SharedKerasFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GenNet.sln")))
                {
                    string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "keras-files"));
                    return Directory.Exists(shared) ? shared : null;
                }
            }
            return null;
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GenNet.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException("GenNet.sln");
        }
    }

    private static byte[] Shared(string name) => File.ReadAllBytes(Path.Combine(SharedKerasFolder!, name));

    internal static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "keras", name);

    private static byte[] Fixture(string name) => File.ReadAllBytes(FixturePath(name));

    private static string Source(string file, string className = "Imported") => $$"""
        namespace Import;
        [GenNet.KerasModel("{{file}}")]
        public partial class {{className}} { }
        """;

    private static (GeneratorRunResult Result, Compilation Output) Import(string file, byte[] bytes, string? source = null) =>
        WeightFiles.Generate(new[] { source ?? Source(file) }, InMemoryAdditionalText.Encoded(file, bytes));

    internal static Model CreateTrained(Assembly assembly, string type = "Import.Imported") =>
        (Model)assembly.GetType(type, throwOnError: true)!.GetMethod("CreateTrained")!.Invoke(null, new object[] { 0 })!;

    private static string Remarks(GeneratorRunResult result) =>
        result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs")).SourceText.ToString();

    private static string[] RemarkAttributes(string remarks) =>
        remarks.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("/// [")).Select(l => l.Substring(4)).ToArray();

    public static IEnumerable<object[]> FixtureCases() =>
        new[] { "vision.keras", "vision2.keras", "sequence.keras", "functional.keras", "legacy_mlp.h5", "legacy_bn.h5", "bidirectional.keras", "legacy_bidirectional.h5",
            "bn_fold.keras", "sequence_pad.keras" }.Select(f => new object[] { f });

    /// <summary>Inputs for a fixture: token ids in [0, 20) for the Embedding model, values in [-1, 1) otherwise.</summary>
    private static float[] Inputs(string file, int size, int samples)
    {
        var random = new Random(file.Length);
        return Enumerable.Range(0, size * samples)
            .Select(_ => file == "sequence.keras" ? (float)random.Next(20) : (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Fixture_Imported_EqualsItsRemarkDeclaration_LoadedByLoadKeras(string file)
    {
        // The remarks' attributes, declared by hand in the same compilation, loaded from the same file by the runtime's
        // Model.LoadKeras: the same layers, the same weights, bit-identical outputs. (Each layer's own semantics are
        // checked against float64 Keras references in the runtime's layer tests; this checks the mapping.)
        var (first, _) = Import(file, Fixture(file));
        Assert.Empty(first.Diagnostics);
        string remarks = Remarks(first);
        string[] attributes = RemarkAttributes(remarks);
        string declared = $"namespace Import;\nusing GenNet;\n{string.Join("\n", attributes)}\npublic partial class Declared {{ }}\n";
        var (both, output) = WeightFiles.Generate(new[] { Source(file), declared }, InMemoryAdditionalText.Encoded(file, Fixture(file)));
        Assert.Empty(both.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assembly assembly = WeightFiles.Load(output);
        Model imported = CreateTrained(assembly);
        Model hand = WeightFiles.Create(assembly, "Import.Declared");
        hand.LoadKeras(FixturePath(file));
        Assert.Equal(hand.Info.Layers.Select(l => (l.Name, l.TypeName)), imported.Info.Layers.Select(l => (l.Name, l.TypeName)));
        Assert.Equal(hand.Parameters.ToArray(), imported.Parameters.ToArray());
        Assert.Equal(hand.State.ToArray(), imported.State.ToArray());
        Assert.Contains(imported.Parameters.ToArray(), v => v != 0);

        int inputs = imported.Info.InputSize, outputs = imported.Info.OutputSize;
        const int samples = 5;
        float[] x = Inputs(file, inputs, samples), a = new float[outputs * samples], b = new float[outputs * samples];
        imported.Predict(x, a);
        hand.Predict(x, b);
        Assert.Equal(b, a);
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Fixture_Imported_SavedAndLoadedIntoAFreshModel_PredictsBitIdentically(string file)
    {
        // An imported model saves and loads as any model does: the file's weights reach a freshly initialized instance
        // of the same class only through Save and Load.
        var (result, output) = Import(file, Fixture(file));
        Assert.Empty(result.Diagnostics);
        Assembly assembly = WeightFiles.Load(output);
        Model imported = CreateTrained(assembly);
        Model fresh = WeightFiles.Create(assembly, "Import.Imported", seed: 11);
        Assert.NotEqual(imported.Parameters.ToArray(), fresh.Parameters.ToArray());
        using var saved = new MemoryStream();
        imported.Save(saved);
        saved.Position = 0;
        fresh.Load(saved);
        Assert.Equal(imported.Parameters.ToArray(), fresh.Parameters.ToArray());
        Assert.Equal(imported.State.ToArray(), fresh.State.ToArray());
        float[] x = Inputs(file, imported.Info.InputSize, samples: 5);
        Assert.Equal(imported.Predict(x, batchSize: 5), fresh.Predict(x, batchSize: 5));
    }

    /// <summary>A .keras fixture's two halves, as model.save_weights("x.weights.h5") and model.to_json() would write them.</summary>
    private static (byte[] Weights, string Config) Halves(string keras)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(Fixture(keras)));
        var weights = new MemoryStream();
        using (Stream s = zip.GetEntry("model.weights.h5")!.Open()) s.CopyTo(weights);
        using var config = new StreamReader(zip.GetEntry("config.json")!.Open());
        return (weights.ToArray(), config.ReadToEnd());
    }

    private const string BareSource = """
        namespace Import;
        [GenNet.KerasModel("vision.weights.h5", Config = "config.json")]
        public partial class Imported { }
        """;

    [Theory]
    [InlineData("vision.keras")]
    [InlineData("sequence.keras")]
    [InlineData("functional.keras")]
    public void BareWeightsWithConfig_ImportsAsTheKerasArchiveOfTheTwo_AndLoadKerasReadsTheBareFile(string keras)
    {
        // [KerasModel("x.weights.h5", Config = "config.json")]: the remarks and weights the .keras archive gives; and the
        // remarks' declaration loads the bare file at run time (LoadKeras finds each layer by Keras' key for its class).
        var (weights, config) = Halves(keras);
        string bare = Path.Combine(Path.GetTempPath(), $"gennet-{Guid.NewGuid():N}.weights.h5");
        File.WriteAllBytes(bare, weights);
        try
        {
            string[] expected = RemarkAttributes(Remarks(Import(keras, Fixture(keras)).Result));
            string declared = $"namespace Import;\nusing GenNet;\n{string.Join("\n", expected)}\npublic partial class Declared {{ }}\n";
            var (result, output) = WeightFiles.Generate(new[] { BareSource, declared },
                InMemoryAdditionalText.Encoded("vision.weights.h5", weights), new InMemoryAdditionalText("/p/models/config.json", config));
            Assert.Empty(result.Diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Equal(expected, RemarkAttributes(Remarks(result)));
            Assembly assembly = WeightFiles.Load(output);
            Model imported = CreateTrained(assembly);
            Model fromBare = WeightFiles.Create(assembly, "Import.Declared");
            fromBare.LoadKeras(bare);
            Model fromArchive = WeightFiles.Create(assembly, "Import.Declared");
            fromArchive.LoadKeras(FixturePath(keras));
            Assert.Contains(imported.Parameters.ToArray(), v => v != 0);
            Assert.Equal(fromArchive.Parameters.ToArray(), imported.Parameters.ToArray());
            Assert.Equal(fromArchive.Parameters.ToArray(), fromBare.Parameters.ToArray());
            Assert.Equal(fromArchive.State.ToArray(), imported.State.ToArray());
            float[] x = Inputs(keras, imported.Info.InputSize, 3), a = new float[imported.Info.OutputSize * 3], b = new float[a.Length];
            imported.Predict(x, a);
            fromArchive.Predict(x, b);
            Assert.Equal(b, a);
        }
        finally
        {
            File.Delete(bare);
        }
    }

    [Fact]
    public void RecurrentDropout_IsImported_WithDropoutOnTheSameGru()
    {
        // Training-only arguments carry over, so fine-tuning the import regularizes as the Keras model did; both together
        // on a GRU are Keras' implementation 1 (one input mask per gate).
        var (weights, config) = Halves("sequence.keras");
        const string plain = "\"units\": 4, \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\", \"use_bias\": true, \"return_sequences\": true, " +
            "\"return_state\": false, \"go_backwards\": false, \"stateful\": false, \"unroll\": false, \"reset_after\": true, \"dropout\": 0.0, \"recurrent_dropout\": 0.0}";
        Assert.Contains(plain, config);
        string patched = config.Replace(plain, plain.Replace("\"dropout\": 0.0, \"recurrent_dropout\": 0.0", "\"dropout\": 0.1, \"recurrent_dropout\": 0.25"));
        var (result, output) = WeightFiles.Generate(new[] { BareSource },
            InMemoryAdditionalText.Encoded("vision.weights.h5", weights), new InMemoryAdditionalText("/p/models/config.json", patched));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("[GRU(4, ReturnSequences = true, Dropout = 0.1, RecurrentDropout = 0.25)]", Remarks(result));
        Model imported = CreateTrained(WeightFiles.Load(output));
        Assert.Equal("0.25", imported.Info.Layers.Single(l => l.Name == "gru").Config["recurrent_dropout"]);
    }

    [Fact]
    public void BareWeights_WithoutOrWithAWrongConfig_IsADiagnosticNamingTheFix()
    {
        var (weights, config) = Halves("vision.keras");
        // No Config: GN0423 says how to give one.
        string without = Import("bare.weights.h5", Fixture("bare.weights.h5")).Result.Diagnostics.Single().GetMessage();
        Assert.Contains("Config = \"config.json\"", without);
        // Config named but not among the AdditionalFiles: GN0421 naming it (and listing the .json files there are).
        var missing = WeightFiles.Generate(new[] { BareSource }, InMemoryAdditionalText.Encoded("vision.weights.h5", weights),
            new InMemoryAdditionalText("/p/other.json", config)).Result.Diagnostics.Single();
        Assert.Equal("GN0421", missing.Id);
        Assert.Contains("'config.json'", missing.GetMessage());
        Assert.Contains("'other.json'", missing.GetMessage());
        // Config beside a file that holds its own: GN0423, leave Config out.
        string archive = """
            namespace Import;
            [GenNet.KerasModel("vision.keras", Config = "config.json")]
            public partial class Imported { }
            """;
        var own = WeightFiles.Generate(new[] { archive }, InMemoryAdditionalText.Encoded("vision.keras", Fixture("vision.keras")),
            new InMemoryAdditionalText("/p/config.json", config)).Result.Diagnostics.Single();
        Assert.Equal("GN0423", own.Id);
        Assert.Contains("leave Config out", own.GetMessage());
        // A config that is not a model config: GN0423 naming the config file.
        var broken = WeightFiles.Generate(new[] { BareSource }, InMemoryAdditionalText.Encoded("vision.weights.h5", weights),
            new InMemoryAdditionalText("/p/config.json", "{\"class_name\": \"Sequential\"}")).Result.Diagnostics.Single();
        Assert.Equal("GN0423", broken.Id);
        Assert.Contains("config.json", broken.GetMessage());
        Assert.Contains("config.layers", broken.GetMessage());
    }

    [Theory]
    [InlineData("bidirectional.keras")]
    [InlineData("legacy_bidirectional.h5")]
    public void Bidirectional_IsImportedAsTheWrapperBeforeItsLayer(string file)
    {
        // Keras 3 keeps each half under forward_layer/backward_layer, a legacy file lists forward_lstm/…, backward_lstm/…:
        // either way the wrapper, its merge mode and the wrapped layer's config are the remarks' two attributes.
        string remarks = Remarks(Import(file, Fixture(file)).Result);
        Assert.Contains("/// [Bidirectional] [LSTM(4, ReturnSequences = true)]", remarks);
        Assert.Contains("/// [Bidirectional(MergeMode = \"sum\")] [GRU(3)]", remarks);
    }

    [Fact]
    public void Remarks_MapKerasArguments_ToGenNetsAttributes()
    {
        string vision = Remarks(Import("vision.keras", Fixture("vision.keras")).Result);
        Assert.Contains("[Sequential(8, 8, 3)]", vision);
        Assert.Contains("[Conv2D(4, 3, Padding = \"same\", Activation = \"relu\")]", vision);
        Assert.Contains("[BatchNormalization(Momentum = 0.9)]", vision);
        Assert.Contains("[MaxPooling2D]", vision);
        Assert.Contains("[DepthwiseConv2D(3, Padding = \"same\")]", vision);
        Assert.Contains("[ZeroPadding2D(1)]", vision);
        Assert.Contains("[Cropping2D(1, 0, 0, 1)]", vision);
        Assert.Contains("[UpSampling2D(2)]", vision);
        Assert.Contains("[AveragePooling2D(Strides = 1)]", vision);
        Assert.Contains("[Conv2D(3, 1, UseBias = false)]", vision);
        Assert.Contains("[PReLU(SharedAxes = new[] { 1, 2 })]", vision);
        Assert.Contains("[SpatialDropout2D(0.1)]", vision);
        Assert.Contains("[LeakyReLU(NegativeSlope = 0.2)]", vision);
        Assert.Contains("[ReLU(MaxValue = 6)]", vision);
        Assert.Contains("[ELU(Alpha = 0.5)]", vision);
        Assert.Contains("[Rescaling(0.5, Offset = 0.1)]", vision);
        Assert.Contains("[GaussianNoise(0.05)]", vision);
        Assert.Contains("[GlobalAveragePooling2D]", vision);
        Assert.Contains("[Dense(5)]", vision);
        Assert.Contains("[Softmax]", vision);

        // Per-axis strides, dilations and output paddings, groups, and the separable and transposed convolutions.
        string vision2 = Remarks(Import("vision2.keras", Fixture("vision2.keras")).Result);
        Assert.Contains("[Conv2D(4, 3, Strides = new[] { 2, 1 }, Padding = \"same\", Groups = 2, Activation = \"tanh\")]", vision2);
        Assert.Contains("[SeparableConv2D(3, 2, 3, DepthMultiplier = 2, Padding = \"same\", DilationRate = new[] { 2, 1 }, Activation = \"relu\")]", vision2);
        Assert.Contains("[DepthwiseConv2D(2, Strides = new[] { 1, 2 })]", vision2);
        Assert.Contains("[MaxPooling2D(2, 1, Strides = 1, Padding = \"same\")]", vision2);
        Assert.Contains("[Conv2DTranspose(2, 3, Strides = new[] { 2, 1 }, Padding = \"same\", OutputPadding = new[] { 1, 0 })]", vision2);
        Assert.Contains("[Conv2DTranspose(2, 2, DilationRate = new[] { 1, 2 }, UseBias = false)]", vision2);

        string sequence = Remarks(Import("sequence.keras", Fixture("sequence.keras")).Result);
        Assert.Contains("[Sequential(6)]", sequence);
        Assert.Contains("[Embedding(20, 5)]", sequence);
        Assert.Contains("[Conv1D(4, 3, Padding = \"same\", Activation = \"tanh\")]", sequence);
        Assert.Contains("[MaxPooling1D]", sequence);
        Assert.Contains("[LayerNormalization]", sequence);
        Assert.Contains("[GRU(4, ReturnSequences = true)]", sequence);
        Assert.Contains("[SimpleRNN(3, Activation = \"relu\", ReturnSequences = true)]", sequence);
        Assert.Contains("[AveragePooling1D(1)]", sequence);
        Assert.Contains("[Permute(2, 1)]", sequence);
        Assert.Contains("[RepeatVector(2)]", sequence);
        Assert.Contains("[LSTM(2, GoBackwards = true)]", sequence);
        Assert.Contains("[Activation(\"sigmoid\")]", sequence);

        string functional = Remarks(Import("functional.keras", Fixture("functional.keras")).Result);
        Assert.Contains("[Functional(6)]", functional);
        Assert.Contains("[Dense(8, Activation = \"relu\", Name = \"hidden\")]", functional);
        Assert.Contains("[Dense(8, Name = \"skip\", From = \"input_layer\")]", functional);
        Assert.Contains("[Add(\"hidden\", \"skip\")]", functional);
        Assert.Contains("[Multiply(\"add\", \"skip\")]", functional);
        Assert.Contains("[Maximum(\"multiply\", \"hidden\")]", functional);
        Assert.Contains("[Concatenate(\"maximum\", \"add\")]", functional);
        Assert.Contains("[Dense(3, Activation = \"softmax\", Name = \"head\")]", functional);

        string legacy = Remarks(Import("legacy_mlp.h5", Fixture("legacy_mlp.h5")).Result);
        Assert.Contains("[Sequential(4)]", legacy);
        Assert.Contains("[Dense(5, Activation = \"tanh\")]", legacy);
        Assert.Contains("[Dropout(0.25)]", legacy);
        Assert.Contains("[Dense(2, Activation = \"sigmoid\")]", legacy);
        Assert.Contains("Keras 2.15.0", legacy);

        // Keras 2 writes BatchNormalization's axis as [3]: the last axis of its (6 − 2, 6 − 2, 2) input, so accepted.
        string bn = Remarks(Import("legacy_bn.h5", Fixture("legacy_bn.h5")).Result);
        Assert.Contains("[Sequential(6, 6, 1)]", bn);
        Assert.Contains("[BatchNormalization]", bn);
    }

    [Theory]
    [InlineData("bad_layer.keras", "GN0424", "Conv3D")]
    [InlineData("bad_channels_first.keras", "GN0425", "data_format = 'channels_first'")]
    [InlineData("bad_dynamic.keras", "GN0426", "None")]
    [InlineData("bad_two_inputs.keras", "GN0426", "2 input(s)")]
    [InlineData("bad_weights.keras", "GN0427", "(3, 5)")]
    [InlineData("bad_name.keras", "GN0429", "GN0011")]
    [InlineData("bare.weights.h5", "GN0423", "bare .weights.h5")]
    [InlineData("bad_axis.h5", "GN0425", "axis = [1]")]
    public void RefusedFile_IsADiagnosticNamingIt_AndGeneratesOnlyPlaceholders(string file, string id, string named)
    {
        var (result, output) = Import(file, Fixture(file));
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(named, diagnostic.GetMessage());
        Assert.Contains(file, diagnostic.GetMessage());
        Assert.StartsWith("GenNet.KerasModel(", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("EmbeddedWeights") || s.HintName.EndsWith(".Import.g.cs"));
    }

    /// <summary>The HDF5 structures the reader refuses, each in a [KerasModel] legacy file (hdf5_fixtures.py), by its message.</summary>
    public static IEnumerable<object[]> UnsupportedStructureCases() => new[]
    {
        new object[] { "unsupported_lzf.h5", "HDF5 filter 32000" },
        new object[] { "unsupported_shared_type.h5", "shared (committed) datatype" },
        new object[] { "unsupported_huge_attr.h5", "huge fractal heap object" },
        new object[] { "dense_latest.h5#filtered-heap", "filters (compresses) its blocks" },
        new object[] { "dense_latest.h5#paged-extensible-array", "are paged" },
    };

    /// <summary>
    /// A fixture, or dense_latest.h5 patched where h5py cannot write the structure: "#filtered-heap" gives the fractal heap
    /// header ('FRHP': signature 4, version 1, heap ID length 2, then the I/O filters' encoded length, 2 bytes) a filter
    /// pipeline; "#paged-extensible-array" sets the extensible array header's ('EAHD': signature 4, version 1, client 1,
    /// element size 1, max element bits 1, index block elements 1, data block minimum elements 1, super block minimum
    /// pointers 1, then the data block page bits) page size to 2^2 elements, below its 16-element data blocks.
    /// The reader verifies no checksums, so a patched header is read as written.
    /// </summary>
    private static byte[] UnsupportedStructure(string name)
    {
        string[] parts = name.Split('#');
        byte[] bytes = Fixture(parts[0]);
        if (parts.Length == 1) return bytes;
        int At(string signature)
        {
            byte[] s = System.Text.Encoding.ASCII.GetBytes(signature);
            int at = bytes.AsSpan().IndexOf(s);
            Assert.True(at >= 0, $"{parts[0]} has no '{signature}' structure");
            return at;
        }
        if (parts[1] == "filtered-heap")
        {
            int heap = At("FRHP");
            bytes[heap + 7] = 16;
            bytes[heap + 8] = 0;
        }
        else bytes[At("EAHD") + 11] = 2;
        return bytes;
    }

    [Theory]
    [MemberData(nameof(UnsupportedStructureCases))]
    public void UnsupportedHdf5Structure_InAKerasModelFile_IsGN0423NamingIt_NeverACrash(string name, string structure)
    {
        string file = name.Split('#')[0];
        var (result, output) = Import(file, UnsupportedStructure(name));
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("GN0423", diagnostic.Id);
        Assert.Contains(structure, diagnostic.GetMessage());
        Assert.Contains(file, diagnostic.GetMessage());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("EmbeddedWeights") || s.HintName.EndsWith(".Import.g.cs"));
    }

    [Fact]
    public void DenseLatestFixture_Unpatched_ImportsAsLegacyMlpDoes()
    {
        // The file the patched cases start from reads cleanly: only the patched structure is refused.
        var (result, _) = Import("dense_latest.h5", Fixture("dense_latest.h5"));
        Assert.Empty(result.Diagnostics);
        string expected = Remarks(Import("legacy_mlp.h5", Fixture("legacy_mlp.h5")).Result);
        Assert.Equal(RemarkAttributes(expected), RemarkAttributes(Remarks(result)));
    }

    [Fact]
    public void RefusedLayer_NamesTheLayerItsClassAndWhatIsSupported()
    {
        string message = Import("bad_layer.keras", Fixture("bad_layer.keras")).Result.Diagnostics.Single().GetMessage();
        Assert.Contains("'conv3d'", message);
        Assert.Contains("Conv3D", message);
        Assert.Contains("Supported: Dense, Conv1D, Conv2D", message);
        string argument = Import("bad_channels_first.keras", Fixture("bad_channels_first.keras")).Result.Diagnostics.Single().GetMessage();
        Assert.Contains("layer 'conv2d' (Conv2D) has data_format = 'channels_first'", argument);
        Assert.Contains("'channels_last'", argument);
    }

    [Theory]
    [InlineData("vision.keras")]
    [InlineData("legacy_mlp.h5")]
    [InlineData("functional.keras")]
    public void HostileFiles_TruncatedOrBitFlipped_AreDiagnostics_NeverACrash(string file)
    {
        byte[] bytes = Fixture(file);
        var random = new Random(23);
        var seen = new HashSet<string>();
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] broken;
            if (trial < 25) broken = bytes.AsSpan(0, trial * bytes.Length / 25).ToArray();
            else
            {
                broken = (byte[])bytes.Clone();
                for (int k = 0; k < 1 + trial % 4; k++) broken[random.Next(broken.Length)] ^= (byte)(1 << random.Next(8));
            }
            var (result, _) = Import(file, broken);
            foreach (Diagnostic d in result.Diagnostics)
            {
                Assert.True(d.Id != "GN0999", $"{file} trial {trial}: {d.GetMessage()}");
                Assert.StartsWith("GN04", d.Id);
                seen.Add(d.Id);
            }
            if (trial < 25) Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
        Assert.Contains("GN0423", seen);
    }

    [Theory]
    [InlineData("vision.keras")]
    [InlineData("sequence.keras")]
    [InlineData("functional.keras")]
    [InlineData("legacy_mlp.h5")]
    public void Reader_ThousandsOfMutations_OnlyEverRefusesCleanly(string file)
    {
        // The reader and the lowering alone (no compilation), so many more mutations than the end-to-end test: every
        // outcome is a model or an InvalidDataException / ImportProblem (a diagnostic), never another exception.
        byte[] bytes = Fixture(file);
        var random = new Random(file.Length * 31);
        int refused = 0;
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] broken;
            if (trial % 3 == 0) broken = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            else
            {
                broken = (byte[])bytes.Clone();
                for (int k = 0; k < 1 + random.Next(6); k++) broken[random.Next(broken.Length)] = (byte)random.Next(256);
            }
            try
            {
                var model = GenNet.Serialization.Keras.KerasFile.ReadModel(broken, file);
                GenNet.Generator.Import.Keras.KerasLowering.Lower(model);
            }
            catch (InvalidDataException)
            {
                refused++;
            }
            catch (GenNet.Generator.Import.Onnx.ImportProblem)
            {
                refused++;
            }
        }
        Assert.True(refused > 500, $"{file}: only {refused} of 1500 mutations refused");
    }

    [Fact]
    public void LayerNames_AreExplicitExactlyWhereGenNetsDefaultNamingWouldDiffer()
    {
        // GenNet gives unnamed layers dense, dense_1, … counting only unnamed ones; the file's names must survive.
        const string config = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "input_layer"}},
              {"class_name": "Dense", "config": {"name": "first", "units": 3}},
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 3}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}
            """;
        var model = GenNet.Serialization.Keras.KerasFile.Config(System.Text.Encoding.UTF8.GetBytes(config), "names.keras", null);
        var lowered = GenNet.Generator.Import.Keras.KerasLowering.Lower(model);
        Assert.Equal(new string?[] { "first", "dense_1", null }, lowered.Model.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "[Dense(3, Name = \"first\")]", "[Dense(3, Name = \"dense_1\")]", "[Dense(2)]" }, lowered.Model.Attributes);
    }

    [Fact]
    public void MissingUnencodedOrUnnamedFile_AndADeclaration_AreDiagnostics()
    {
        var (missing, _) = WeightFiles.Generate(new[] { Source("absent.keras") });
        Assert.Equal("GN0421", Assert.Single(missing.Diagnostics).Id);

        var raw = new InMemoryAdditionalText("/p/vision.keras", "binary");
        var (unencoded, _) = WeightFiles.Generate(new[] { Source("vision.keras") }, raw);
        Assert.Equal("GN0422", Assert.Single(unencoded.Diagnostics).Id);

        var (empty, _) = WeightFiles.Generate(new[] { Source("") });
        Assert.Equal("GN0420", Assert.Single(empty.Diagnostics).Id);

        string both = """
            namespace Import;
            [GenNet.KerasModel("legacy_mlp.h5")]
            [GenNet.Sequential(4)]
            [GenNet.Dense(2)]
            public partial class Imported { }
            """;
        var (declared, _) = Import("legacy_mlp.h5", Fixture("legacy_mlp.h5"), both);
        Assert.Contains(declared.Diagnostics, d => d.Id == "GN0428");
    }

    /// <summary>One line per [KerasModel] diagnostic id (GN0420–GN0430): the id, its severity, and a word of its message.</summary>
    [Theory]
    [InlineData("GN0420", DiagnosticSeverity.Error, "", "names no file")]
    [InlineData("GN0421", DiagnosticSeverity.Error, "absent.keras", "not among the project's AdditionalFiles")]
    [InlineData("GN0422", DiagnosticSeverity.Error, "raw:vision.keras", "binary file")]
    [InlineData("GN0423", DiagnosticSeverity.Error, "bare.weights.h5", "cannot be read as a Keras model")]
    [InlineData("GN0424", DiagnosticSeverity.Error, "bad_layer.keras", "which GenNet cannot import")]
    [InlineData("GN0425", DiagnosticSeverity.Error, "bad_channels_first.keras", "GenNet imports")]
    [InlineData("GN0426", DiagnosticSeverity.Error, "bad_dynamic.keras", "fixed size")]
    [InlineData("GN0427", DiagnosticSeverity.Error, "bad_weights.keras", "the file holds")]
    [InlineData("GN0428", DiagnosticSeverity.Error, "declared:legacy_mlp.h5", "also [Sequential]")]
    [InlineData("GN0429", DiagnosticSeverity.Error, "bad_name.keras", "do not form a model")]
    [InlineData("GN0430", DiagnosticSeverity.Warning, "unmapped_rules.keras", "which GenNet cannot import")]
    public void KerasDiagnostic_IdSeverityAndMessage(string id, DiagnosticSeverity severity, string file, string words)
    {
        GeneratorRunResult result;
        if (file.StartsWith("raw:", StringComparison.Ordinal))
        {
            result = WeightFiles.Generate(new[] { Source(file.Substring(4)) }, new InMemoryAdditionalText("/p/" + file.Substring(4), "binary")).Result;
        }
        else if (file.StartsWith("declared:", StringComparison.Ordinal))
        {
            string name = file.Substring(9);
            result = Import(name, Fixture(name), $"namespace Import;\n[GenNet.KerasModel(\"{name}\")] [GenNet.Sequential(4)] [GenNet.Dense(2)] public partial class Imported {{ }}").Result;
        }
        else if (file.StartsWith("shared:", StringComparison.Ordinal))
        {
            if (SharedKerasFolder is null) return; // the one real file with a regularizer lives in ../shared
            result = Import(file.Substring(7), Shared(file.Substring(7))).Result;
        }
        else if (file.Length == 0 || file == "absent.keras")
        {
            result = WeightFiles.Generate(new[] { Source(file) }).Result;
        }
        else
        {
            result = Import(file, Fixture(file)).Result;
        }
        Diagnostic diagnostic = result.Diagnostics.First(d => d.Id == id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Contains(words, diagnostic.GetMessage());
    }

    [Fact]
    public void KerasRules_Keras3Serialized_MapOntoTheirWeights()
    {
        var (result, output) = Import("rules.keras", Fixture("rules.keras"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string remarks = Remarks(result);
        Assert.Contains("[Dense(3, Activation = \"relu\", KernelRegularizer = \"L1L2(l1=0.001, l2=0.01)\", KernelConstraint = \"MaxNorm(max_value=2, axis=[0])\", BiasConstraint = \"NonNeg\")]", remarks);
        Assert.Contains("[Dense(2, BiasRegularizer = \"L2(l2=0.05)\", KernelConstraint = \"MinMaxNorm(min_value=0.5, max_value=1.5, rate=0.5, axis=0)\")]", remarks);
        var weights = CreateTrained(WeightFiles.Load(output)).Info.Weights;
        Assert.Equal(new WeightRegularizer(0.001f, 0.01f), weights.Single(w => w.Name == "dense.kernel").Regularizer);
        Assert.Equal(new WeightRegularizer(0f, 0.05f), weights.Single(w => w.Name == "dense_1.bias").Regularizer);
        Assert.Null(weights.Single(w => w.Name == "dense.bias").Regularizer);
        Assert.Null(weights.Single(w => w.Name == "dense_1.kernel").Regularizer);
        WeightConstraint max = weights.Single(w => w.Name == "dense.kernel").Constraint!;
        Assert.Equal(WeightConstraintKind.MaxNorm, max.Kind);
        Assert.Equal(2f, max.MaxValue);
        Assert.Equal(new[] { 0 }, max.Axes);
        Assert.Equal(WeightConstraintKind.NonNeg, weights.Single(w => w.Name == "dense.bias").Constraint!.Kind);
        WeightConstraint minMax = weights.Single(w => w.Name == "dense_1.kernel").Constraint!;
        Assert.Equal((WeightConstraintKind.MinMaxNorm, 0.5f, 1.5f, 0.5f), (minMax.Kind, minMax.MinValue, minMax.MaxValue, minMax.Rate));
        Assert.Null(weights.Single(w => w.Name == "dense_1.bias").Constraint);
    }

    [Fact]
    public void KerasRules_Keras2LegacySerialized_MapOntoTheirWeights()
    {
        var (result, output) = Import("legacy_rules.h5", Fixture("legacy_rules.h5"));
        Assert.Empty(result.Diagnostics);
        string remarks = Remarks(result);
        // Keras 2 wrote the factors rounded to float32; they are kept as written.
        Assert.Contains("[Dense(3, Activation = \"tanh\", KernelRegularizer = \"L2(l2=0.009999999776482582)\", KernelConstraint = \"UnitNorm(axis=0)\")]", remarks);
        Assert.Contains("[Dense(2, Activation = \"sigmoid\", KernelRegularizer = \"L1L2(l1=0, l2=0.0010000000474974513)\", KernelConstraint = \"MaxNorm(max_value=3, axis=0)\")]", remarks);
        var weights = CreateTrained(WeightFiles.Load(output)).Info.Weights;
        Assert.Equal(new WeightRegularizer(0f, 0.01f), weights.Single(w => w.Name == "dense.kernel").Regularizer);
        Assert.Equal(new WeightRegularizer(0f, 0.001f), weights.Single(w => w.Name == "dense_1.kernel").Regularizer);
        Assert.Equal(WeightConstraintKind.UnitNorm, weights.Single(w => w.Name == "dense.kernel").Constraint!.Kind);
        Assert.Equal((WeightConstraintKind.MaxNorm, 3f), (weights.Single(w => w.Name == "dense_1.kernel").Constraint!.Kind, weights.Single(w => w.Name == "dense_1.kernel").Constraint!.MaxValue));
    }

    [Fact]
    public void KerasRules_Unmapped_AreGN0430_NamingLayerArgumentAndClass()
    {
        var (result, output) = Import("unmapped_rules.keras", Fixture("unmapped_rules.keras"));
        var warnings = result.Diagnostics.Where(d => d.Id == "GN0430").Select(d => d.GetMessage()).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, m => Assert.Contains("layer 'dense' (Dense)", m));
        Assert.Contains(warnings, m => m.Contains("kernel_regularizer") && m.Contains("OrthogonalRegularizer"));
        Assert.Contains(warnings, m => m.Contains("activity_regularizer") && m.Contains("no activity regularizers"));
        Assert.Contains(warnings, m => m.Contains("bias_constraint") && m.Contains("ClipWeights"));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.DoesNotContain("Regularizer =", Remarks(result));
        Assert.All(CreateTrained(WeightFiles.Load(output)).Info.Weights, w => Assert.True(w.Regularizer is null && w.Constraint is null));
    }

    [Fact]
    public void ImportedKerasModel_FineTunes_AndFrozenLayersStayBitIdentical()
    {
        var (_, output) = Import("legacy_mlp.h5", Fixture("legacy_mlp.h5"));
        Model model = CreateTrained(WeightFiles.Load(output));
        model.Layers["dense"].Trainable = false;
        float[] before = model.Parameters.ToArray();
        var random = new Random(8);
        var x = new float[64 * 4];
        var y = new float[64 * 2];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < 64; i++) { y[i * 2] = x[i * 4] > 0 ? 1 : 0; y[i * 2 + 1] = x[i * 4 + 1] > 0 ? 1 : 0; }
        model.Compile(new GenNet.Losses.BinaryCrossentropy(), new Adam(0.05));
        History history = model.Fit(x, y, epochs: 30, batchSize: 16, verbose: 0);
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss {history["loss"][0]} → {history["loss"][^1]}");
        float[] after = model.Parameters.ToArray();
        foreach (WeightInfo weight in model.Info.Weights)
        {
            bool changed = !before.AsSpan(weight.Offset, weight.Length).SequenceEqual(after.AsSpan(weight.Offset, weight.Length));
            Assert.True(changed == weight.Name.StartsWith("dense_1.", StringComparison.Ordinal), $"{weight.Name} changed: {changed}");
        }
    }

    [SharedKerasFact]
    public void LegacyH5_MnistCnn_Imported_PredictsTheFloat64Reference()
    {
        var (result, output) = Import("mnist_cnn_legacy.h5", Shared("mnist_cnn_legacy.h5"));
        // The file's first Conv2D carries an L2 kernel regularizer: imported onto conv2d.kernel, no warning.
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string remarks = Remarks(result);
        Assert.Contains("[Sequential(28, 28, 1)]", remarks);
        Assert.Contains("[Conv2D(32, 3, Activation = \"relu\", KernelRegularizer = \"L2(l2=0.001)\")]", remarks);
        Assert.Contains("[Conv2D(64, 3, Activation = \"relu\")]", remarks);
        Assert.Contains("[MaxPooling2D]", remarks);
        Assert.Contains("[Dense(10, Activation = \"softmax\")]", remarks);
        Assert.Contains("Keras 3.13.2", remarks);

        Model model = CreateTrained(WeightFiles.Load(output));
        // The expected values benchmarks/reference/keras_cnn_reference.py computed (h5py + NumPy, float64), as the runtime's LoadKeras test reads them.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot, "tests", "GenNet.Runtime.Tests", "Serialization", "Keras", "keras_cnn_reference.json")));
        var inputs = doc.RootElement.GetProperty("inputs").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.True(outputs.Length >= 2);
        var y = new float[10];
        for (int s = 0; s < outputs.Length; s++)
        {
            model.Predict(inputs.AsSpan(s * 784, 784), y);
            for (int k = 0; k < 10; k++) Assert.True(Math.Abs(y[k] - outputs[s][k]) < 1e-5, $"sample {s} class {k}: {y[k]} vs {outputs[s][k]}");
        }
    }

    [SharedKerasFact]
    public void KerasZip_StockLstm_Imported_PredictsAFloat64Reference()
    {
        var (result, output) = Import("stock_lstm.keras", Shared("stock_lstm.keras"));
        Assert.Empty(result.Diagnostics);
        string remarks = Remarks(result);
        Assert.Contains("[Sequential(10, 6)]", remarks);
        Assert.Contains("[LSTM(100, ReturnSequences = true)]", remarks);
        Assert.Contains("[Dropout(0.3)]", remarks);
        Assert.Contains("[LSTM(64)]", remarks);
        Assert.Contains("[Dense(1, Activation = \"relu\")]", remarks);
        Assert.Contains("Keras 3.4.1", remarks);
        Model model = CreateTrained(WeightFiles.Load(output));

        var layers = StockLstm.Weights(Shared("stock_lstm.keras"));
        const int samples = 6;
        var x = new float[samples * 60];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.5 + 0.45 * Math.Sin(0.37 * i + 0.11 * (i % 7)));
        var y = new float[samples];
        model.Predict(x, y);
        double[] want = StockLstm.Forward(layers, x, samples);
        for (int s = 0; s < samples; s++) Assert.True(Math.Abs(y[s] - want[s]) < 1e-5, $"sample {s}: {y[s]} vs float64 {want[s]}");
    }

    [SharedKerasFact]
    public void SharedFiles_Truncated_AreGN0423_NeverACrash()
    {
        foreach (string name in new[] { "stock_lstm.keras", "mnist_cnn_legacy.h5" })
        {
            byte[] file = Shared(name);
            foreach (int length in new[] { 0, 3, 8, 100, 1000, file.Length / 3, file.Length / 2, file.Length - 100, file.Length - 1 })
            {
                var (result, _) = Import(name, file.AsSpan(0, length).ToArray());
                var errors = result.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 1, $"{name} cut at {length} of {file.Length}: {errors.Count} errors");
                Diagnostic d = errors[0];
                Assert.True(d.Id is "GN0423" or "GN0427", $"{name} cut at {length}: {d.Id} {d.GetMessage()}");
            }
        }
    }
}

/// <summary>A test that needs ../shared/keras-files (the real Keras-written files); skipped without it.</summary>
public sealed class SharedKerasFactAttribute : FactAttribute
{
    public SharedKerasFactAttribute()
    {
        if (KerasImportTests.SharedKerasFolder is null) Skip = "needs ../shared/keras-files beside the repository";
    }
}

/// <summary>
/// A float64 forward pass of the stock LSTM file, from Keras' LSTM semantics (z = x·W + h·U + b split i, f, c, o;
/// c = σ(f)·c + σ(i)·tanh(c̃); h = σ(o)·tanh(c)), with the weights read from the file by the shared Keras reader.
/// </summary>
internal static class StockLstm
{
    public static List<GenNet.Serialization.Keras.KerasLayer> Weights(byte[] file) =>
        GenNet.Serialization.Keras.KerasFile.ReadModel(file, "stock_lstm.keras").Layers.ToList();

    public static double[] Forward(IReadOnlyList<GenNet.Serialization.Keras.KerasLayer> layers, float[] x, int samples)
    {
        var result = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            var seq = new double[10][];
            for (int t = 0; t < 10; t++) seq[t] = Enumerable.Range(0, 6).Select(k => (double)x[s * 60 + t * 6 + k]).ToArray();
            var h = Lstm(layers[2], Lstm(layers[0], seq))[^1];
            var dense = layers[3].Weights;
            double z = dense[1].Values[0];
            for (int k = 0; k < h.Length; k++) z += h[k] * dense[0].Values[k];
            result[s] = Math.Max(0, z);
        }
        return result;
    }

    private static double[][] Lstm(GenNet.Serialization.Keras.KerasLayer layer, double[][] seq)
    {
        var w = layer.Weights[0];
        float[] u = layer.Weights[1].Values, b = layer.Weights[2].Values;
        int inputs = w.Shape[0], units = w.Shape[1] / 4;
        var h = new double[units];
        var c = new double[units];
        var outputs = new double[seq.Length][];
        for (int t = 0; t < seq.Length; t++)
        {
            var z = new double[4 * units];
            for (int j = 0; j < 4 * units; j++)
            {
                double sum = b[j];
                for (int k = 0; k < inputs; k++) sum += seq[t][k] * w.Values[k * 4 * units + j];
                for (int k = 0; k < units; k++) sum += h[k] * u[k * 4 * units + j];
                z[j] = sum;
            }
            var next = new double[units];
            for (int j = 0; j < units; j++)
            {
                double i = Sigmoid(z[j]), f = Sigmoid(z[units + j]), g = Math.Tanh(z[2 * units + j]), o = Sigmoid(z[3 * units + j]);
                c[j] = f * c[j] + i * g;
                next[j] = o * Math.Tanh(c[j]);
            }
            h = next;
            outputs[t] = next;
        }
        return outputs;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
