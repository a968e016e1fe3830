using Tutorials.ImportKeras;

namespace GenNet.Samples.Tests;

/// <summary>
/// A test of the ImportKeras sample: skipped, with the reason, when the sample was built without
/// ../shared/keras-files/mnist_cnn_legacy.h5 (a clone on its own).
/// </summary>
public sealed class KerasFileFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the Keras file was not there at build time.</summary>
    public KerasFileFactAttribute()
    {
        if (!ImportKerasSample.IsAvailable) Skip = ImportKerasSample.MissingFileMessage;
    }
}

/// <summary>
/// The Keras-trained MNIST CNN compiled in by [KerasModel]: equal to its hand declaration loaded with LoadKeras, 99.64% on
/// the 10,000 MNIST digits, and a short fine-tune on Fashion-MNIST with the convolutions frozen (one epoch of 6,000
/// images, seed 1: test accuracy 0.077 → 0.62, training loss 4.40 → 1.05).
/// </summary>
public class ImportKerasSampleTests
{
    [KerasFileFact]
    public void ImportKeras_ShortFineTune_MatchesLoadKeras_ClassifiesDigits_AndLearnsFashionWithFrozenConvolutions()
    {
        var output = new StringWriter();
        var result = ImportKerasSample.Run(output, new ImportKerasSample.Options(Epochs: 1, Train: 6000, Verbose: 0));
        Assert.Equal(0, result.MaxDifference);
        Assert.Equal(0.9964, result.DigitAccuracy, 4);
        Assert.True(result.FashionBefore < 0.2, $"a digit classifier on clothes: {result.FashionBefore}");
        Assert.True(result.FashionAfter > 0.55, $"Fashion-MNIST test accuracy after one short epoch {result.FashionAfter}");
        Assert.True(result.LossAfter < result.LossBefore / 2, $"training loss {result.LossBefore} → {result.LossAfter}");
        Assert.True(result.FrozenUnchanged);
        string text = output.ToString();
        Assert.Contains("Total params: 225,034", text);
        Assert.Contains("Non-trainable params: 18,816", text);   // both convolutions, frozen: 320 + 18,496
        Assert.Contains("same weights yes", text);
        Assert.EndsWith($"fashion accuracy after fine-tuning: {result.FashionAfter.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}{Environment.NewLine}", text);
    }

    [Fact]
    public void ImportKeras_Options_ReadTheCommandLine()
    {
        var options = ImportKerasSample.Options.Parse(["--epochs", "2", "--train", "500", "--keras", "x.h5", "--seed", "3"]);
        Assert.Equal(new ImportKerasSample.Options(2, 500, "x.h5", 3), options);
        Assert.Throws<ArgumentException>(() => ImportKerasSample.Options.Parse(["--epochs", "0"]));
    }
}
