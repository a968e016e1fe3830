using System.Diagnostics;
using System.Globalization;
using GenNet;
using Tutorials.Mnist;

namespace Tutorials.MnistPredict;

public static class MnistPredictSample
{
    /// <summary>Loads <paramref name="weightsPath"/>, classifies the whole test set; returns the accuracy.</summary>
    public static double Run(TextWriter output, string dataset, string weightsPath)
    {
        var model = new MnistCnnModel();
        model.Load(weightsPath); // throws, loading nothing, if the file is corrupt or from another architecture
        output.WriteLine($"loaded {Path.GetFullPath(weightsPath)}");
        var (_, test) = MnistSamples.Load(dataset);

        Span<float> probabilities = stackalloc float[MnistCnnModel.OutputSize];
        for (int i = 0; i < 10; i++)
        {
            model.Predict(test.Image(i), probabilities);
            int predicted = Encoding.ArgMax(probabilities);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"image {i}: {MnistSamples.ClassName(dataset, predicted),-12} p={probabilities[predicted]:0.000}  label {MnistSamples.ClassName(dataset, test.Labels[i])}"));
        }

        var stopwatch = Stopwatch.StartNew();
        int[] classes = model.PredictClasses(test.Images);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        int correct = classes.Where((c, i) => c == test.Labels[i]).Count();
        double accuracy = correct / (double)classes.Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"classified {classes.Length} images in {seconds * 1000:0} ms ({seconds * 1e6 / classes.Length:0.0} us per image)"));
        output.WriteLine("accuracy: " + accuracy.ToString("0.0000", CultureInfo.InvariantCulture));
        return accuracy;
    }
}
