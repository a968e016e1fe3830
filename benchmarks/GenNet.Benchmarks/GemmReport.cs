using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace GenNet.Benchmarks;

/// <summary>
/// Turns the medians of a run into the table of docs/BENCHMARKS.md: GFLOP/s, % of the peak measured in the same run
/// (<see cref="PeakFlopsBenchmarks"/>, when it was run), and the ratio against the naive baseline.
/// </summary>
public static class GemmReport
{
    public static void Write(IEnumerable<Summary> summaries)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
        double? peak = null;
        var medians = new Dictionary<(string Case, string Method), double>();
        foreach (var report in reports)
        {
            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            double ns = report.ResultStatistics!.Median;
            if (method == nameof(PeakFlopsBenchmarks.Fma)) peak = PeakFlops.Flops(PeakFlopsBenchmarks.Iterations) / ns;
            else if (report.BenchmarkCase.Parameters["Case"] is GemmCase g) medians[(g.Name, method)] = ns;
        }
        var cases = GemmCase.All().Where(g => medians.ContainsKey((g.Name, nameof(GemmBenchmarks.GenNetGemm)))).ToList();
        if (cases.Count == 0) return;

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        if (peak is double p) text.AppendLine(inv, $"Measured peak (one core, Vector512 FMA): {p:F1} GFLOP/s").AppendLine();
        text.AppendLine("| Case | Product | Naive GFLOP/s | GenNet GFLOP/s | % of peak | × naive |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var g in cases)
        {
            double ours = g.Flops / medians[(g.Name, nameof(GemmBenchmarks.GenNetGemm))];
            string naive = medians.TryGetValue((g.Name, nameof(GemmBenchmarks.Naive)), out double nn) ? (g.Flops / nn).ToString("F1", inv) : "–";
            string ratio = medians.TryGetValue((g.Name, nameof(GemmBenchmarks.Naive)), out nn) ? (nn / medians[(g.Name, nameof(GemmBenchmarks.GenNetGemm))]).ToString("F1", inv) : "–";
            string percent = peak is double pk ? (100 * ours / pk).ToString("F1", inv) + "%" : "–";
            text.AppendLine(inv, $"| {g.Name} | {g.Shape} | {naive} | {ours:F1} | {percent} | {ratio} |");
        }
        Console.WriteLine();
        Console.WriteLine(text.ToString());
        string directory = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "gemm-gflops.md"), text.ToString());
    }
}
