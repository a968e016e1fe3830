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

    [SharedKerasFact]
    public void LegacyH5_MnistCnn_Imported_PredictsTheFloat64Reference()
    {
        var (result, output) = Import("mnist_cnn_legacy.h5", Shared("mnist_cnn_legacy.h5"));
        // The file's first Conv2D carries an L2 kernel regularizer: dropped, with its warning.
        Diagnostic warning = Assert.Single(result.Diagnostics);
        Assert.Equal("GN0430", warning.Id);
        Assert.Contains("kernel_regularizer", warning.GetMessage());
        Assert.Contains("'conv2d'", warning.GetMessage());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string remarks = Remarks(result);
        Assert.Contains("[Sequential(28, 28, 1)]", remarks);
        Assert.Contains("[Conv2D(32, 3, Activation = \"relu\")]", remarks);
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
