using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace GenNet.Benchmarks;

/// <summary>
/// The inference table of docs/BENCHMARKS.md from the medians of an <see cref="InferenceBenchmarks"/> run: batch-1
/// latency (µs per sample) and batch-1000 throughput (samples/s) for GenNet and ONNX Runtime, and their ratios.
/// </summary>
public static class InferenceReport
{
    public static void Write(IEnumerable<Summary> summaries)
    {
        var medians = new Dictionary<(string Workload, int Batch, string Method), double>();
        foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
        {
            if (report.BenchmarkCase.Descriptor.Type != typeof(InferenceBenchmarks)) continue;
            var parameters = report.BenchmarkCase.Parameters;
            medians[((string)parameters["Workload"], (int)parameters["Batch"], report.BenchmarkCase.Descriptor.WorkloadMethod.Name)] =
                report.ResultStatistics!.Median;
        }
        if (medians.Count == 0) return;

        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| Model | GenNet batch 1 (µs) | ORT batch 1 (µs) | GenNet / ORT time | GenNet batch 1000 (samples/s) | ORT batch 1000 (samples/s) | GenNet / ORT throughput |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (string workload in new[] { "mlp", "cnn", "logreg", "spam" })
        {
            string Cell(int batch, string method, bool throughput) =>
                medians.TryGetValue((workload, batch, method), out double ns)
                    ? throughput ? Rate(batch, ns) : (ns / 1000).ToString(ns < 10_000 ? "F2" : "F1", inv)
                    : "–";
            string Ratio(int batch, bool throughput) =>
                medians.TryGetValue((workload, batch, nameof(InferenceBenchmarks.GenNet)), out double ours) &&
                medians.TryGetValue((workload, batch, nameof(InferenceBenchmarks.OnnxRuntime)), out double theirs)
                    ? (throughput ? theirs / ours : ours / theirs).ToString("F2", inv)
                    : "–";
            text.AppendLine(inv, $"| {workload} | {Cell(1, "GenNet", false)} | {Cell(1, "OnnxRuntime", false)} | {Ratio(1, false)} | " +
                $"{Cell(1000, "GenNet", true)} | {Cell(1000, "OnnxRuntime", true)} | {Ratio(1000, true)} |");
        }
        Console.WriteLine();
        Console.WriteLine(text.ToString());
        string directory = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "inference.md"), text.ToString());
    }

    private static string Rate(int batch, double ns)
    {
        double perSecond = batch / (ns * 1e-9);
        return perSecond >= 1e6
            ? (perSecond / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M"
            : (perSecond / 1e3).ToString("F0", CultureInfo.InvariantCulture) + "k";
    }
}
