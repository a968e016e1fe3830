using System.Diagnostics;
using System.Globalization;
using GenNet;
using GenNet.Data;

namespace Tutorials.DigitDemo;

/// <summary>The trained <see cref="DigitModel"/> behind the page. Predict is safe from many requests at once.</summary>
public sealed class DigitClassifier
{
    /// <summary>Pixels per drawing: 28 × 28, grayscale in [0, 1], ink = 1 (as the MNIST data).</summary>
    public const int Pixels = 28 * 28;

    /// <summary>Classes: the digits 0–9.</summary>
    public const int Classes = 10;

    private readonly DigitModel _model;

    private DigitClassifier(DigitModel model) => _model = model;

    /// <summary>Loads <paramref name="weights"/>, or trains (writing progress to <paramref name="log"/>) and saves there first.</summary>
    public static DigitClassifier LoadOrTrain(string weights, int epochs, int seed, TextWriter log)
    {
        if (File.Exists(weights))
        {
            var model = new DigitModel(seed);
            model.Load(weights);
            log.WriteLine($"DigitDemo: loaded weights from {weights}");
            return new DigitClassifier(model);
        }
        var (classifier, _) = Train(weights, epochs, seed, log);
        return classifier;
    }

    /// <summary>
    /// Trains on the 80 % training split of the MNIST digits (<see cref="MnistDigits.Split"/>, seed 0), saves the
    /// weights atomically to <paramref name="weights"/> and returns the accuracy on the held-out 20 %.
    /// </summary>
    public static (DigitClassifier Classifier, double TestAccuracy) Train(string weights, int epochs, int seed, TextWriter log)
    {
        var (train, test) = MnistDigits.Split(MnistDigits.Load());
        var model = new DigitModel(seed);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        var stopwatch = Stopwatch.StartNew();
        model.Fit(train.Images, Encoding.OneHot(train.Labels, Classes), epochs: epochs, batchSize: 64, verbose: 0);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        double accuracy = model.Evaluate(test.Images, Encoding.OneHot(test.Labels, Classes), batchSize: 500, verbose: 0).Metrics["accuracy"];
        model.Save(weights);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DigitDemo: trained {epochs} epochs on {train.Count} digits in {seconds:0.0} s; weights saved to {weights}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy:0.0000}"));
        return (new DigitClassifier(model), accuracy);
    }

    /// <summary>The ten class probabilities of one 28×28 drawing (already checked by <see cref="PixelRequest"/>).</summary>
    public float[] Probabilities(ReadOnlySpan<float> pixels)
    {
        var probabilities = new float[Classes];
        _model.Predict(pixels, probabilities);
        return probabilities;
    }
}
