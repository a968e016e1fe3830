using BenchmarkDotNet.Attributes;

namespace GenNet.Benchmarks;

/// <summary>
/// GenNet's Gemm against the baseline (<see cref="NaiveGemm"/>) on square sizes and the sample models' products.
/// GFLOP/s and % of the measured peak are computed by <see cref="GemmReport"/> at the end of the run.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    [ParamsSource(nameof(Cases))]
    public GemmCase Case { get; set; } = null!;

    public static IEnumerable<GemmCase> Cases => GemmCase.All();

    [Benchmark(Baseline = true)]
    public void Naive() => Case.RunNaive();

    [Benchmark]
    public void GenNetGemm() => Case.RunGenNet();
}

/// <summary>One core's FMA peak, in the same run as <see cref="GemmBenchmarks"/> so the % of peak compares like with like.</summary>
public class PeakFlopsBenchmarks
{
    public const int Iterations = 1_000_000;

    [Benchmark]
    public float Fma() => PeakFlops.Run(Iterations);
}
