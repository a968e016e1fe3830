using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// The remarks file (<c>&lt;Class&gt;.Import.g.cs</c>: the equivalent hand declaration) of every imported test model, ONNX and
/// Keras, against its baseline in Snapshots/Import/, so a change to the attribute writer shows as a diff.
/// </summary>
public class ImportRemarksSnapshotTests
{
    public static IEnumerable<object[]> OnnxFiles() =>
        new[] { "mlp_torch.onnx", "cnn_torch.onnx", "gap_torch.onnx", "padded_bn_gap_torch.onnx", "mnist_cnn_torch.onnx", "branchy_torch.onnx", "lstm_torch.onnx", "gru_torch.onnx", "rnn_torch.onnx",
            "mobile_vision_torch.onnx", "decoder_vision_torch.onnx", "bilstm_torch.onnx", "bigru_torch.onnx", "birnn_torch.onnx",
            "conv1d_torch.onnx", "conv1d_seq_torch.onnx", "conv1d_flat_torch.onnx", "conv1d_pad_torch.onnx", "conv1d_groups_torch.onnx",
            "bn_kept_torch.onnx" }.Select(f => new object[] { f });

    public static IEnumerable<object[]> KerasFiles() =>
        new[] { "vision.keras", "vision2.keras", "sequence.keras", "functional.keras", "legacy_mlp.h5", "legacy_bn.h5", "bidirectional.keras",
            "legacy_bidirectional.h5", "rules.keras", "legacy_rules.h5", "vision_latest.keras", "legacy_bn_latest.h5",
            "bn_fold.keras", "sequence_pad.keras" }.Select(f => new object[] { f });

    private static string Remarks(string attribute, string folder, string file)
    {
        string source = $$"""
            namespace Import;
            [GenNet.{{attribute}}("{{file}}")]
            public partial class Imported { }
            """;
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, folder, file));
        var (result, _) = WeightFiles.Generate(new[] { source }, InMemoryAdditionalText.Encoded(file, bytes));
        Assert.Empty(result.Diagnostics);
        return result.GeneratedSources.Single(s => s.HintName.EndsWith(".Import.g.cs")).SourceText.ToString();
    }

    [Theory]
    [MemberData(nameof(OnnxFiles))]
    public void OnnxImport_Remarks_Baseline(string file) =>
        Snapshot.Match(Path.Combine("Import", Path.GetFileNameWithoutExtension(file)), Remarks("OnnxModel", "onnx", file));

    [Theory]
    [MemberData(nameof(KerasFiles))]
    public void KerasImport_Remarks_Baseline(string file) =>
        Snapshot.Match(Path.Combine("Import", file.Replace('.', '_')), Remarks("KerasModel", "keras", file));
}
