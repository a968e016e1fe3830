using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[LSTM(4, GoBackwards = true)]
public partial class MaskedLstmBackwardsLast { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[GRU(3, UseBias = false, ReturnSequences = true, GoBackwards = true)]
public partial class MaskedGruNoBiasBackwardsSequences { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Bidirectional(MergeMode = "ave")]
[SimpleRNN(2, ReturnSequences = true)]
public partial class MaskedBidirectionalAverageSequences { }

[Sequential(6)]
[Embedding(5, 3, MaskZero = true)]
[Bidirectional(MergeMode = "mul")]
[LSTM(3)]
public partial class MaskedBidirectionalProductLast { }

/// <summary>
/// SaveOnnx of masked recurrent layers (Embedding(MaskZero) before them): the export moves each sample's kept steps first
/// and runs ONNX's operator with <c>sequence_lens</c> (RecurrentOnnxMask), which is exact for zeros anywhere, so ONNX
/// Runtime must match Predict within 1e-5 on ids with leading, inner and trailing padding, an all-padding row and none.
/// </summary>
public class MaskedOnnxExportTests
{
    public static TheoryData<string> Models => new()
    {
        nameof(MaskedLstm), nameof(MaskedGruSequences), nameof(MaskedSimpleRnnBackwards), nameof(MaskedBidirectionalSequences),
        nameof(MaskedBidirectionalLast), nameof(MaskedStack), nameof(MaskedDropoutLstm), nameof(MaskedThenFlatten),
        nameof(MaskedLstmStatesModel), nameof(MaskedLstmBackwardsLast), nameof(MaskedGruNoBiasBackwardsSequences),
        nameof(MaskedBidirectionalAverageSequences), nameof(MaskedBidirectionalProductLast),
    };

    private static Model Create(string name) => name switch
    {
        nameof(MaskedLstm) => new MaskedLstm(1),
        nameof(MaskedGruSequences) => new MaskedGruSequences(2),
        nameof(MaskedSimpleRnnBackwards) => new MaskedSimpleRnnBackwards(3),
        nameof(MaskedBidirectionalSequences) => new MaskedBidirectionalSequences(4),
        nameof(MaskedBidirectionalLast) => new MaskedBidirectionalLast(5),
        nameof(MaskedStack) => new MaskedStack(6),
        nameof(MaskedDropoutLstm) => new MaskedDropoutLstm(7),
        nameof(MaskedThenFlatten) => new MaskedThenFlatten(8),
        nameof(MaskedLstmStatesModel) => new MaskedLstmStatesModel(9),
        nameof(MaskedLstmBackwardsLast) => new MaskedLstmBackwardsLast(10),
        nameof(MaskedGruNoBiasBackwardsSequences) => new MaskedGruNoBiasBackwardsSequences(11),
        nameof(MaskedBidirectionalAverageSequences) => new MaskedBidirectionalAverageSequences(12),
        nameof(MaskedBidirectionalProductLast) => new MaskedBidirectionalProductLast(13),
        _ => throw new ArgumentException(name),
    };

    /// <summary>MaskingTests' five rows (padding leading, trailing, inside, everywhere, nowhere), then random ids, a third of them 0.</summary>
    private static float[] Ids(int rows, ulong seed)
    {
        var ids = new float[rows * 6];
        MaskingTests.s_ids.CopyTo(ids, 0);
        var rng = new Rng(seed);
        for (int i = MaskingTests.s_ids.Length; i < ids.Length; i++) ids[i] = rng.NextSingle() < 0.33f ? 0 : 1 + (int)(rng.NextSingle() * 4);
        return ids;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntime_MatchesPredict_WithPaddingAnywhere(string name)
    {
        Model model = Create(name);
        Onnx.OnnxExportTests.Randomize(model, new Random(name.Length));
        const int batch = 40;
        float[] ids = Ids(batch, (ulong)name.Length);
        float[][] outputs = Onnx.OnnxOutputsCheck.AssertEveryOutputMatchesPredict(model, ids, batch, name);
        Assert.All(outputs, values => Assert.Contains(values, v => v != 0));
    }

    [Fact]
    public void MaskedExport_RunsTheOperatorWithSequenceLens()
    {
        // The graph carries the kept-steps-first form: TopK, GatherElements, and the operator reads a sequence_lens.
        byte[] onnx = new MaskedBidirectionalLast(1).ToOnnx();
        string text = System.Text.Encoding.UTF8.GetString(onnx);
        Assert.Contains("TopK", text);
        Assert.Contains("GatherElements", text);
        Assert.Contains("sequence_lens", text);
        // Without MaskZero none of it is written.
        string plain = System.Text.Encoding.UTF8.GetString(new UnmaskedLstm(1).ToOnnx());
        Assert.DoesNotContain("TopK", plain);
    }
}
