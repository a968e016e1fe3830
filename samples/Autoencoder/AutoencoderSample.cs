using System.Diagnostics;
using System.Globalization;
using GenNet;
using Tutorials.Mnist;

namespace Tutorials.Autoencoder;

/// <summary>
/// keras.io's convolutional autoencoder recipe on Fashion-MNIST: the images are both input and target, binary
/// cross-entropy, Adam, batch 128, the test set as validation data (the tutorial trains 50 epochs).
/// </summary>
public static class AutoencoderSample
{
    /// <summary>Command-line options; <see cref="Train"/> 0 uses all 60,000 training images.</summary>
    public sealed record Options(int Epochs = 50, int Train = 0, string Image = "autoencoder.png", int Seed = 1, int Verbose = 1)
    {
        /// <summary>Reads <c>--epochs N --train N --image PATH --seed N</c>.</summary>
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
                    "--image" => options with { Image = value },
                    "--seed" when int.TryParse(value, out int seed) => options with { Seed = seed },
                    _ => throw new ArgumentException($"Bad option '{args[i]} {value}'. Usage: Autoencoder [--epochs N] [--train N] [--image PATH] [--seed N]"),
                };
            }
            return options;
        }
    }

    /// <summary>Trains, writes the image grid, and returns the test reconstruction loss (binary cross-entropy).</summary>
    public static double Run(TextWriter output, Options options)
    {
        var (train, test) = MnistSamples.Load("fashion");
        float[] xTrain = options.Train > 0 && options.Train < train.Count
            ? train.Images.AsSpan(0, options.Train * 784).ToArray()
            : train.Images;

        var model = new AutoencoderModel(options.Seed) { Output = output };
        model.Compile(Loss.BinaryCrossentropy, new Adam());
        model.Summary();

        var stopwatch = Stopwatch.StartNew();
        model.Fit(xTrain, xTrain, epochs: options.Epochs, batchSize: 128, verbose: options.Verbose, validationData: (test.Images, test.Images));
        double seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training time: {seconds:0.0} s ({seconds / options.Epochs:0.00} s per epoch)"));

        double loss = model.Evaluate(test.Images, test.Images, batchSize: 128, verbose: options.Verbose).Loss;

        // Ten test images (the first of each class) over their reconstructions, each pixel 3×3.
        const int columns = 10, scale = 3, side = 28 * scale;
        var grid = new byte[2 * side * columns * side];
        Span<float> reconstruction = stackalloc float[AutoencoderModel.OutputSize];
        for (int label = 0; label < columns; label++)
        {
            int index = Array.IndexOf(test.Labels, label);
            ReadOnlySpan<float> image = test.Image(index);
            model.Predict(image, reconstruction);
            Paint(grid, image, 0, label, columns, scale);
            Paint(grid, reconstruction, 1, label, columns, scale);
        }
        PngWriter.WriteGray(options.Image, grid, columns * side, 2 * side);
        output.WriteLine($"originals over reconstructions saved to {Path.GetFullPath(options.Image)}");
        output.WriteLine("test reconstruction loss: " + loss.ToString("0.0000", CultureInfo.InvariantCulture));
        return loss;
    }

    private static void Paint(byte[] grid, ReadOnlySpan<float> image, int row, int column, int columns, int scale)
    {
        int side = 28 * scale, stride = columns * side;
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                float v = Math.Clamp(image[y / scale * 28 + x / scale], 0f, 1f);
                grid[(row * side + y) * stride + column * side + x] = (byte)MathF.Round(v * 255);
            }
        }
    }
}
