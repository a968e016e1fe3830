using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// An Embedding read by LSTM/GRU layers gets projection tables (E·kernel + b by token id) for inference, laid out within
/// 64 MB per model; SimpleRNN, a layer behind another one, a reused layer and a table past the limit keep the computed
/// projection, and the Embedding's gather is skipped only when every reader reads a table.
/// </summary>
public class ProjectionTablesTests
{
    private static string Model(string layers) => GeneratorHarness.Generate($$"""
        using GenNet;

        namespace Samples;

        [Sequential(10)]
        {{layers}}
        public partial class Tables { }
        """);

    [Fact]
    public void BidirectionalLstm_GetsOneTablePerHalf_AndTheGatherIsSkippedAtInference()
    {
        string code = Model("""
            [Embedding(100, 8, MaskZero = true)]
            [Bidirectional]
            [LSTM(16)]
            [Dense(1, Activation = Act.Sigmoid)]
            """);
        Assert.Contains("public const int BidirectionalForwardLstmProjectionTableOffset = 0;", code);
        Assert.Contains("public const int BidirectionalBackwardLstmProjectionTableOffset = 6400;", code);
        Assert.Contains("protected override int ProjectionTablesLength => 12800;", code);
        Assert.Equal(2, Count(code, "ProjectionTableKernel.Build("));
        Assert.Equal(2, Count(code, "projectionTable: projectionTables.IsEmpty ? default : projectionTables.Slice("));
        Assert.Contains("global::System.ReadOnlySpan<float> projectionTables = training ? default : ProjectionTables;", code);
        Assert.Contains("if (projectionTables.IsEmpty) __GenNetKernels.EmbeddingKernel.Forward(", code);
        Assert.Contains("else __GenNetKernels.EmbeddingKernel.CheckIds(input, batch, 10, 100, \"embedding\");", code);
    }

    [Fact]
    public void GruWithResetAfter_BuildsItsTableFromTheInputBiasRow()
    {
        string code = Model("""
            [Embedding(100, 8)]
            [GRU(16)]
            """);
        // bias is [2, 48]: the input bias is the first row.
        Assert.Contains("parameters.Slice(GruBiasOffset, 48), tables.Slice(GruProjectionTableOffset, GruProjectionTableLength), 100, 8, 48);", code);
    }

    [Fact]
    public void SimpleRnnAndALayerAfterAnother_KeepTheComputedProjection()
    {
        string code = Model("""
            [Embedding(100, 8)]
            [SimpleRNN(8, ReturnSequences = true)]
            [LSTM(4)]
            """);
        Assert.DoesNotContain("ProjectionTable", code);
        Assert.DoesNotContain("projectionTables", code);
    }

    [Fact]
    public void ATableBeyond64MB_KeepsTheComputedProjection()
    {
        // 600,000 ids × 4·8 floats = 19.2 M floats (77 MB) > 16 M.
        string code = Model("""
            [Embedding(600000, 4)]
            [LSTM(8)]
            """);
        Assert.DoesNotContain("ProjectionTable", code);
        Assert.Contains("__GenNetKernels.EmbeddingKernel.Forward(input,", code);
        // 500,000 × 32 = 16,000,000 floats: within the limit (16 · 2²⁰).
        Assert.Contains("protected override int ProjectionTablesLength => 16000000;", Model("""
            [Embedding(500000, 4)]
            [LSTM(8)]
            """));
    }

    [Fact]
    public void AnEmbeddingWithAnotherReader_StillGathers()
    {
        string code = GeneratorHarness.Generate("""
            using GenNet;

            namespace Samples;

            [Functional(10)]
            [Embedding(100, 8)]
            [LSTM(16, Name = "recurrent")]
            [GlobalAveragePooling1D(From = "embedding", Name = "pooled")]
            [Concatenate("recurrent", "pooled")]
            public partial class TwoReaders { }
            """);
        Assert.Contains("RecurrentProjectionTableOffset", code);
        Assert.DoesNotContain("EmbeddingKernel.CheckIds", code);
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
