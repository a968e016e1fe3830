using System.IO.Compression;
using GenNet.Serialization.Hdf5;
using GenNet.Tests.Support;

namespace GenNet.Tests.Serialization.Keras;

// tests/keras/bidirectional.keras and legacy_bidirectional.h5 (benchmarks/reference/keras_import_fixtures.py):
// (5, 3) → Bidirectional(LSTM(4, return_sequences)) → Bidirectional(GRU(3), merge_mode="sum") → Dense(2).
[Sequential(5, 3)]
[Bidirectional]
[LSTM(4, ReturnSequences = true)]
[Bidirectional(MergeMode = "sum")]
[GRU(3)]
[Dense(2)]
public partial class KerasBidirectionalStack { }

// The same without the first wrapper: the file's Bidirectional must not load into a plain LSTM.
[Sequential(5, 3)]
[LSTM(8, ReturnSequences = true)]
[Bidirectional(MergeMode = "sum")]
[GRU(3)]
[Dense(2)]
public partial class KerasBidirectionalUnwrapped { }

/// <summary>
/// LoadKeras with Bidirectional layers: Keras 3 keeps the wrapped layers' variables under
/// <c>layers/bidirectional/forward_layer/cell/vars/0..2</c> and <c>…/backward_layer/cell/vars/0..2</c>, a legacy .h5 lists
/// them as <c>bidirectional/forward_lstm/lstm_cell/kernel</c>, …; GenNet's halves are <c>bidirectional.forward_lstm</c>
/// and <c>bidirectional.backward_lstm</c>, forward first.
/// </summary>
public class KerasBidirectionalLoadTests
{
    private static string Fixture(string name) => Path.Combine(RepositoryRoot.Path, "tests", "keras", name);

    [Fact]
    public void KerasZip_Bidirectional_EachHalfGetsItsOwnVariables()
    {
        var model = new KerasBidirectionalStack();
        model.LoadKeras(Fixture("bidirectional.keras"));

        // The file's variables read by path with the HDF5 reader alone, against the weights GenNet names.
        using var zip = ZipFile.OpenRead(Fixture("bidirectional.keras"));
        using var entry = new MemoryStream();
        using (var s = zip.GetEntry("model.weights.h5")!.Open()) s.CopyTo(entry);
        var h5 = Hdf5File.Open(entry.ToArray(), "model.weights.h5");
        var expected = new Dictionary<string, string>
        {
            ["bidirectional.forward_lstm.kernel"] = "layers/bidirectional/forward_layer/cell/vars/0",
            ["bidirectional.forward_lstm.recurrent_kernel"] = "layers/bidirectional/forward_layer/cell/vars/1",
            ["bidirectional.forward_lstm.bias"] = "layers/bidirectional/forward_layer/cell/vars/2",
            ["bidirectional.backward_lstm.kernel"] = "layers/bidirectional/backward_layer/cell/vars/0",
            ["bidirectional.backward_lstm.recurrent_kernel"] = "layers/bidirectional/backward_layer/cell/vars/1",
            ["bidirectional.backward_lstm.bias"] = "layers/bidirectional/backward_layer/cell/vars/2",
            ["bidirectional_1.forward_gru.kernel"] = "layers/bidirectional_1/forward_layer/cell/vars/0",
            ["bidirectional_1.forward_gru.recurrent_kernel"] = "layers/bidirectional_1/forward_layer/cell/vars/1",
            ["bidirectional_1.forward_gru.bias"] = "layers/bidirectional_1/forward_layer/cell/vars/2",
            ["bidirectional_1.backward_gru.kernel"] = "layers/bidirectional_1/backward_layer/cell/vars/0",
            ["bidirectional_1.backward_gru.recurrent_kernel"] = "layers/bidirectional_1/backward_layer/cell/vars/1",
            ["bidirectional_1.backward_gru.bias"] = "layers/bidirectional_1/backward_layer/cell/vars/2",
            ["dense.kernel"] = "layers/dense/vars/0",
            ["dense.bias"] = "layers/dense/vars/1",
        };
        Assert.Equal(expected.Keys.Order(), model.Info.Weights.Select(w => w.Name).Order());
        foreach (WeightInfo w in model.Info.Weights)
        {
            float[] file = h5.Find(expected[w.Name])!.Dataset().ReadFloats();
            Assert.True(file.AsSpan().SequenceEqual(model.Parameters.Slice(w.Offset, w.Length)), $"{w.Name} is not {expected[w.Name]}");
        }
    }

    [Fact]
    public void LegacyH5_Bidirectional_LoadsTheSameWeightsAsTheKerasZip()
    {
        var zip = new KerasBidirectionalStack();
        zip.LoadKeras(Fixture("bidirectional.keras"));
        var legacy = new KerasBidirectionalStack(seed: 9);
        legacy.LoadKeras(Fixture("legacy_bidirectional.h5"));
        Assert.Equal(zip.Parameters.ToArray(), legacy.Parameters.ToArray());
        float[] x = Enumerable.Range(0, 4 * 15).Select(i => (float)Math.Sin(0.3 * i)).ToArray();
        Assert.Equal(zip.Predict(x, batchSize: 4), legacy.Predict(x, batchSize: 4));
    }

    [Fact]
    public void Bidirectional_IntoAPlainLstm_NamesTheLayer_LoadsNothing()
    {
        var model = new KerasBidirectionalUnwrapped();
        float[] before = model.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => model.LoadKeras(Fixture("bidirectional.keras")));
        Assert.Contains("layer 'lstm' is LSTM but the file's layer 0 ('bidirectional') is Bidirectional", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }
}
