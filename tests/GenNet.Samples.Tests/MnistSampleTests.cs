using Tutorials.MnistMlp;

namespace GenNet.Samples.Tests;

/// <summary>
/// The MNIST tutorials on real data (installed by scripts/install-data.sh), with fewer epochs than the samples run
/// so CI stays short; the full runs' figures are in the issue notes.
/// </summary>
public class MnistSampleTests
{
    [Fact]
    public void MnistMlp_Digits_FifteenEpochs_ReachesNinetyFivePercent()
    {
        double accuracy = MnistMlpSample.Run(new StringWriter(), new MnistMlpSample.Options("digits", Epochs: 15));
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy}");
    }

    [Fact]
    public void MnistMlp_FashionMnist_OneEpoch_ReachesEightyPercent()
    {
        // SGD at learning rate 0.5 swings in the first epochs (0.83 after one, 0.88 after fifty in a full run).
        double accuracy = MnistMlpSample.Run(new StringWriter(), new MnistMlpSample.Options("fashion", Epochs: 1));
        Assert.True(accuracy >= 0.80, $"test accuracy {accuracy}");
    }

    [Fact]
    public void MnistMlp_Options_RejectUnknownValues()
    {
        Assert.Equal(new MnistMlpSample.Options("digits", 7), MnistMlpSample.Options.Parse(["--dataset", "digits", "--epochs", "7"]));
        Assert.Throws<ArgumentException>(() => MnistMlpSample.Options.Parse(["--dataset", "cifar"]));
        Assert.Throws<ArgumentException>(() => MnistMlpSample.Options.Parse(["--epochs", "0"]));
    }
}
