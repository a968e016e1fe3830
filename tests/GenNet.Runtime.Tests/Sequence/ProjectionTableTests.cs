using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

[Sequential(12)]
[Embedding(40, 8)]
[LSTM(16)]
[Dense(2)]
public partial class TableLstm { }

[Sequential(12)]
[Embedding(40, 8, MaskZero = true)]
[Bidirectional]
[LSTM(16)]
[Dense(1, Activation = Act.Sigmoid)]
public partial class TableMaskedBidirectional { }

[Sequential(12)]
[Embedding(40, 8, MaskZero = true)]
[GRU(16, ReturnSequences = true)]
[GlobalAveragePooling1D]
public partial class TableMaskedGru { }

// Not the fused steps: the table rows are gathered into the gate rows, then the general loop runs.
[Sequential(12)]
[Embedding(40, 8)]
[GRU(6, ResetAfter = false)]
public partial class TableGruResetBefore { }

[Sequential(12)]
[Embedding(40, 8, MaskZero = true)]
[LSTM(5, Activation = "relu")]
public partial class TableReluLstm { }

/// <summary>
/// Inference reads an Embedding → LSTM/GRU input projection from a table built from the current weights
/// (Model.ProjectionTables): Predict must equal the training forward (which never reads tables) bit for bit, after every
/// kind of weight write, without allocating, on any thread count.
/// </summary>
public class ProjectionTableTests
{
    public static TheoryData<string> Models => new() { nameof(TableLstm), nameof(TableMaskedBidirectional), nameof(TableMaskedGru), nameof(TableGruResetBefore), nameof(TableReluLstm) };

    private static Model Create(string name, int seed) => name switch
    {
        nameof(TableLstm) => new TableLstm(seed),
        nameof(TableMaskedBidirectional) => new TableMaskedBidirectional(seed),
        nameof(TableMaskedGru) => new TableMaskedGru(seed),
        nameof(TableGruResetBefore) => new TableGruResetBefore(seed),
        _ => new TableReluLstm(seed),
    };

    /// <summary>Ids with padding at the end (as TextVectorization pads) and zeros in the middle.</summary>
    private static float[] Ids(int rows, int seed)
    {
        var rng = new Rng((ulong)seed);
        var ids = new float[rows * 12];
        for (int r = 0; r < rows; r++)
        {
            int length = 3 + r % 10;
            for (int p = 0; p < length; p++) ids[r * 12 + p] = rng.NextSingle() < 0.15f ? 0f : 1 + (int)(rng.NextSingle() * 38.99f);
        }
        return ids;
    }

    /// <summary>The training forward's output: the layers' own projections, never a table.</summary>
    private static float[] Reference(Model model, float[] x)
    {
        int batch = x.Length / model.Info.InputSize;
        var activations = new float[batch * model.Info.ActivationsPerSample];
        model.RunForward(x, activations, new float[model.Info.ScratchSize], batch, training: true, random: null);
        return activations.AsSpan(model.Info.OutputOffset * batch, batch * model.Info.OutputSize).ToArray();
    }

    private static float[] Predict(Model model, float[] x)
    {
        var y = new float[x.Length / model.Info.InputSize * model.Info.OutputSize];
        model.Predict(x, y);
        return y;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Predict_EqualsTheTrainingForward_BitForBit(string name)
    {
        Model model = Create(name, seed: 3);
        // Keras initialises the biases to zeros (and LSTM's forget slice to ones): make every bias count.
        var random = new Random(3);
        foreach (WeightInfo w in model.Info.Weights.Where(w => w.Name.EndsWith(".bias", StringComparison.Ordinal)))
            foreach (ref float v in model.Parameters.Slice(w.Offset, w.Length)) v = (float)(random.NextDouble() - 0.5);
        foreach (int rows in new[] { 1, 7, 20 })
        {
            float[] x = Ids(rows, rows);
            Assert.Equal(Reference(model, x), Predict(model, x));
        }
    }

    [Fact]
    public void Predict_AfterFit_Load_AndAWriteThroughAFreshParametersSpan_EqualsTheTrainingForward()
    {
        var model = new TableMaskedBidirectional(seed: 4);
        float[] x = Ids(20, 5), labels = Enumerable.Range(0, 20).Select(i => (float)(i % 2)).ToArray();
        float[] before = Predict(model, x);
        Assert.Equal(Reference(model, x), before);

        model.Compile(Loss.BinaryCrossentropy, new Adam(learningRate: 0.05f));
        model.Fit(x, labels, epochs: 2, batchSize: 10, verbose: 0);
        float[] trained = Predict(model, x);
        Assert.NotEqual(before, trained);
        Assert.Equal(Reference(model, x), trained);

        string path = Path.Combine(Path.GetTempPath(), $"gennet-tables-{Guid.NewGuid():N}.safetensors");
        try
        {
            new TableMaskedBidirectional(seed: 9).Save(path);
            model.Load(path);
            float[] loaded = Predict(model, x);
            Assert.NotEqual(trained, loaded);
            Assert.Equal(Reference(model, x), loaded);
            Assert.Equal(Predict(new TableMaskedBidirectional(seed: 9), x), loaded);
        }
        finally
        {
            File.Delete(path);
        }

        // A write through a span taken after the last Predict: the embeddings and the forward half's bias change.
        Span<float> parameters = model.Parameters;
        for (int i = 0; i < TableMaskedBidirectional.EmbeddingEmbeddingsLength; i++) parameters[i] *= 1.5f;
        model.BidirectionalForwardLstmBias[3] += 0.25f;
        float[] written = Predict(model, x);
        Assert.Equal(Reference(model, x), written);
    }

    [Fact]
    public void AParametersSpanWrittenAfterPredict_IsSeenOnceTheSpanIsTakenAgain()
    {
        // The documented caveat (Model.Parameters): the tables follow WeightsVersion, which a kept span's writes do not bump.
        var model = new TableLstm(seed: 6);
        float[] x = Ids(4, 6);
        Span<float> kept = model.Parameters;
        float[] first = Predict(model, x);
        long version = model.WeightsVersion;
        int id = (int)x.First(v => v != 0);
        kept[TableLstm.EmbeddingEmbeddingsOffset + id * 8] += 1f;   // the first token's vector
        Assert.Equal(version, model.WeightsVersion);
        Assert.Equal(first, Predict(model, x));                // the tables were built before the write
        _ = model.Parameters;
        Assert.NotEqual(version, model.WeightsVersion);
        float[] seen = Predict(model, x);
        Assert.NotEqual(first, seen);
        Assert.Equal(Reference(model, x), seen);
    }

    [Fact]
    public void PredictAfterEveryTrainingStep_RebuildsTheTables_WithoutAllocating()
    {
        var model = new TableMaskedBidirectional(seed: 7);
        float[] x = Ids(16, 7), labels = new float[16];
        var y = new float[16];
        model.Compile(Loss.BinaryCrossentropy, "adam");
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, y));
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            model.TrainOnBatch(x, labels);
            model.Predict(x, y);
        });
        Assert.Equal(Reference(model, x), y);
    }

    [Fact]
    public void PredictAndEvaluate_OnOneAndTwoThreads_AreBitIdentical()
    {
        float[] x = Ids(200, 8), labels = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();
        (float[] Outputs, double Loss) Run(int threads)
        {
            var model = new TableMaskedBidirectional(seed: 8) { Threads = threads };
            model.Compile(Loss.BinaryCrossentropy, "adam");
            float[] outputs = Predict(model, x);
            return (outputs, model.Evaluate(x, labels, batchSize: 100, verbose: 0).Loss);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Outputs, two.Outputs);
        Assert.Equal(one.Loss, two.Loss);
    }

    [Fact]
    public void AnIdOutsideTheVocabulary_AtInference_NamesTheEmbedding()
    {
        var model = new TableMaskedBidirectional(seed: 1);
        float[] x = Ids(2, 1);
        Predict(model, x);   // the tables are current from here on
        x[12 + 4] = 40;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Predict(model, x));
        Assert.Contains("Embedding 'embedding'", e.Message);
        Assert.Contains("position 4 of sample 1", e.Message);
        Assert.Contains("[0, 40)", e.Message);
    }
}
