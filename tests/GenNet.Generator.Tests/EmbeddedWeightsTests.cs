using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>
/// [EmbeddedWeights]: a model trained here, saved with Model.Save, handed to the generator as GenNet.targets hands it
/// (base64 AdditionalFiles text), compiled and run; and one test per way a file can fail to match.
/// </summary>
public class EmbeddedWeightsTests
{
    internal const string Tiny = """
        using GenNet;
        namespace Embed;
        /// <summary>Tiny.</summary>
        [Sequential(4)]
        [Dense(8, Activation = Act.Relu)]
        [BatchNormalization]
        [Dense(3, Activation = Act.Softmax)]
        public partial class Tiny { }
        """;

    internal const string EmbedTiny = """
        namespace Embed;
        [GenNet.EmbeddedWeights("tiny.safetensors")]
        public partial class Tiny { }
        """;

    /// <summary>Tiny, compiled without [EmbeddedWeights], trained 5 epochs and saved: the file a user would ship.</summary>
    internal static readonly Lazy<(byte[] File, Model Model)> Trained = new(() =>
    {
        var (result, output) = WeightFiles.Generate(new[] { Tiny });
        Assert.Empty(result.Diagnostics);
        Model model = WeightFiles.Create(WeightFiles.Load(output), "Embed.Tiny", seed: 3);
        WeightFiles.Train(model, inputs: 4, classes: 3);
        return (WeightFiles.Save(model), model);
    });

    [Fact]
    public void TrainedFile_CompiledIn_HasTheFilesWeightsAndPredictions()
    {
        byte[] file = Trained.Value.File;
        var (result, output) = WeightFiles.Generate(new[] { Tiny, EmbedTiny }, InMemoryAdditionalText.Encoded("tiny.safetensors", file));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedSources.Length);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        Assembly assembly = WeightFiles.Load(output);
        Type type = assembly.GetType("Embed.Tiny", throwOnError: true)!;
        var embedded = (Model)type.GetMethod("CreateTrained")!.Invoke(null, new object[] { 0 })!;
        Model fromFile = WeightFiles.Create(assembly, "Embed.Tiny");
        Model untrained = WeightFiles.Create(assembly, "Embed.Tiny");
        fromFile.Load(new MemoryStream(file));

        Assert.Equal(MemoryMarshal.AsBytes(fromFile.Parameters).ToArray(), MemoryMarshal.AsBytes(embedded.Parameters).ToArray());
        Assert.Equal(MemoryMarshal.AsBytes(fromFile.State).ToArray(), MemoryMarshal.AsBytes(embedded.State).ToArray());
        Assert.NotEqual(untrained.Parameters.ToArray(), embedded.Parameters.ToArray());
        Assert.Contains(embedded.State.ToArray(), v => v != 0 && v != 1); // trained moving statistics, not the initial 0/1

        var random = new Random(11);
        var input = new float[4];
        float[] a = new float[3], b = new float[3];
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < input.Length; j++) input[j] = (float)(random.NextDouble() * 4 - 2);
            embedded.Predict(input, a);
            fromFile.Predict(input, b);
            Assert.Equal(b, a);
        }

        string sha = Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
        Assert.Equal(sha, type.GetField("EmbeddedWeightsSha256")!.GetValue(null));
        Assert.Equal("tiny.safetensors", type.GetField("EmbeddedWeightsFile")!.GetValue(null));
    }

    [Fact]
    public void LoadEmbeddedWeights_AfterTraining_RestoresTheFile()
    {
        var (_, output) = WeightFiles.Generate(new[] { Tiny, EmbedTiny }, InMemoryAdditionalText.Encoded("tiny.safetensors", Trained.Value.File));
        Type type = WeightFiles.Load(output).GetType("Embed.Tiny", throwOnError: true)!;
        var model = (Model)type.GetMethod("CreateTrained")!.Invoke(null, new object[] { 0 })!;
        float[] before = model.Parameters.ToArray();
        WeightFiles.Train(model, inputs: 4, classes: 3);
        Assert.NotEqual(before, model.Parameters.ToArray());

        type.GetMethod("LoadEmbeddedWeights")!.Invoke(model, null);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Fact]
    public void GeneratedFile_CommentsEachTensorAndDeclaresTheApi()
    {
        var (result, _) = WeightFiles.Generate(new[] { Tiny, EmbedTiny }, InMemoryAdditionalText.Encoded("tiny.safetensors", Trained.Value.File));
        string text = result.GeneratedSources.Single(s => s.HintName == "Embed.Tiny.EmbeddedWeights.g.cs").SourceText.ToString();
        Assert.Contains("public static Tiny CreateTrained(int seed = 0)", text);
        Assert.Contains("private static global::System.ReadOnlySpan<byte> EmbeddedParameterBytes => new byte[]", text);
        Assert.Contains("// dense.kernel [4, 8]: floats [0, 32)", text);
        Assert.Contains("// batch_normalization.moving_mean [8]: floats [0, 8)", text);
    }

    [Fact]
    public void NestedModelWithState_Generates_Baseline()
    {
        const string small = """
            using GenNet;
            namespace Snap;
            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                /// <summary>Small.</summary>
                [Sequential(3)]
                [Dense(2)]
                [BatchNormalization]
                public partial class Small { }
            }
            """;
        const string embed = """
            namespace Snap;
            public static partial class Outer
            {
                [GenNet.EmbeddedWeights("weights/small.safetensors")]
                public partial class Small { }
            }
            """;
        Model model = WeightFiles.Create(WeightFiles.Load(WeightFiles.Generate(new[] { small }).Output), "Snap.Outer+Small");
        // Values that read well in the baseline: tensor t, element i holds t + i / 8.
        var tensors = WeightFiles.Tensors(model).Select((t, k) => t with
        {
            Data = Enumerable.Range(0, t.Data.Length / 4).SelectMany(i => BitConverter.GetBytes(k + i / 8f)).ToArray(),
        }).ToList();
        byte[] file = WeightFiles.Build(WeightFiles.Metadata(model), tensors);

        var (result, output) = WeightFiles.Generate(new[] { small, embed }, InMemoryAdditionalText.Encoded("small.safetensors", file));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Snapshot.Match("EmbeddedWeightsSmall", result.GeneratedSources.Single(s => s.HintName == "Snap.Outer.Small.EmbeddedWeights.g.cs").SourceText.ToString());
    }

    /// <summary>Why GenNet.targets encodes the file: Roslyn's text path cannot carry a safetensors file's bytes.</summary>
    [Fact]
    public void RawSafetensorsFile_DoesNotSurviveRoslynsTextPath()
    {
        byte[] file = Trained.Value.File;
        Assert.Throws<InvalidDataException>(() => Microsoft.CodeAnalysis.Text.SourceText.From(new MemoryStream(file), throwIfBinaryDetected: true));
        var lenient = Microsoft.CodeAnalysis.Text.SourceText.From(new MemoryStream(file));
        Assert.NotEqual(file, lenient.Encoding!.GetBytes(lenient.ToString()));
    }

    public static TheoryData<string, string> Mismatches => new()
    {
        { "GN0301", "no model" },
        { "GN0302", "no files" },
        { "GN0302", "other name" },
        { "GN0303", "raw binary" },
        { "GN0304", "not base64" },
        { "GN0304", "garbage" },
        { "GN0304", "header length beyond the file" },
        { "GN0304", "broken JSON" },
        { "GN0305", "other fingerprint" },
        { "GN0305", "no fingerprint" },
        { "GN0306", "renamed tensor" },
        { "GN0307", "F16 tensor" },
        { "GN0308", "transposed kernel" },
        { "GN0309", "truncated" },
        { "GN0309", "trailing bytes" },
        { "GN0309", "tensor bytes do not fit its shape" },
        { "GN0310", "two files with the name" },
        { "GN0311", "empty name" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void MismatchedFile_IsAnErrorAtTheAttribute(string id, string scenario)
    {
        var (sources, files) = Scenario(scenario);
        var (result, _) = WeightFiles.Generate(sources, files);

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string squiggled = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        Assert.StartsWith("GenNet.EmbeddedWeights(", squiggled);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.EndsWith(".EmbeddedWeights.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void FileOfAnotherArchitecture_MessageNamesBothFingerprints()
    {
        var (sources, files) = Scenario("other fingerprint");
        string message = Assert.Single(WeightFiles.Generate(sources, files).Result.Diagnostics).GetMessage();
        Assert.Contains(Trained.Value.Model.Info.Fingerprint, message);
        Assert.Contains("00000000deadbeef", message);
        Assert.Contains("Retrain and save this model", message);
    }

    [Fact]
    public void DamagedFiles_NeverCrashTheGenerator()
    {
        byte[] file = Trained.Value.File;
        var random = new Random(2026);
        int accepted = 0;
        for (int i = 0; i < 150; i++)
        {
            byte[] damaged = (byte[])file.Clone();
            switch (i % 3)
            {
                case 0: damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: Array.Resize(ref damaged, random.Next(damaged.Length)); break;
                default: damaged[random.Next(Math.Min(200, damaged.Length))] = (byte)random.Next(256); break;
            }
            var (result, _) = WeightFiles.Generate(new[] { Tiny, EmbedTiny }, InMemoryAdditionalText.Encoded("tiny.safetensors", damaged));
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "GN0999");
            if (result.Diagnostics.IsEmpty) accepted++;
            else Assert.StartsWith("GN03", Assert.Single(result.Diagnostics).Id);
        }
        // A flipped bit in the tensor data still makes a valid file; most header damage does not.
        Assert.InRange(accepted, 1, 149);
    }

    private static (string[] Sources, AdditionalText[] Files) Scenario(string scenario)
    {
        var (file, model) = Trained.Value;
        string[] both = { Tiny, EmbedTiny };
        AdditionalText Encoded(byte[] bytes) => InMemoryAdditionalText.Encoded("tiny.safetensors", bytes);
        List<TensorBytes> tensors = WeightFiles.Tensors(model);
        Dictionary<string, string> metadata = WeightFiles.Metadata(model);
        List<TensorBytes> With(string name, Func<TensorBytes, TensorBytes> change) =>
            tensors.Select(t => t.Name == name ? change(t) : t).ToList();

        switch (scenario)
        {
            case "no model":
                return (new[] { "[GenNet.EmbeddedWeights(\"tiny.safetensors\")] public partial class Lonely { }" }, new[] { Encoded(file) });
            case "no files": return (both, Array.Empty<AdditionalText>());
            case "other name": return (both, new[] { InMemoryAdditionalText.Encoded("small.safetensors", file) });
            case "raw binary": return (both, new AdditionalText[] { new InMemoryAdditionalText("/p/tiny.safetensors", "") });
            case "not base64": return (both, new AdditionalText[] { new InMemoryAdditionalText("/p/obj/tiny.safetensors.base64", "not base64!") });
            case "garbage": return (both, new[] { Encoded(new byte[] { 1, 2, 3 }) });
            case "header length beyond the file":
                byte[] longHeader = (byte[])file.Clone();
                longHeader[3] = 1;
                return (both, new[] { Encoded(longHeader) });
            case "broken JSON":
                byte[] broken = (byte[])file.Clone();
                broken[9] = (byte)'[';
                return (both, new[] { Encoded(broken) });
            case "other fingerprint":
                metadata["fingerprint"] = "00000000deadbeef";
                return (both, new[] { Encoded(WeightFiles.Build(metadata, tensors)) });
            case "no fingerprint":
                metadata.Remove("fingerprint");
                return (both, new[] { Encoded(WeightFiles.Build(metadata, tensors)) });
            case "renamed tensor":
                return (both, new[] { Encoded(WeightFiles.Build(metadata, With("dense_1.bias", t => t with { Name = "dense_1.b" }))) });
            case "F16 tensor":
                return (both, new[] { Encoded(WeightFiles.Build(metadata, With("dense.bias", t => t with { DType = "F16" }))) });
            case "transposed kernel":
                return (both, new[] { Encoded(WeightFiles.Build(metadata, With("dense.kernel", t => t with { Shape = new long[] { 8, 4 } }))) });
            case "truncated": return (both, new[] { Encoded(file[..^4]) });
            case "trailing bytes": return (both, new[] { Encoded(file.Concat(new byte[4]).ToArray()) });
            case "tensor bytes do not fit its shape":
                // dense.bias claims 8 floats of room but the data holds 9: the next tensor starts 4 bytes late.
                return (both, new[] { Encoded(WeightFiles.Build(metadata, With("dense.bias", t => t with { Data = t.Data.Concat(new byte[4]).ToArray() }))) });
            case "two files with the name":
                return (both, new[] { Encoded(file), InMemoryAdditionalText.Encoded("tiny.safetensors", file, "/q/obj/gennet-weights") });
            case "empty name": return (new[] { Tiny, EmbedTiny.Replace("\"tiny.safetensors\"", "\"\"") }, new[] { Encoded(file) });
            default: throw new ArgumentException(scenario);
        }
    }
}
