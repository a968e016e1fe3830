using Tutorials.ImportOnnx;

namespace GenNet.Samples.Tests;

/// <summary>
/// The PyTorch-trained Fashion-MNIST CNN compiled in by [OnnxModel] (samples/ImportOnnx/fashion_cnn_torch.onnx): equal to
/// ONNX Runtime on the same file for all 10,000 test images, torch's recorded test accuracy, and a short fine-tune of the
/// dense layers with the convolutions frozen.
/// </summary>
public class ImportOnnxSampleTests
{
    [Fact]
    public void ImportOnnx_ShortFineTune_MatchesOnnxRuntime_KeepsTorchsAccuracy_AndLowersTheLossWithFrozenConvolutions()
    {
        var output = new StringWriter();
        var result = ImportOnnxSample.Run(output, new ImportOnnxSample.Options(Epochs: 1, Train: 6000, Verbose: 0));
        Assert.True(result.MaxDifference <= 1e-5, $"largest |GenNet − ORT| {result.MaxDifference}");
        Assert.Equal(10_000, result.SameClass);
        Assert.Equal(result.TorchAccuracy, result.Accuracy, 4);
        Assert.True(result.LossAfter < result.LossBefore, $"training loss {result.LossBefore} → {result.LossAfter}");
        Assert.True(result.AccuracyAfter > result.Accuracy - 0.01, $"test accuracy {result.Accuracy} → {result.AccuracyAfter}");
        Assert.True(result.FrozenUnchanged);
        string text = output.ToString();
        Assert.Contains("frozen convolution weights unchanged: yes", text);
        Assert.EndsWith($"test accuracy after fine-tuning: {result.AccuracyAfter.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}{Environment.NewLine}", text);
    }

    [Fact]
    public void ImportOnnx_Options_ReadTheCommandLine()
    {
        Assert.Equal(new ImportOnnxSample.Options(3, 100, 2), ImportOnnxSample.Options.Parse(["--epochs", "3", "--train", "100", "--seed", "2"]));
        Assert.Throws<ArgumentException>(() => ImportOnnxSample.Options.Parse(["--train"]));
    }
}
