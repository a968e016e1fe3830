using GenNet.Data;
using GenNet.Tests.Serialization.Keras;
using GenNet.Tests.Support;
using Xunit.Abstractions;

namespace GenNet.Tests.Quantization;

/// <summary>
/// Accuracy on the 10,000 test images beside fp32 (issue 16): int8 within 0.5 points, 16-bit within 0.1. The MLP and
/// the sample CNN are trained here on Fashion-MNIST (the samples' data set) for a short time; the Keras CNN is the
/// Keras-trained MNIST model of ../shared/keras-files, evaluated on the 10,000 MNIST digits.
/// </summary>
public sealed class QuantizationAccuracyTests(ITestOutputHelper output)
{
    private static readonly Lazy<(LabeledImages Train, LabeledImages Test)> s_fashion = new(() => MnistData.LoadFashionMnist());

    private static float[] Calibration(LabeledImages train) => train.Images.AsSpan(0, 1000 * 784).ToArray();

    internal static double Accuracy(Func<float[], float[]> predict, LabeledImages test)
    {
        float[] y = predict(test.Images);
        int correct = 0;
        for (int i = 0; i < test.Count; i++) if (Encoding.ArgMax(y.AsSpan(i * 10, 10)) == test.Labels[i]) correct++;
        return 100.0 * correct / test.Count;
    }

    private void Compare(string name, Model model, float[] calibration, LabeledImages test)
    {
        double fp32 = Accuracy(x => { var y = new float[test.Count * 10]; model.Predict(x, y); return y; }, test);
        var q = model.Quantize(calibration);
        double int8 = Accuracy(x => { var y = new float[test.Count * 10]; q.Predict(x, y); return y; }, test);
        var half = model.ToHalfWeights();
        double f16 = Accuracy(x => { var y = new float[test.Count * 10]; half.Predict(x, y); return y; }, test);
        var bf16 = model.ToHalfWeights(HalfFormat.BFloat16);
        double b16 = Accuracy(x => { var y = new float[test.Count * 10]; bf16.Predict(x, y); return y; }, test);
        output.WriteLine($"{name}: fp32 {fp32:0.00}%, int8 {int8:0.00}%, float16 {f16:0.00}%, bfloat16 {b16:0.00}% ({test.Count} test images)");
        Assert.InRange(int8, fp32 - 0.5, fp32 + 0.5);
        Assert.InRange(f16, fp32 - 0.1, fp32 + 0.1);
        Assert.InRange(b16, fp32 - 0.1, fp32 + 0.1);
    }

    [Fact]
    public void SampleMlp_TrainedOnFashionMnist_Int8AndHalfWeights_KeepTheAccuracy()
    {
        var (train, test) = s_fashion.Value;
        var model = new QuantSampleMlp(1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0.5f), Metric.Accuracy);
        model.Fit(train.Images, Encoding.OneHot(train.Labels, 10), epochs: 3, batchSize: 100, verbose: 0);
        Compare("MNIST MLP (Fashion-MNIST, 3 epochs)", model, Calibration(train), test);
    }

    [Fact]
    public void SampleCnn_TrainedOnFashionMnist_Int8AndHalfWeights_KeepTheAccuracy()
    {
        var (train, test) = s_fashion.Value;
        var model = new QuantSampleCnn(1) { Output = TextWriter.Null };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Fit(train.Images, Encoding.OneHot(train.Labels, 10), epochs: 1, batchSize: 128, verbose: 0);
        Compare("MNIST CNN (Fashion-MNIST, 1 epoch)", model, Calibration(train), test);
    }

    [SharedFolderFact]
    public void KerasTrainedCnn_OnMnistDigits_Int8AndHalfWeights_KeepTheAccuracy()
    {
        var model = new KerasMnistCnn();
        model.LoadKeras(Path.Combine(RepositoryRoot.SharedFolder!, "keras-files", "mnist_cnn_legacy.h5"));
        var digits = MnistDigits.Load();
        // Calibration: 1,000 of the images (the Keras training set is not here); the accuracy is over all 10,000.
        Compare("Keras MNIST CNN (10,000 MNIST digits)", model, digits.Images.AsSpan(0, 1000 * 784).ToArray(), digits);
    }
}
