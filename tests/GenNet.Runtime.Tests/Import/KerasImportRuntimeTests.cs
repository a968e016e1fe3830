#if GENNET_SHARED_KERAS
using System.Text.Json;
using GenNet.Serialization.Keras;
using GenNet.Tests.Serialization.Keras;
using GenNet.Tests.Support;

namespace GenNet.Tests.Import;

/// <summary>The MNIST CNN Keras 3.13 saved as legacy .h5, compiled in by [KerasModel] through GenNet.targets (../shared/keras-files).</summary>
/// <remarks>Its first Conv2D's L2(0.001) kernel regularizer is imported as <c>KernelRegularizer = "L2(l2=0.001)"</c>.</remarks>
[KerasModel("mnist_cnn_legacy.h5")]
public partial class ImportedKerasMnistCnn { }

/// <summary>The stock-price LSTM regressor Keras 3.4 saved as .keras, compiled in by [KerasModel].</summary>
[KerasModel("stock_lstm.keras")]
public partial class ImportedKerasStockLstm { }

/// <summary>
/// Models compiled at build time from the two real Keras files, as a user's project compiles them: against the float64
/// references of their weights, against the same layers declared by hand and loaded with LoadKeras, and what every model
/// owes (no allocations, 1 and 2 threads bit-identical, its ONNX export run by ONNX Runtime).
/// </summary>
public class KerasImportRuntimeTests
{
    private static string KerasFiles => Path.Combine(RepositoryRoot.SharedFolder!, "keras-files");

    [SharedFolderFact]
    public void MnistCnn_Imported_PredictsWhatKerasCnnReferenceComputed()
    {
        // benchmarks/reference/keras_cnn_reference.py: h5py + NumPy float64 forward of the file's weights.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "tests", "GenNet.Runtime.Tests", "Serialization", "Keras", "keras_cnn_reference.json")));
        var inputs = doc.RootElement.GetProperty("inputs").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var model = ImportedKerasMnistCnn.CreateTrained();
        var y = new float[10];
        for (int s = 0; s < outputs.Length; s++)
        {
            model.Predict(inputs.AsSpan(s * 784, 784), y);
            for (int k = 0; k < 10; k++) Assert.True(Math.Abs(y[k] - outputs[s][k]) < 1e-5, $"sample {s} class {k}: {y[k]} vs {outputs[s][k]}");
        }
    }

    [SharedFolderFact]
    public void MnistCnn_Imported_EqualsTheHandDeclarationLoadedAtRunTime()
    {
        var imported = ImportedKerasMnistCnn.CreateTrained();
        var hand = new KerasMnistCnn();
        hand.LoadKeras(Path.Combine(KerasFiles, "mnist_cnn_legacy.h5"));
        Assert.Equal(hand.Parameters.ToArray(), imported.Parameters.ToArray());
        float[] x = Random(8 * 784, seed: 2, low: 0);
        Assert.Equal(hand.Predict(x, batchSize: 8), imported.Predict(x, batchSize: 8));
    }

    [SharedFolderFact]
    public void MnistCnn_Imported_CarriesTheFilesL2_TrainingLossIsDataLossPlusPenalty()
    {
        var imported = ImportedKerasMnistCnn.CreateTrained();
        WeightInfo kernel = imported.Info.Weights.Single(w => w.Name == "conv2d.kernel");
        Assert.Equal(new WeightRegularizer(0f, 0.001f), kernel.Regularizer);
        Assert.All(imported.Info.Weights.Where(w => w.Name != "conv2d.kernel"), w => Assert.Null(w.Regularizer));
        Assert.All(imported.Info.Weights, w => Assert.Null(w.Constraint));

        // The twin: the same layers declared by hand without the regularizer, the same weights from the file.
        var plain = new KerasMnistCnn();
        plain.LoadKeras(Path.Combine(KerasFiles, "mnist_cnn_legacy.h5"));
        Assert.Null(plain.Info.Weights.Single(w => w.Name == "conv2d.kernel").Regularizer);
        double penalty = 0;
        foreach (float w in imported.Parameters.Slice(kernel.Offset, kernel.Length)) penalty += 0.001f * ((double)w * w);
        Assert.True(penalty > 1e-4, $"penalty {penalty}");

        float[] x = Random(16 * 784, seed: 3, low: 0);
        var y = new float[16 * 10];
        for (int i = 0; i < 16; i++) y[i * 10 + i % 10] = 1;
        imported.Compile(Loss.CategoricalCrossentropy, new SGD(0.01));
        plain.Compile(Loss.CategoricalCrossentropy, new SGD(0.01));
        Assert.Equal(plain.Evaluate(x, y, verbose: 0).Loss + penalty, imported.Evaluate(x, y, verbose: 0).Loss, 1e-5);
        double plainLoss = plain.TrainOnBatch(x, y);
        double importedLoss = imported.TrainOnBatch(x, y);
        Assert.Equal(plainLoss + penalty, importedLoss, 1e-5);
    }

    [SharedFolderFact]
    public void StockLstm_Imported_PredictsAFloat64Reference()
    {
        var model = ImportedKerasStockLstm.CreateTrained();
        var layers = KerasFile.Read(Path.Combine(KerasFiles, "stock_lstm.keras"), []);
        const int samples = 8;
        float[] x = KerasLstmLoadTests.Inputs(samples);
        var y = new float[samples];
        model.Predict(x, y);
        double[] want = StockLstmReference.Forward(layers, x, samples);
        for (int s = 0; s < samples; s++) Assert.True(Math.Abs(y[s] - want[s]) < 1e-5, $"sample {s}: {y[s]} vs float64 {want[s]}");
    }

    public static TheoryData<string> Files => new() { "mnist_cnn_legacy.h5", "stock_lstm.keras" };

    private static Model Create(string file) => file == "stock_lstm.keras" ? ImportedKerasStockLstm.CreateTrained() : ImportedKerasMnistCnn.CreateTrained();

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_PredictsWithoutAllocating_AndThreadCountsAgree(string file)
    {
        if (RepositoryRoot.SharedFolder is null) return;
        Model model = Create(file);
        float[] x = Random(model.Info.InputSize, seed: 4, low: 0);
        var y = new float[model.Info.OutputSize];
        Allocations.AssertNoneAfterWarmUp(() => model.Predict(x, y));

        float[] batch = Random(32 * model.Info.InputSize, seed: 5, low: 0);
        Model one = Create(file), two = Create(file);
        one.Threads = 1;
        two.Threads = 2;
        Assert.Equal(one.Predict(batch, batchSize: 32), two.Predict(batch, batchSize: 32));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_SavedAndLoadedIntoAFreshModel_PredictsBitIdentically(string file)
    {
        if (RepositoryRoot.SharedFolder is null) return;
        Model model = Create(file);
        SavedWeights.AssertReloadBitIdentical(model, Random(8 * model.Info.InputSize, seed: 12, low: 0), batch: 8);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Imported_ExportsOnnx_WhichOrtRunsToTheSameOutputs(string file)
    {
        if (RepositoryRoot.SharedFolder is null) return;
        Model model = Create(file);
        using var stream = new MemoryStream();
        model.SaveOnnx(stream);
        const int batch = 4;
        float[] x = Random(batch * model.Info.InputSize, seed: 6, low: 0);
        float[] expected = model.Predict(x, batchSize: batch);
        float[] exported = GenNet.Tests.Onnx.OnnxExportTests.RunOnnx(stream.ToArray(), model.Info, x, batch);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - exported[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"{file} value {i}: {expected[i]} vs ORT {exported[i]}");
    }

    private static float[] Random(int count, int seed, double low)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++) x[i] = (float)(low + random.NextDouble() * (1 - low));
        return x;
    }
}
#endif
