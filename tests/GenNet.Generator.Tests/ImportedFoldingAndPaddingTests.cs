using System.Reflection;
using System.Text.Json;
using GenNet.Generator.Tests.Support;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Tests;

/// <summary>
/// What import6 added to the importers: a Conv → BatchNormalization chain read from a file is folded at inference by the
/// generator's BatchNormFolding pass as a hand declaration's is (checked on the generated code: one FoldInference per
/// normalization, which disappears if the pass is off); ZeroPadding1D and grouped Conv1D read from Keras and ONNX files;
/// each against an independent reference (the NumPy float64 forward of keras_import_fixtures.py, torch's outputs).
/// </summary>
public class ImportedFoldingAndPaddingTests
{
    private static string Folder(string file) => file.EndsWith(".onnx", StringComparison.Ordinal) ? "onnx" : "keras";

    private static (GeneratorRunResult Result, Compilation Output) Import(string file)
    {
        string attribute = file.EndsWith(".onnx", StringComparison.Ordinal) ? "OnnxModel" : "KerasModel";
        string source = $$"""
            namespace Import;
            [GenNet.{{attribute}}("{{file}}")]
            public partial class Imported { }
            """;
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, Folder(file), file));
        return WeightFiles.Generate(new[] { source }, InMemoryAdditionalText.Encoded(file, bytes));
    }

    private static Model CreateTrained(Assembly assembly) =>
        (Model)assembly.GetType("Import.Imported", throwOnError: true)!.GetMethod("CreateTrained")!.Invoke(null, new object[] { 0 })!;

    private static string Remarks(GeneratorRunResult result)
    {
        Assert.Empty(result.Diagnostics);
        return result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs", StringComparison.Ordinal)).SourceText.ToString();
    }

    /// <summary>Every generated file but the remarks and the weights: the model's code.</summary>
    private static string Code(GeneratorRunResult result) => string.Concat(result.GeneratedSources
        .Where(s => !s.HintName.EndsWith(".Import.g.cs", StringComparison.Ordinal) && !s.HintName.Contains("EmbeddedWeights"))
        .Select(s => s.SourceText.ToString()));

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [Theory]
    [InlineData("bn_kept_torch.onnx")]
    [InlineData("bn_fold.keras")]
    public void ImportedConvBatchNormChains_AreFoldedAtInference(string file)
    {
        var (result, output) = Import(file);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        // Both files keep three BatchNormalization layers, each right after a convolution without an activation.
        Assert.Equal(3, Count(Remarks(result), "/// [BatchNormalization"));
        string code = Code(result);
        Assert.Equal(3, Count(code, "BatchNormalizationKernel.FoldInference("));
        Assert.Equal(3, Count(code, "// inference: conv2d"));
        Assert.True(Count(code, ".ForwardFolded") >= 3);
    }

    [Fact]
    public void BnKeptExport_KeepsItsBatchNormalizationNodes_AsTheRemarksShow()
    {
        string remarks = Remarks(Import("bn_kept_torch.onnx").Result);
        Assert.Contains("/// [Conv2D(16, 3, Padding = \"same\")]", remarks);
        Assert.Contains("/// [Conv2D(32, 3, Padding = \"same\", UseBias = false)]", remarks);
        Assert.Contains("/// [BatchNormalization(Momentum = 0.9, Epsilon = 1E-05)]", remarks);
    }

    [Theory]
    [InlineData("bn_fold.keras")]
    [InlineData("sequence_pad.keras")]
    public void KerasFixture_Imported_PredictsTheNumPyFloat64Forward(string file)
    {
        var (result, output) = Import(file);
        Assert.Empty(result.Diagnostics);
        Model model = CreateTrained(WeightFiles.Load(output));
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "keras", "import6_expected.json")));
        JsonElement expected = document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file);
        float[] x = expected.GetProperty("x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        double[] y = expected.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        int samples = y.Length / expected.GetProperty("output_size").GetInt32();
        float[] predicted = model.Predict(x, batchSize: samples);
        Assert.Equal(y.Length, predicted.Length);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(predicted[i] - y[i]) <= 1e-5 + 1e-5 * Math.Abs(y[i]), $"{file} value {i}: GenNet {predicted[i]}, NumPy {y[i]}");
    }

    [Fact]
    public void SequencePadFixture_MapsZeroPadding1DAndGroupedConv1D()
    {
        string remarks = Remarks(Import("sequence_pad.keras").Result);
        Assert.Contains("/// [ZeroPadding1D(2, 1)]", remarks);
        Assert.Contains("/// [Conv1D(6, 3, Groups = 2, Activation = \"relu\")]", remarks);
        Assert.Contains("/// [ZeroPadding1D(1)]", remarks);
        Assert.Contains("/// [Conv1D(3, 3, Padding = \"same\", Groups = 3)]", remarks);
    }

    [Fact]
    public void OnnxOneDimensionalPadsAndGroups_AreZeroPadding1DAndGroupedConv1D()
    {
        string padded = Remarks(Import("conv1d_pad_torch.onnx").Result);
        Assert.Contains("/// [ZeroPadding1D(2)]", padded);                 // Conv1d(padding=2), kernel 3: not Keras' 'same'
        Assert.Contains("/// [Conv1D(8, 3, Activation = \"relu\")]", padded);
        Assert.Contains("/// [ZeroPadding1D(1, 2)]", padded);              // F.pad(x, (1, 2)): an ONNX Pad
        Assert.Contains("/// [Conv1D(8, 3, Strides = 2, Activation = \"tanh\")]", padded);

        string grouped = Remarks(Import("conv1d_groups_torch.onnx").Result);
        Assert.Contains("/// [Conv1D(8, 3, Padding = \"same\", Groups = 2, Activation = \"relu\")]", grouped);
        Assert.Contains("/// [Conv1D(8, 5, Padding = \"same\", Groups = 8, Activation = \"relu\")]", grouped);   // relu6: Relu, then Clip(0, 6)

        // The two exports import5 had to refuse: stride 2 with pads [1, 1] on 16 steps, and groups = 2.
        Assert.Contains("/// [ZeroPadding1D(1)]", Remarks(Import("bad_conv1d_pads.onnx").Result));
        Assert.Contains("/// [Conv1D(4, 3, Groups = 2)]", Remarks(Import("bad_conv1d_groups.onnx").Result));
    }
}
