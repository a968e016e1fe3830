using System.Diagnostics;
using System.Globalization;
using GenNet;
using Tutorials.Mnist;

namespace Tutorials.MobileNetFashion;

/// <summary>
/// The MobileNet-style classifier on Fashion-MNIST, beside the seed CNN (samples/MnistCnn's network) trained the same way:
/// categorical cross-entropy, Adam, batch 128, the test set as validation data, the same epochs. The MobileNet reads
/// raw pixel values 0..255 (its first layer is <c>Rescaling(1/255)</c>, as keras.io's vision examples feed uint8 images);
/// the seed CNN reads the loader's pixel / 255.
/// </summary>
public static class MobileNetSample
{
    /// <summary>Command-line options; <see cref="Train"/> 0 uses all 60,000 training images.</summary>
    public sealed record Options(int Epochs = 5, int Train = 0, int Seed = 1, string Onnx = "mobilenet_fashion.onnx", bool Compare = true, int Verbose = 1)
    {
        /// <summary>Reads <c>--epochs N --train N --seed N --onnx PATH --compare true|false</c>.</summary>
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
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    "--onnx" => options with { Onnx = value },
                    "--compare" when bool.TryParse(value, out bool compare) => options with { Compare = compare },
                    _ => throw new ArgumentException($"Bad option '{args[i]} {value}'. Usage: MobileNetFashion [--epochs N] [--train N] [--seed N] [--onnx PATH] [--compare true|false]"),
                };
            }
            return options;
        }
    }

    /// <summary>What a run measured: both networks' test accuracy and parameter count (the seed CNN's accuracy is NaN without <see cref="Options.Compare"/>).</summary>
    /// <param name="Model">The trained MobileNet.</param>
    /// <param name="TestInputs">The test images as the MobileNet reads them (pixel values 0..255).</param>
    /// <param name="History">The MobileNet's training history (Keras' <c>loss</c>, <c>accuracy</c>, <c>val_…</c> per epoch).</param>
    public sealed record Result(double Accuracy, int Parameters, double CnnAccuracy, int CnnParameters, MobileNetModel Model, float[] TestInputs, History History);

    /// <summary>Trains both networks, exports the MobileNet as ONNX, and ends with the metric line.</summary>
    public static Result Run(TextWriter output, Options options)
    {
        var (train, test) = MnistSamples.Load("fashion");
        int rows = options.Train > 0 && options.Train < train.Count ? options.Train : train.Count;
        float[] xTrain = train.Images.AsSpan(0, rows * 784).ToArray();
        float[] yTrain = Encoding.OneHot(train.Labels.AsSpan(0, rows).ToArray(), 10), yTest = Encoding.OneHot(test.Labels, 10);
        float[] rawTrain = Pixels(xTrain), rawTest = Pixels(test.Images);

        var model = new MobileNetModel(options.Seed) { Output = output };
        var (accuracy, history) = TrainAndEvaluate(model, "MobileNet", rawTrain, yTrain, rawTest, yTest, output, options);
        int parameters = ParameterCount(model);

        model.SaveOnnx(options.Onnx);
        output.WriteLine($"ONNX model saved to {Path.GetFullPath(options.Onnx)}");

        double cnnAccuracy = double.NaN;
        int cnnParameters = ParameterCount(new MnistCnnModel(options.Seed));
        if (options.Compare)
        {
            var cnn = new MnistCnnModel(options.Seed) { Output = output };
            cnnAccuracy = TrainAndEvaluate(cnn, "seed CNN", xTrain, yTrain, test.Images, yTest, output, options).Accuracy;
        }

        string cnnText = options.Compare ? cnnAccuracy.ToString("0.0000", CultureInfo.InvariantCulture) : "not trained";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy: MobileNet {accuracy:0.0000} ({parameters:N0} parameters), seed CNN {cnnText} ({cnnParameters:N0} parameters), {options.Epochs} epochs"));
        return new Result(accuracy, parameters, cnnAccuracy, cnnParameters, model, rawTest, history);
    }

    private static (double Accuracy, History History) TrainAndEvaluate(Model model, string label, float[] xTrain, float[] yTrain, float[] xTest, float[] yTest, TextWriter output, Options options)
    {
        model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Summary();
        var stopwatch = Stopwatch.StartNew();
        var history = model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: 128, verbose: options.Verbose, validationData: (xTest, yTest));
        double seconds = stopwatch.Elapsed.TotalSeconds;
        var (loss, accuracy) = model.Evaluate(xTest, yTest, batchSize: 128, verbose: options.Verbose);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: training time {seconds:0.0} s ({seconds / options.Epochs:0.00} s per epoch), test loss {loss:0.0000}, test accuracy {accuracy:0.0000}"));
        return (accuracy, history);
    }

    /// <summary>Keras' "Total params": every weight, BatchNormalization's moving statistics included.</summary>
    public static int ParameterCount(Model model) => model.Info.Layers.Sum(layer => layer.ParameterCount);

    /// <summary>The loader's pixel / 255 back to the file's integer values 0..255 (exact: rounding undoes the division).</summary>
    public static float[] Pixels(float[] scaled)
    {
        var pixels = new float[scaled.Length];
        for (int i = 0; i < scaled.Length; i++) pixels[i] = MathF.Round(scaled[i] * 255f);
        return pixels;
    }
}
