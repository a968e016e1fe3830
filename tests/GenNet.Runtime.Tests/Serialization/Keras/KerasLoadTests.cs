using System.Text.Json;
using GenNet.Serialization.Hdf5;
using GenNet.Serialization.Keras;
using GenNet.Tests.Support;

namespace GenNet.Tests.Serialization.Keras;

// The CNN of ../shared/keras-files/mnist_cnn_legacy.h5, declared as that file's model_config says.
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Act.Relu)]
[Dropout(0.4)]
[Dense(10, Activation = Act.Softmax)]
public partial class KerasMnistCnn { }

// The same with a different Dense width: the file must not load.
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation = Act.Relu)]
[Dropout(0.4)]
[Dense(10, Activation = Act.Softmax)]
public partial class KerasMnistCnnNarrow { }

// The same with tanh on the first convolution.
[Sequential(28, 28, 1)]
[Conv2D(32, 3, Activation = Act.Tanh)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Act.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Act.Relu)]
[Dropout(0.4)]
[Dense(10, Activation = Act.Softmax)]
public partial class KerasMnistCnnTanh { }

public class KerasLoadTests
{
    private static string KerasFiles => Path.Combine(RepositoryRoot.SharedFolder!, "keras-files");

    private static string Cnn => Path.Combine(KerasFiles, "mnist_cnn_legacy.h5");

    private static string Lstm => Path.Combine(KerasFiles, "stock_lstm.keras");

    [SharedFolderFact]
    public void LegacyH5_LoadedCnn_MatchesIndependentFloat64ForwardPass()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "tests", "GenNet.Runtime.Tests", "Serialization", "Keras", "keras_cnn_reference.json")));
        var inputs = doc.RootElement.GetProperty("inputs").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var outputs = doc.RootElement.GetProperty("outputs").EnumerateArray().Select(o => o.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var model = new KerasMnistCnn();
        model.LoadKeras(Cnn);
        var y = new float[10];
        for (int s = 0; s < outputs.Length; s++)
        {
            model.Predict(inputs.AsSpan(s * 784, 784), y);
            for (int k = 0; k < 10; k++) Assert.True(Math.Abs(y[k] - outputs[s][k]) < 1e-5, $"sample {s} class {k}: {y[k]} vs {outputs[s][k]}");
        }
    }

    [SharedFolderFact]
    public void LegacyH5_ConfigLayers_AreTheDeclaredCnn()
    {
        var layers = KerasFile.Read(Cnn, []);
        Assert.Equal(["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dropout", "Dense"], layers.Select(l => l.ClassName!));
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense", "dropout", "dense_1"], layers.Select(l => l.Name));
        Assert.Equal("softmax", layers[^1].Activation);
        Assert.Equal([1600, 128], layers[5].Weights[0].Shape);
        Assert.Equal("/model_weights/conv2d/sequential/conv2d/kernel", layers[0].Weights[0].Path);
    }

    [SharedFolderFact]
    public void LegacyH5_WrongDenseWidth_NamesTheLayerAndShapes_LoadsNothing()
    {
        var model = new KerasMnistCnnNarrow();
        var before = model.Parameters.ToArray();
        var e = Assert.Throws<InvalidDataException>(() => model.LoadKeras(Cnn));
        Assert.Contains("layer 'dense'", e.Message);
        Assert.Contains("(1600, 64)", e.Message);
        Assert.Contains("(1600, 128)", e.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [SharedFolderFact]
    public void LegacyH5_WrongActivation_IsReported()
    {
        var e = Assert.Throws<InvalidDataException>(() => new KerasMnistCnnTanh().LoadKeras(Cnn));
        Assert.Contains("layer 'conv2d'", e.Message);
        Assert.Contains("tanh", e.Message);
        Assert.Contains("relu", e.Message);
    }

    [SharedFolderFact]
    public void KerasZip_LstmFile_LayersAndWeightsRead()
    {
        var layers = KerasFile.Read(Lstm, []);
        Assert.Equal(["LSTM", "Dropout", "LSTM", "Dense"], layers.Select(l => l.ClassName!));
        Assert.Equal(["lstm", "dropout", "lstm_1", "dense"], layers.Select(l => l.Name));
        Assert.Equal([[6, 400], [100, 400], [400]], layers[0].Weights.Select(w => w.Shape));
        Assert.Equal([[100, 256], [64, 256], [256]], layers[2].Weights.Select(w => w.Shape));
        Assert.Equal([[64, 1], [1]], layers[3].Weights.Select(w => w.Shape));
        Assert.Equal("relu", layers[3].Activation);
        Assert.Equal("/layers/lstm/cell/vars/0", layers[0].Weights[0].Path);
        Assert.Empty(layers[1].Weights);
    }

    [SharedFolderFact]
    public void KerasZip_IntoTheCnn_ReportsTheFirstLayerMismatch()
    {
        var e = Assert.Throws<InvalidDataException>(() => new KerasMnistCnn().LoadKeras(Lstm));
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("LSTM", e.Message);
    }

    [Fact]
    public void SnakeCaseKeys_FollowKeras()
    {
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "lstm", "lstm_1", "batch_normalization", "global_average_pooling2d"],
            KerasFile.Keys(["Conv2D", "MaxPooling2D", "Conv2D", "LSTM", "LSTM", "BatchNormalization", "GlobalAveragePooling2D"]));
    }
}
