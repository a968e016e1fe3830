using Tutorials.Functional;

namespace GenNet.Samples.Tests;

/// <summary>The Functional sample's --multi model: two inputs, a shared encoder, two outputs with their own losses.</summary>
public class MultiOutputSampleTests
{
    [Fact]
    public void MirroredPairModel_OneEpoch_LearnsBothOutputs_AndPrintsTheGraph()
    {
        var output = new StringWriter();
        var (item, footwear) = MultiOutputSample.Run(output, epochs: 1, verbose: 0);
        Assert.True(item >= 0.80, $"item accuracy after one epoch {item}");
        Assert.True(footwear >= 0.95, $"footwear accuracy after one epoch {footwear}");
        string text = output.ToString();
        Assert.Contains("image (InputLayer)", text);
        Assert.Contains("│ mirrored ", text); // the name column wraps "(InputLayer)" to the next line
        Assert.Contains("encoder[1][0]", text);
    }
}
