using System.Diagnostics;
using System.Globalization;
using GenNet;
using Tutorials.Mnist;

namespace Tutorials.MnistCnn;

public static class MnistCnnSample
{
    /// <summary>Command-line options.</summary>
    public sealed record Options(string Dataset = "fashion", int Epochs = 20, string Weights = "mnist_cnn.safetensors", int Seed = 1, int Verbose = 1)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i += 2)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
                options = args[i] switch
                {
                    "--dataset" => options with { Dataset = value },
                    "--epochs" when int.TryParse(value, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                    "--weights" => options with { Weights = value },
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    _ => throw new ArgumentException($"Bad option '{args[i]} {value}'. Usage: MnistCnn [--dataset fashion|digits] [--epochs N] [--weights PATH] [--seed N]"),
                };
            }
            return options;
        }
    }

    /// <summary>Trains with Adam, batch 128, the test set as validation data; returns the test accuracy.</summary>
    public static double Run(TextWriter output, Options options)
    {
        var (train, test) = MnistSamples.Load(options.Dataset);
        float[] yTrain = Encoding.OneHot(train.Labels, 10), yTest = Encoding.OneHot(test.Labels, 10);

        var model = new MnistCnnModel(options.Seed) { Output = output };
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Summary();

        var stopwatch = Stopwatch.StartNew();
        var history = model.Fit(train.Images, yTrain, epochs: options.Epochs, batchSize: 128, verbose: options.Verbose,
            validationData: (test.Images, yTest));
        double seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training time: {seconds:0.0} s ({seconds / options.Epochs:0.00} s per epoch)"));

        var (loss, accuracy) = model.Evaluate(test.Images, yTest, batchSize: 128, verbose: options.Verbose);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {loss:0.0000}, test accuracy: {accuracy:0.0000}"));

        Span<float> probabilities = stackalloc float[MnistCnnModel.OutputSize];
        for (int i = 0; i < 5; i++)
        {
            model.Predict(test.Image(i), probabilities);
            int predicted = Encoding.ArgMax(probabilities);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test image {i}: predicted {MnistSamples.ClassName(options.Dataset, predicted)} ({probabilities[predicted]:0.000}), label {MnistSamples.ClassName(options.Dataset, test.Labels[i])}"));
        }

        model.Save(options.Weights);
        output.WriteLine($"weights saved to {Path.GetFullPath(options.Weights)}");
        string plot = Path.ChangeExtension(options.Weights, ".history.svg");
        history.SaveSvg(plot);
        output.WriteLine($"training history plot saved to {Path.GetFullPath(plot)}");
        output.WriteLine("accuracy: " + accuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return accuracy;
    }
}
