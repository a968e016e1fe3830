using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GenNet;
using GenNet.Data;
using Microsoft.ML.OnnxRuntime;
using Tutorials.Mnist;

namespace Tutorials.ImportOnnx;

/// <summary>
/// A user's journey with a model trained in PyTorch: compile its ONNX export into C# (<c>[OnnxModel]</c>), check the
/// outputs against ONNX Runtime running the same file and the accuracy against what torch measured, then keep training
/// it in GenNet: the convolutions frozen, the dense layers fine-tuned with <c>Fit</c>.
/// </summary>
public static class ImportOnnxSample
{
    /// <summary>The exported file, copied beside the program (the compiled-in model does not read it; ONNX Runtime does).</summary>
    public static string OnnxFile => Path.Combine(AppContext.BaseDirectory, "fashion_cnn_torch.onnx");

    /// <summary>Command-line options; <see cref="Train"/> 0 fine-tunes on all 60,000 training images.</summary>
    public sealed record Options(int Epochs = 1, int Train = 0, int Seed = 1, int Verbose = 1)
    {
        /// <summary>Reads <c>--epochs N --train N --seed N</c>.</summary>
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
                    _ => throw new ArgumentException($"Bad option '{args[i]} {value}'. Usage: ImportOnnx [--epochs N] [--train N] [--seed N]"),
                };
            }
            return options;
        }
    }

    /// <summary>What the run measured.</summary>
    /// <param name="MaxDifference">Largest |GenNet − ONNX Runtime| over the 10 outputs of all 10,000 test images.</param>
    /// <param name="SameClass">Test images whose predicted class is the same in GenNet and ONNX Runtime.</param>
    /// <param name="TorchAccuracy">The test accuracy torch recorded when it exported the model.</param>
    /// <param name="Accuracy">The imported model's test accuracy.</param>
    /// <param name="LossBefore">Training loss on the fine-tuning images before fine-tuning.</param>
    /// <param name="LossAfter">The same after.</param>
    /// <param name="AccuracyAfter">Test accuracy after fine-tuning.</param>
    /// <param name="FrozenUnchanged">Whether the frozen convolutions' weights stayed bit-identical.</param>
    public sealed record Result(double MaxDifference, int SameClass, double TorchAccuracy, double Accuracy,
        double LossBefore, double LossAfter, double AccuracyAfter, bool FrozenUnchanged);

    /// <summary>Runs the journey and returns what it measured; ends with the metric line.</summary>
    public static Result Run(TextWriter output, Options options)
    {
        // 1. The export, compiled at build time: the weights are in the program.
        var model = TorchFashionCnn.CreateTrained(options.Seed);
        model.Output = output;
        output.WriteLine("Imported at build time from fashion_cnn_torch.onnx (torch.onnx.export, opset 17):");
        model.Summary();

        // 2. ONNX Runtime on the very same file, all 10,000 test images. The model reads NHWC; with one channel a
        //    28×28 image is the same 784 floats in NCHW, so both get the same buffer.
        var (train, test) = MnistSamples.Load("fashion");
        float[] ort = RunOnnxRuntime(File.ReadAllBytes(OnnxFile), test.Images, test.Count);
        float[] ours = model.Predict(test.Images, batchSize: 500);
        double maxDifference = 0;
        int sameClass = 0;
        for (int s = 0; s < test.Count; s++)
        {
            for (int k = 0; k < 10; k++) maxDifference = Math.Max(maxDifference, Math.Abs(ours[s * 10 + k] - ort[s * 10 + k]));
            if (Encoding.ArgMax(ours.AsSpan(s * 10, 10)) == Encoding.ArgMax(ort.AsSpan(s * 10, 10))) sameClass++;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GenNet vs ONNX Runtime on {test.Count} test images: largest difference {maxDifference:G3}, same class {sameClass}/{test.Count}"));

        float[] yTest = Encoding.OneHot(test.Labels, 10);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-4), Metric.Accuracy);
        double accuracy = model.Evaluate(test.Images, yTest, batchSize: 500, verbose: 0).Metrics["accuracy"];
        double torchAccuracy = TorchAccuracy();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: GenNet {accuracy:0.0000}, torch at export {torchAccuracy:0.0000}"));

        // 3. Keep training it: the convolutions (PyTorch's BatchNorm folded into them by the exporter) frozen, the dense
        //    layers fine-tuned with a small learning rate.
        float[] xTrain = options.Train > 0 && options.Train < train.Count ? train.Images.AsSpan(0, options.Train * 784).ToArray() : train.Images;
        int[] labels = options.Train > 0 && options.Train < train.Count ? train.Labels[..options.Train] : train.Labels;
        float[] yTrain = Encoding.OneHot(labels, 10);
        string[] convolutions = model.Info.Layers.Where(l => l.TypeName == "Conv2D").Select(l => l.Name).ToArray();
        foreach (string name in convolutions) model.Layers[name].Trainable = false;
        float[] frozen = Weights(model, convolutions);
        model.Compile(Loss.CategoricalCrossentropy, new Adam(1e-4), Metric.Accuracy);

        double lossBefore = model.Evaluate(xTrain, yTrain, batchSize: 500, verbose: 0).Loss;
        var stopwatch = Stopwatch.StartNew();
        model.Fit(xTrain, yTrain, epochs: options.Epochs, batchSize: 128, verbose: options.Verbose, validationData: (test.Images, yTest));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fine-tuning time: {stopwatch.Elapsed.TotalSeconds:0.0} s for {options.Epochs} epoch(s) of {labels.Length} images, {string.Join(" and ", convolutions)} frozen"));
        double lossAfter = model.Evaluate(xTrain, yTrain, batchSize: 500, verbose: 0).Loss;
        double accuracyAfter = model.Evaluate(test.Images, yTest, batchSize: 500, verbose: 0).Metrics["accuracy"];
        bool unchanged = Weights(model, convolutions).AsSpan().SequenceEqual(frozen);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training loss {lossBefore:0.0000} → {lossAfter:0.0000}; frozen convolution weights unchanged: {(unchanged ? "yes" : "NO")}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy after fine-tuning: {accuracyAfter:0.0000}"));
        return new Result(maxDifference, sameClass, torchAccuracy, accuracy, lossBefore, lossAfter, accuracyAfter, unchanged);
    }

    /// <summary>ONNX Runtime (one thread) on <paramref name="count"/> 28×28×1 images: the file's input "x", output "y".</summary>
    public static float[] RunOnnxRuntime(byte[] onnx, float[] images, int count)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, sessionOptions);
        using var input = OrtValue.CreateTensorValueFromMemory(images[..(count * 784)], [count, 1, 28, 28]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The test accuracy <c>benchmarks/reference/import_onnx_sample.py</c> recorded beside the file.</summary>
    public static double TorchAccuracy()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(OnnxFile, ".json")));
        return json.RootElement.GetProperty("test_accuracy").GetDouble();
    }

    private static float[] Weights(Model model, string[] layers) =>
        model.Info.Weights.Where(w => layers.Any(l => w.Name.StartsWith(l + ".", StringComparison.Ordinal)))
            .SelectMany(w => model.Parameters.Slice(w.Offset, w.Length).ToArray()).ToArray();
}
