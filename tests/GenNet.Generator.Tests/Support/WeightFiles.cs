using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GenNet.Generator.Tests.Support;

/// <summary>An AdditionalFiles item held in memory, as the compiler would hand it to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, System.Text.Encoding.UTF8);

    /// <summary>A weight file as GenNet.targets hands it over: base64 text named <c>name.base64</c>.</summary>
    public static InMemoryAdditionalText Encoded(string name, byte[] bytes, string folder = "/p/obj/gennet-weights") =>
        new(folder + "/" + name + ".base64", Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks));
}

/// <summary>One tensor of a hand-made safetensors file.</summary>
internal sealed record TensorBytes(string Name, string DType, long[] Shape, byte[] Data);

/// <summary>
/// Weight files for the embedded-weights tests: real ones (a model compiled from source by the generator, trained,
/// saved with <c>Model.Save</c>) and hand-made ones (a header written here, to break one rule at a time).
/// </summary>
internal static class WeightFiles
{
    /// <summary>Compiles <paramref name="sources"/> with the generator and <paramref name="files"/>; returns the driver result and the emitted assembly's image.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Generate(string[] sources, params AdditionalText[] files)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new GenNetGenerator().AsSourceGenerator() },
            additionalTexts: files,
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(sources), out Compilation output, out _);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (result, output);
    }

    /// <summary>Emits <paramref name="compilation"/> (which must have no errors) and loads it into a collectible context; GenNet itself comes from the test's own context.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("embedded-weights-test", isCollectible: true).LoadFromStream(image);
    }

    public static Model Create(Assembly assembly, string type, int seed = 0) =>
        (Model)Activator.CreateInstance(assembly.GetType(type, throwOnError: true)!, seed)!;

    /// <summary>Trains <paramref name="model"/> for a few epochs on seeded random data (so its weights are far from the initializer's).</summary>
    public static void Train(Model model, int inputs, int classes)
    {
        var random = new Random(7);
        const int Rows = 64;
        var x = new float[Rows * inputs];
        var y = new float[Rows * classes];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        for (int r = 0; r < Rows; r++) y[r * classes + random.Next(classes)] = 1;
        model.Compile(Loss.CategoricalCrossentropy, new Adam(0.01f));
        model.Fit(x, y, epochs: 5, batchSize: 16, verbose: 0);
    }

    public static byte[] Save(Model model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The tensors of a model, as <c>Model.Save</c> would write them, for hand-made files.</summary>
    public static List<TensorBytes> Tensors(Model model) => model.Info.Weights
        .OrderBy(w => w.Name, StringComparer.Ordinal)
        .Select(w => new TensorBytes(w.Name, "F32", w.Shape.Select(d => (long)d).ToArray(),
            ToBytes((w.Trainable ? model.Parameters : model.State).Slice(w.Offset, w.Length))))
        .ToList();

    /// <summary>A safetensors file: 8-byte length, the JSON header (offsets computed from the data), the data.</summary>
    public static byte[] Build(IReadOnlyDictionary<string, string> metadata, IEnumerable<TensorBytes> tensors)
    {
        var json = new MemoryStream();
        var data = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) w.WriteString(key, value);
            w.WriteEndObject();
            foreach (var t in tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", t.DType);
                w.WriteStartArray("shape");
                foreach (long d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(data.Length);
                w.WriteNumberValue(data.Length + t.Data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                data.Write(t.Data);
            }
            w.WriteEndObject();
        }
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.ToArray().CopyTo(file, 8);
        data.ToArray().CopyTo(file, 8 + json.Length);
        return file;
    }

    public static Dictionary<string, string> Metadata(Model model) => new()
    {
        ["format"] = "gennet",
        ["model"] = model.Info.Name,
        ["fingerprint"] = model.Info.Fingerprint,
    };

    private static byte[] ToBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
