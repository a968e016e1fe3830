using Tutorials.Mnist;
using Tutorials.MnistCnn;
using Tutorials.MnistPredict;

namespace GenNet.Samples.Tests;

/// <summary>
/// The Keras MNIST CNN tutorial: two epochs on Fashion-MNIST (seeds 1–3 reach 0.82–0.83 after one, 0.86 after two),
/// saved, and reused by a second program.
/// </summary>
public class MnistCnnSampleTests
{
    [Fact]
    public void MnistCnn_TwoEpochs_ReachesEightyFivePercent_AndMnistPredictReusesTheWeights()
    {
        string weights = Path.Combine(Path.GetTempPath(), $"gennet-cnn-{Guid.NewGuid():N}.safetensors");
        try
        {
            var trainOutput = new StringWriter();
            double trained = MnistCnnSample.Run(trainOutput, new MnistCnnSample.Options(Epochs: 2, Weights: weights, Verbose: 0));
            Assert.True(trained >= 0.85, $"test accuracy after two epochs {trained}");
            Assert.Contains("Total params: 56,714", trainOutput.ToString()); // before training: the tutorial's count
            Assert.True(File.Exists(weights));
            Assert.StartsWith("<svg", File.ReadAllText(Path.ChangeExtension(weights, ".history.svg"))); // the training plot

            double reused = MnistPredictSample.Run(new StringWriter(), "fashion", weights);
            Assert.Equal(trained, reused, 6);
        }
        finally
        {
            File.Delete(weights);
            File.Delete(Path.ChangeExtension(weights, ".history.svg"));
        }
    }

    [Fact]
    public void MnistCnn_ParameterCountsAreKeras()
    {
        // Computed by hand as Keras counts them: kh·kw·in·filters + filters, in·units + units.
        int conv1 = 3 * 3 * 1 * 16 + 16, conv2 = 3 * 3 * 16 * 32 + 32, dense1 = 800 * 64 + 64, dense2 = 64 * 10 + 10;
        Assert.Equal([160, 4640, 51264, 650], new[] { conv1, conv2, dense1, dense2 });
        var layers = MnistCnnModel.ModelInfo.Layers;
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense", "dropout", "dense_1"], layers.Select(l => l.Name));
        Assert.Equal([conv1, 0, conv2, 0, 0, dense1, 0, dense2], layers.Select(l => l.ParameterCount));
        Assert.Equal(MnistCnnModel.ParameterCount, conv1 + conv2 + dense1 + dense2);
    }

    [Fact]
    public void MnistPredict_CorruptWeights_ThrowsAndNamesTheFile()
    {
        string weights = Path.Combine(Path.GetTempPath(), $"gennet-bad-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(weights, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => MnistPredictSample.Run(new StringWriter(), "fashion", weights));
            Assert.Contains(weights, ex.Message);
        }
        finally
        {
            File.Delete(weights);
        }
    }
}
