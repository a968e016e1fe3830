using System.Diagnostics;
using TorchSharp.Modules;
using GenNet.Benchmarks;
using static TorchSharp.torch;

namespace TorchSharpReference;

/// <summary>
/// Inference time per call at batch 1 (latency) and batch 1000, on one thread, as GenNet's `infer` harness
/// (benchmarks/GenNet.Benchmarks/QuickInference.cs) measures: half a second of warm-up, repetitions calibrated to
/// about 10 ms, 21 rounds, medians; thread CPU time and wall time per call. The model runs in eval mode under
/// no_grad on a preallocated input tensor; each call's output and intermediates are freed by a dispose scope.
/// </summary>
internal static class InferenceTimes
{
    private const int Rounds = 21;

    public static void Run(string filter)
    {
        set_num_threads(1);
        using var noGrad = no_grad();
        Console.WriteLine($"times: medians of {Rounds} rounds, per call; torch threads {get_num_threads()}");
        Console.WriteLine($"{"workload",-8} {"batch",6} {"CPU µs",11} {"wall µs",11} {"samples/s (CPU)",16}");
        foreach (string workload in new[] { "mlp", "cnn", "cnn-cl" })
        {
            if (filter.Length > 0 && !workload.StartsWith(filter, StringComparison.Ordinal)) continue;
            foreach (int batch in new[] { 1, 1000 })
            {
                manual_seed(12345);
                using Sequential model = nn.Sequential(Models.Create(workload), nn.Softmax(1));
                model.eval();
                using Tensor input = workload == "mlp" ? rand(batch, 784) : rand(batch, 1, 28, 28);
                void Predict()
                {
                    using var scope = NewDisposeScope();
                    model.call(input);
                }

                int reps = Calibrate(Predict);
                var cpu = new List<double>();
                var wall = new List<double>();
                for (int round = 0; round < Rounds; round++)
                {
                    long w0 = Stopwatch.GetTimestamp();
                    double c0 = ThreadClock.Microseconds();
                    for (int r = 0; r < reps; r++) Predict();
                    cpu.Add((ThreadClock.Microseconds() - c0) / reps);
                    wall.Add(Stopwatch.GetElapsedTime(w0).TotalMicroseconds / reps);
                }
                double cpuMedian = Statistics.Median(cpu);
                Console.WriteLine($"{workload,-8} {batch,6} {cpuMedian,11:F2} {Statistics.Median(wall),11:F2} {batch / cpuMedian * 1e6,16:N0}");
            }
        }
    }

    /// <summary>Repetitions that take about 10 ms, after half a second of calls (JIT tiering, LibTorch's first-call setup).</summary>
    private static int Calibrate(Action run)
    {
        long w0 = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(w0).TotalMilliseconds < 500) run();
        long t0 = Stopwatch.GetTimestamp();
        int n = 0;
        while (Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 10) { run(); n++; }
        return Math.Max(n, 1);
    }
}
