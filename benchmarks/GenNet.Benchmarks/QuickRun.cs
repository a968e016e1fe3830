using System.Diagnostics;
using System.Runtime.Intrinsics;
using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// A Stopwatch harness for tuning (not the published numbers: those come from BenchmarkDotNet). Every variant of a case
/// runs in the same rounds, interleaved, and the median GFLOP/s over the rounds is reported, which is what a shared,
/// noisy machine allows.
/// </summary>
public static class QuickRun
{
    public static void Run(string filter)
    {
        double peak = MeasurePeak();
        Console.WriteLine($"peak {peak:F1} GFLOP/s (Vector512 accelerated: {Vector512.IsHardwareAccelerated})");
        Console.WriteLine($"{"case",-20} {"shape",-26} {"naive",7} {"auto",7} {"direct",7} {"packed",7} {"v256",7} {"v128",7} {"auto%pk",7} {"×naive",7}");
        foreach (var g in GemmCase.All().Where(g => filter.Length == 0 || g.Name.Contains(filter)))
        {
            var (rows, cols, inner, rsA, csA, rsB, csB) = g.Normalized;
            var variants = new List<(string, Action)>
            {
                ("naive", g.RunNaive),
                ("auto", g.RunGenNet),
                ("direct", () => { if (csB == 1) Gemm.RunDirect<Gemm.V512, Vector512<float>>(ref g.A[0], rsA, csA, ref g.B[0], rsB, ref g.C[0], rows, cols, inner, false); }),
                ("packed", () => Gemm.RunPacked<Gemm.V512, Vector512<float>>(ref g.A[0], rsA, csA, ref g.B[0], rsB, csB, ref g.C[0], rows, cols, inner, false)),
                ("v256", () => Gemm.Dispatch(Gemm.Path.Vector256, g.A, rsA, csA, g.B, rsB, csB, g.C, rows, cols, inner, false)),
                ("v128", () => Gemm.Dispatch(Gemm.Path.Vector128, g.A, rsA, csA, g.B, rsB, csB, g.C, rows, cols, inner, false)),
            };
            int reps = Math.Max(1, (int)(2e7 / g.Flops));
            var samples = variants.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < 15; round++)
                for (int v = 0; v < variants.Count; v++)
                {
                    var run = variants[v].Item2;
                    run();
                    long t0 = Stopwatch.GetTimestamp();
                    for (int r = 0; r < reps; r++) run();
                    double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    samples[v].Add(g.Flops * reps / seconds / 1e9);
                }
            double[] med = samples.Select(Median).ToArray();
            string direct = csB == 1 ? $"{med[2],7:F1}" : $"{"-",7}";
            Console.WriteLine($"{g.Name,-20} {g.Shape,-26} {med[0],7:F1} {med[1],7:F1} {direct} {med[3],7:F1} {med[4],7:F1} {med[5],7:F1} {100 * med[1] / peak,6:F1}% {med[1] / med[0],7:F2}");
        }
    }

    public static double MeasurePeak()
    {
        const int iterations = 2_000_000;
        var best = new List<double>();
        for (int i = 0; i < 15; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            PeakFlops.Run(iterations);
            best.Add(PeakFlops.Flops(iterations) / Stopwatch.GetElapsedTime(t0).TotalSeconds / 1e9);
        }
        return Median(best);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
