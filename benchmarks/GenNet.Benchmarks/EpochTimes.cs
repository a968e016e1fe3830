using System.Diagnostics;
using GenNet.Data;

namespace GenNet.Benchmarks;

/// <summary>
/// Seconds per training epoch on Fashion-MNIST (60,000 images) for the seed MLP (BenchMlp, the declaration of samples/MnistMlp; SGD 0.5, batch 100) and CNN
/// (Adam, batch 128), on 1 and 2 threads, interleaved; each figure is the median of the timed epochs after one warm-up
/// epoch (which JIT-compiles and sizes the buffers). Also the process CPU seconds per epoch (all threads): on a shared,
/// overloaded machine wall time mostly measures the neighbours.
/// </summary>
public static class EpochTimes
{
    // GENNET_EPOCH_THREADS=1 (or 2) times one configuration only, e.g. under perf.
    private static readonly int[] ThreadCounts =
        Environment.GetEnvironmentVariable("GENNET_EPOCH_THREADS") is { Length: > 0 } only ? [int.Parse(only)] : [1, 2];

    public static void Run(string filter, int epochs)
    {
        var train = MnistData.LoadFashionMnist().Train;
        float[] y = Encoding.OneHot(train.Labels, 10);
        Console.WriteLine($"{"model",-6} {"threads",7} {"median s/epoch",15} {"CPU s/epoch",12}   epochs (wall s)");
        foreach (string name in new[] { "mlp", "cnn" })
        {
            if (filter.Length > 0 && !name.Contains(filter, StringComparison.Ordinal)) continue;
            var times = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
            var cpu = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
            var models = new Dictionary<int, Model>();
            foreach (int threads in ThreadCounts)
            {
                Model model = name == "mlp" ? new BenchMlp(1) : new Tutorials.Mnist.MnistCnnModel(1);
                if (name == "mlp") model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0.5f), Metric.Accuracy);
                else model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
                model.Threads = threads;
                model.Fit(train.Images, y, epochs: 1, batchSize: name == "mlp" ? 100 : 128, verbose: 0);
                models[threads] = model;
            }
            for (int e = 0; e < epochs; e++)
                foreach (int threads in ThreadCounts)
                {
                    var process = Process.GetCurrentProcess();
                    TimeSpan c0 = process.TotalProcessorTime;
                    long t0 = Stopwatch.GetTimestamp();
                    models[threads].Fit(train.Images, y, epochs: 1, batchSize: name == "mlp" ? 100 : 128, verbose: 0);
                    times[threads].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                    process.Refresh();
                    cpu[threads].Add((process.TotalProcessorTime - c0).TotalSeconds);
                }
            foreach (int threads in ThreadCounts)
                Console.WriteLine($"{name,-6} {threads,7} {QuickInference.Median([.. times[threads]]),15:F3} {QuickInference.Median([.. cpu[threads]]),12:F3}   {string.Join(" ", times[threads].Select(t => t.ToString("F3")))}");
        }
    }
}
