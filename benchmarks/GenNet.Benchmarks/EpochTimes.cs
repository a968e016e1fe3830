using System.Diagnostics;
using GenNet.Data;

namespace GenNet.Benchmarks;

/// <summary>
/// Seconds per training epoch on Fashion-MNIST (60,000 images) for the seed MLP (BenchMlp, the declaration of samples/MnistMlp; SGD 0.5, batch 100) and CNN
/// (Adam, batch 128), on 1 and 2 threads, interleaved; `epochs mobilenet N` the MobileNetFashion sample's network (Adam, batch 128,
/// raw pixels, the first 12,800 images: 100 steps, since it trains whole batches and an epoch is long). Each figure is the median of the timed epochs after one warm-up
/// epoch (which JIT-compiles and sizes the buffers). Also the process CPU seconds per epoch (all threads): on a shared,
/// overloaded machine wall time mostly measures the neighbours.
/// </summary>
public static class EpochTimes
{
    // GENNET_EPOCH_THREADS=1 (or 2) times one configuration only, e.g. under perf.
    private static readonly int[] ThreadCounts =
        Environment.GetEnvironmentVariable("GENNET_EPOCH_THREADS") is { Length: > 0 } only ? [int.Parse(only)] : [1, 2];

    // GENNET_CHUNK_ROWS=32,16 compares chunkings (Model.MinChunkRows: the fewest rows of a training chunk).
    private static readonly int[] ChunkRows =
        Environment.GetEnvironmentVariable("GENNET_CHUNK_ROWS") is { Length: > 0 } rows
            ? rows.Split(',').Select(int.Parse).ToArray()
            : [Model.DefaultMinChunkRows];

    private static readonly (int Threads, int ChunkRows)[] Configurations =
        [.. from threads in ThreadCounts from rows in ChunkRows select (threads, rows)];

    // GENNET_EPOCH_ROWS=N trains on the first N images (default: all 60,000 for mlp and cnn, 12,800 for mobilenet).
    private static readonly int? Rows = Environment.GetEnvironmentVariable("GENNET_EPOCH_ROWS") is { Length: > 0 } rows ? int.Parse(rows) : null;

    public static void Run(string filter, int epochs)
    {
        var train = MnistData.LoadFashionMnist().Train;
        float[] allLabels = Encoding.OneHot(train.Labels, 10);
        Console.WriteLine($"{"model",-6} {"threads",7} {"chunk",6} {"median s/epoch",15} {"CPU s/epoch",12}   epochs (wall s)");
        // mobilenet only when asked for by name (an epoch of it is long).
        foreach (string name in filter == "mobilenet" ? new[] { "mobilenet" } : new[] { "mlp", "cnn" })
        {
            if (filter.Length > 0 && !name.Contains(filter, StringComparison.Ordinal)) continue;
            int count = Math.Min(Rows ?? (name == "mobilenet" ? 12_800 : train.Count), train.Count);
            float[] x = name == "mobilenet"
                ? Tutorials.MobileNetFashion.MobileNetSample.Pixels(train.Images.AsSpan(0, count * 784).ToArray())
                : train.Images.AsSpan(0, count * 784).ToArray();
            float[] y = allLabels.AsSpan(0, count * 10).ToArray();
            if (count != train.Count) Console.WriteLine($"{name}: the first {count:N0} training images");
            var times = Configurations.ToDictionary(c => c, _ => new List<double>());
            var cpu = Configurations.ToDictionary(c => c, _ => new List<double>());
            var models = new Dictionary<(int, int), Model>();
            foreach (var (threads, chunkRows) in Configurations)
            {
                Model model = name switch
                {
                    "mlp" => new BenchMlp(1),
                    "mobilenet" => new Tutorials.MobileNetFashion.MobileNetModel(1),
                    _ => new Tutorials.Mnist.MnistCnnModel(1),
                };
                if (name == "mlp") model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0.5f), Metric.Accuracy);
                else model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
                model.Threads = threads;
                model.MinChunkRows = chunkRows;
                model.Fit(x, y, epochs: 1, batchSize: name == "mlp" ? 100 : 128, verbose: 0);
                models[(threads, chunkRows)] = model;
            }
            for (int e = 0; e < epochs; e++)
                foreach (var configuration in Configurations)
                {
                    var process = Process.GetCurrentProcess();
                    TimeSpan c0 = process.TotalProcessorTime;
                    long t0 = Stopwatch.GetTimestamp();
                    models[configuration].Fit(x, y, epochs: 1, batchSize: name == "mlp" ? 100 : 128, verbose: 0);
                    times[configuration].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
                    process.Refresh();
                    cpu[configuration].Add((process.TotalProcessorTime - c0).TotalSeconds);
                }
            foreach (var c in Configurations)
                Console.WriteLine($"{name,-6} {c.Threads,7} {c.ChunkRows,6} {QuickInference.Median([.. times[c]]),15:F3} {QuickInference.Median([.. cpu[c]]),12:F3}   {string.Join(" ", times[c].Select(t => t.ToString("F3")))}");
        }
    }
}
