using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchSharpReference;

/// <summary>
/// Seconds per training epoch on Fashion-MNIST (60,000 images), as GenNet's `epochs` harness
/// (benchmarks/GenNet.Benchmarks/EpochTimes.cs) measures: the MLP with SGD 0.5 at batch 100, the CNN with Adam
/// (lr 0.001, epsilon 1e-7) at batch 128, cross-entropy, shuffled every epoch; one model per thread count
/// (torch.set_num_threads 1 and 2), one warm-up epoch each, then the timed epochs alternating between the two; wall
/// seconds and the process's CPU seconds (all threads). A fraction below 1 trains on that share of the batches and
/// scales the times up to a whole epoch.
/// </summary>
internal static class EpochTimes
{
    private static readonly int[] ThreadCounts = [1, 2];

    public static void Run(string filter, int epochs, double fraction)
    {
        var (images, labels) = FashionMnist.LoadTrain();
        Console.WriteLine(fraction < 1
            ? $"each epoch trains {fraction:P0} of the batches; times are scaled to a whole epoch"
            : "whole epochs");
        Console.WriteLine($"{"model",-6} {"threads",7} {"median s/epoch",15} {"CPU s/epoch",12}   epochs (wall s)");
        foreach (string name in new[] { "mlp", "cnn" })
        {
            if (filter.Length > 0 && !name.Contains(filter, StringComparison.Ordinal)) continue;
            using Tensor x = name == "mlp" ? images.alias() : images.view(-1, 1, 28, 28);
            int batchSize = name == "mlp" ? 100 : 128;
            var runs = new Dictionary<int, Training>();
            foreach (int threads in ThreadCounts)
            {
                manual_seed(1);
                runs[threads] = new Training(name, batchSize);
                set_num_threads(threads);
                runs[threads].Epoch(x, labels, fraction);
            }
            var wall = ThreadCounts.ToDictionary(t => t, _ => new List<double>());
            var cpu = ThreadCounts.ToDictionary(t => t, _ => new List<double>());
            for (int e = 0; e < epochs; e++)
            {
                foreach (int threads in ThreadCounts)
                {
                    set_num_threads(threads);
                    var process = Process.GetCurrentProcess();
                    TimeSpan c0 = process.TotalProcessorTime;
                    long t0 = Stopwatch.GetTimestamp();
                    runs[threads].Epoch(x, labels, fraction);
                    wall[threads].Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / fraction);
                    process.Refresh();
                    cpu[threads].Add((process.TotalProcessorTime - c0).TotalSeconds / fraction);
                }
            }
            foreach (int threads in ThreadCounts)
            {
                Console.WriteLine($"{name,-6} {threads,7} {Statistics.Median(wall[threads]),15:F3} {Statistics.Median(cpu[threads]),12:F3}   {string.Join(" ", wall[threads].Select(t => t.ToString("F3")))}");
                runs[threads].Dispose();
            }
        }
    }

    /// <summary>A model with its optimizer and loss: the recipe of benchmarks/reference/mlp_torch.py or cnn_torch.py.</summary>
    private sealed class Training : IDisposable
    {
        private readonly Sequential _model;
        private readonly optim.Optimizer _optimizer;
        private readonly CrossEntropyLoss _loss = nn.CrossEntropyLoss();
        private readonly int _batchSize;

        public Training(string name, int batchSize)
        {
            _model = Models.Create(name);
            _optimizer = name == "mlp"
                ? optim.SGD(_model.parameters(), learningRate: 0.5)
                : optim.Adam(_model.parameters(), lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-7);
            _batchSize = batchSize;
        }

        public void Epoch(Tensor x, Tensor y, double fraction)
        {
            _model.train();
            long count = y.shape[0];
            long batches = (long)Math.Ceiling(count / (double)_batchSize * fraction);
            using Tensor order = randperm(count);
            for (long b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                long start = b * _batchSize;
                Tensor rows = order.narrow(0, start, Math.Min(_batchSize, count - start));
                _optimizer.zero_grad();
                _loss.call(_model.call(x.index_select(0, rows)), y.index_select(0, rows)).backward();
                _optimizer.step();
            }
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _loss.Dispose();
            _model.Dispose();
        }
    }
}
