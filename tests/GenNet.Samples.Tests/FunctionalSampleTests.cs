using Tutorials.Functional;

namespace GenNet.Samples.Tests;

/// <summary>The Functional sample: a conv branch and a dense branch on one Fashion-MNIST image, concatenated (0.855 after one epoch, 0.88 after two).</summary>
public class FunctionalSampleTests
{
    [Fact]
    public void TwoBranchModel_OneEpoch_ReachesEightyThreePercent_AndPrintsTheGraph()
    {
        var output = new StringWriter();
        double accuracy = FunctionalSample.Run(output, epochs: 1, verbose: 0);
        Assert.True(accuracy >= 0.83, $"test accuracy after one epoch {accuracy}");
        string text = output.ToString();
        Assert.Contains("input_layer", text);
        Assert.Contains("Connected to", text);
        Assert.EndsWith("accuracy: " + accuracy.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + Environment.NewLine, text);
    }
}
