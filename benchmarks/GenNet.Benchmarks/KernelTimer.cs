using System.Diagnostics;

namespace GenNet.Benchmarks;

/// <summary>
/// Times kernel calls one by one (the layer profiles): each case warms up, then all cases run in interleaved rounds;
/// prints the median µs per sample. Cases <paramref name="isAlternative"/> names (other paths timed beside the ones the
/// model takes, or a whole call that contains the rows above it) stay out of the total.
/// </summary>
public static class KernelTimer
{
    public static void Print(List<(string Name, Action Run)> cases, int batch, string filter, Func<string, bool> isAlternative)
    {
        cases = cases.Where(c => c.Name.Contains(filter, StringComparison.Ordinal)).ToList();
        var samples = Measure(cases, 11, ThreadClock.Microseconds);
        for (int c = 0; c < cases.Count; c++) samples[c] = samples[c].Select(t => t / batch).ToList();
        Console.WriteLine($"batch {batch}: µs per sample, medians ({(ThreadClock.IsCpuTime ? "thread CPU time" : "wall time")})");
        double total = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            double m = QuickInference.Median(samples[c]);
            if (!isAlternative(cases[c].Name)) total += m;
            Console.WriteLine($"{cases[c].Name,-14} {m,10:F3}");
        }
        Console.WriteLine($"{"total (without alternatives)",-14} {total,10:F3}");
    }

    /// <summary>
    /// Each case warmed up (200 ms) and given a repetition count (5 ms of calls), then <paramref name="rounds"/> interleaved
    /// rounds: per case, the µs per call of each round on <paramref name="clock"/> (µs).
    /// </summary>
    public static List<double>[] Measure(List<(string Name, Action Run)> cases, int rounds, Func<double> clock)
    {
        var samples = cases.Select(_ => new List<double>()).ToArray();
        var reps = new int[cases.Count];
        for (int c = 0; c < cases.Count; c++)
        {
            long w0 = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(w0).TotalMilliseconds < 200) cases[c].Run();
            long t0 = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(t0).TotalMilliseconds < 5) { cases[c].Run(); reps[c]++; }
        }
        for (int round = 0; round < rounds; round++)
            for (int c = 0; c < cases.Count; c++)
            {
                double t0 = clock();
                for (int r = 0; r < reps[c]; r++) cases[c].Run();
                samples[c].Add((clock() - t0) / reps[c]);
            }
        return samples;
    }
}
