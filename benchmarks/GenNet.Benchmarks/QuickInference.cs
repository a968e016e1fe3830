using System.Diagnostics;

namespace GenNet.Benchmarks;

/// <summary>
/// A Stopwatch harness for tuning inference (the published table comes from BenchmarkDotNet): GenNet and ONNX Runtime
/// on the same workload, interleaved round by round, medians per call. Reuses <see cref="InferenceBenchmarks"/>' setup,
/// so both run the same weights and agree within 1e-5 before anything is timed.
/// </summary>
public static class QuickInference
{
    public static void Run(string filter)
    {
        Console.WriteLine(ThreadClock.IsCpuTime ? "times: thread CPU time, medians of 21 interleaved rounds" : "times: wall time, medians of 21 interleaved rounds");
        Console.WriteLine($"{"workload",-12} {"batch",6} {"GenNet µs",11} {"ORT µs",11} {"GenNet/ORT",11}");
        foreach (string workload in new[] { "mlp", "cnn", "logreg", "torch-cnn", "torch-cnn-hand", "torch-bn", "autoencoder", "mobilenet", "spam", "spam-mail" })
        {
            if (filter.Length > 0 && !workload.Contains(filter, StringComparison.Ordinal)) continue;
            foreach (int batch in new[] { 1, 1000 })
            {
                var bench = new InferenceBenchmarks { Workload = workload, Batch = batch };
                bench.Setup();
                try
                {
                    double gen = 0, ort = 0;
                    var g = new List<double>();
                    var o = new List<double>();
                    int reps = Calibrate(bench.GenNet);
                    int ortReps = Calibrate(bench.OnnxRuntime);
                    for (int round = 0; round < 21; round++)
                    {
                        g.Add(Time(bench.GenNet, reps));
                        o.Add(Time(bench.OnnxRuntime, ortReps));
                    }
                    if (bench.Twin is var (label, twin))
                    {
                        // The same rounds with a second GenNet model (three runs interleaved, so one load): the unfolded
                        // BatchNormalization chains.
                        var u = new List<double>();
                        g.Clear();
                        o.Clear();
                        int twinReps = Calibrate(twin);
                        for (int round = 0; round < 21; round++)
                        {
                            g.Add(Time(bench.GenNet, reps));
                            u.Add(Time(twin, twinReps));
                            o.Add(Time(bench.OnnxRuntime, ortReps));
                        }
                        double other = Median(u);
                        Console.WriteLine($"{workload + " " + label,-12} {batch,6} {other,11:F2} {Median(o),11:F2} {other / Median(o),11:F3}");
                    }
                    gen = Median(g);
                    ort = Median(o);
                    Console.WriteLine($"{workload,-12} {batch,6} {gen,11:F2} {ort,11:F2} {gen / ort,11:F3}");
                }
                finally
                {
                    bench.Cleanup();
                }
            }
        }
    }

    /// <summary>Repetitions that take about 10 ms.</summary>
    internal static int Calibrate(Action run)
    {
        // Half a second of calls first, so tiered compilation has promoted the hot paths to optimized code.
        long w0 = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(w0).TotalMilliseconds < 500) run();
        long t0 = Stopwatch.GetTimestamp();
        int n = 0;
        while (Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 10) { run(); n++; }
        return Math.Max(n, 1);
    }

    internal static double Time(Action run, int reps)
    {
        double t0 = ThreadClock.Microseconds();
        for (int r = 0; r < reps; r++) run();
        return (ThreadClock.Microseconds() - t0) / reps;
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
