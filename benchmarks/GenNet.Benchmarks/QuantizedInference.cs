namespace GenNet.Benchmarks;

/// <summary>
/// Issue 16's int8 targets side by side in one run: GenNet fp32, GenNet int8 and ONNX Runtime on the int8 model's QDQ export,
/// with <see cref="QuantizedInferenceBenchmarks"/>' setup (same weights and calibration; it checks GenNet int8 against ORT),
/// one thread, 21 interleaved rounds, medians per call. `dotnet run -c Release -- int8-infer [mlp|cnn]`.
/// </summary>
public static class QuantizedInference
{
    public static void Run(string filter)
    {
        Console.WriteLine(ThreadClock.IsCpuTime ? "times: thread CPU time, medians of 21 interleaved rounds" : "times: wall time, medians of 21 interleaved rounds");
        Console.WriteLine($"{"workload",-8} {"batch",6} {"fp32 µs",11} {"int8 µs",11} {"ORT int8 µs",12} {"int8/fp32",10} {"int8/ORT",9}");
        foreach (string workload in new[] { "mlp", "cnn" })
        {
            if (filter.Length > 0 && !workload.Contains(filter, StringComparison.Ordinal)) continue;
            foreach (int batch in new[] { 1, 1000 })
            {
                var bench = new QuantizedInferenceBenchmarks { Workload = workload, Batch = batch };
                bench.Setup();
                try
                {
                    Action[] runs = [bench.GenNetFp32, bench.GenNetInt8, bench.OnnxRuntimeInt8];
                    int[] reps = runs.Select(QuickInference.Calibrate).ToArray();
                    var times = runs.Select(_ => new List<double>()).ToArray();
                    for (int round = 0; round < 21; round++)
                        for (int i = 0; i < runs.Length; i++) times[i].Add(QuickInference.Time(runs[i], reps[i]));
                    double fp32 = QuickInference.Median(times[0]), int8 = QuickInference.Median(times[1]), ort = QuickInference.Median(times[2]);
                    Console.WriteLine($"{workload,-8} {batch,6} {fp32,11:F2} {int8,11:F2} {ort,12:F2} {int8 / fp32,10:F3} {int8 / ort,9:F3}");
                }
                finally
                {
                    bench.Cleanup();
                }
            }
        }
    }
}
