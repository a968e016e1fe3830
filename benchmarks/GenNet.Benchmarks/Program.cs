using BenchmarkDotNet.Running;
using GenNet.Benchmarks;

// `dotnet run -c Release -- quick [name filter]` runs the Stopwatch tuning harness; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickRun.Run(args.Length > 1 ? args[1] : "");
    return;
}
var summaries = BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
GemmReport.Write(summaries);
InferenceReport.Write(summaries);
