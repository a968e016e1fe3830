using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// The matrix products of one MLP training chunk (BenchMlp 784-100-50-10, 50 rows: a batch of 100 in two chunks), each on
/// its own: µs per call, GFLOP/s, and FLOP per cycle against one core's FMA peak measured in the same run (PeakFlops,
/// taken as 2 FMA ports × 16 lanes × 2 = 64 FLOP/cycle, which gives the clock). `dotnet run -c Release -- train-gemms [filter]`.
/// </summary>
/// <remarks>
/// The calls are the ones DenseKernel.Forward/Backward make (Gemm.Multiply with the bias preloaded, MultiplyTransposedA
/// for the weight gradient, MultiplyTransposedB for the input gradient), on buffers of the step's shapes and values of
/// the step's magnitude. Thread CPU time, medians of 11 interleaved rounds.
/// </remarks>
public static class StepGemmProfile
{
    private const int Rows = 50;

    public static void Run(string filter)
    {
        var rng = new Random(3);
        float[] Random(int n, bool relu = false)
        {
            var b = new float[n];
            for (int i = 0; i < n; i++) b[i] = (float)(rng.NextDouble() - (relu ? 0.3 : 0.5));
            if (relu) for (int i = 0; i < n; i++) b[i] = Math.Max(b[i], 0f);
            return b;
        }
        float[] x = Random(Rows * 784), y1 = Random(Rows * 100, relu: true), y2 = Random(Rows * 50, relu: true);
        float[] w1 = Random(784 * 100), w2 = Random(100 * 50), w3 = Random(50 * 10);
        float[] dz1 = Random(Rows * 100), dz2 = Random(Rows * 50), dz3 = Random(Rows * 10);
        float[] z1 = new float[Rows * 100], z2 = new float[Rows * 50], z3 = new float[Rows * 10];
        float[] dw1 = new float[784 * 100], dw2 = new float[100 * 50], dw3 = new float[50 * 10];
        float[] dx2 = new float[Rows * 100], dx3 = new float[Rows * 50];
        float[] w1Tail = w1.AsSpan(96).ToArray(); // the first product's last 4 columns, rows still 100 apart

        // (name, multiply-adds, call): forward products, then the backward ones in the order Backward runs them.
        var cases = new List<(string Name, long Macs, Action Run)>
        {
            ("fwd 50x784 · 784x100", Rows * 784L * 100, () => Gemm.Multiply(x, w1, z1, Rows, 784, 100, accumulate: true)),
            ("fwd 50x100 · 100x50", Rows * 100L * 50, () => Gemm.Multiply(y1, w2, z2, Rows, 100, 50, accumulate: true)),
            ("fwd 50x50 · 50x10", Rows * 50L * 10, () => Gemm.Multiply(y2, w3, z3, Rows, 50, 10, accumulate: true)),
            ("dW 50x50ᵀ · 50x10", Rows * 50L * 10, () => Gemm.MultiplyTransposedA(y2, dz3, dw3, Rows, 50, 10, accumulate: false)),
            ("dX 50x10 · 50x10ᵀ", Rows * 10L * 50, () => Gemm.MultiplyTransposedB(dz3, w3, dx3, Rows, 10, 50, accumulate: false)),
            ("dW 50x100ᵀ · 50x50", Rows * 100L * 50, () => Gemm.MultiplyTransposedA(y1, dz2, dw2, Rows, 100, 50, accumulate: false)),
            ("dX 50x50 · 100x50ᵀ", Rows * 50L * 100, () => Gemm.MultiplyTransposedB(dz2, w2, dx2, Rows, 50, 100, accumulate: false)),
            ("dW 50x784ᵀ · 50x100", Rows * 784L * 100, () => Gemm.MultiplyTransposedA(x, dz1, dw1, Rows, 784, 100, accumulate: false)),
        };
        // Alternatives (not in the total): the first product's parts and its other loop nests, to see what costs.
        var alternatives = new List<(string Name, long Macs, Action Run)>
        {
            ("  its 96 tiled columns", Rows * 784L * 96, () => Forced(x, 784, 1, w1, 100, 1, z1, Rows, 96, 784, packed: false)),
            ("  its 4 dot columns", Rows * 784L * 4, () => Forced(x, 784, 1, w1Tail, 100, 1, z1, Rows, 4, 784, packed: false)),
            ("  packed path", Rows * 784L * 100, () => Forced(x, 784, 1, w1, 100, 1, z1, Rows, 100, 784, packed: true)),
            ("  dW packed path", Rows * 784L * 100, () => Forced(x, 1, 784, dz1, 100, 1, dw1, 784, 100, Rows, packed: true)),
        };
        alternatives = alternatives.Where(c => c.Name.Contains(filter, StringComparison.Ordinal) || filter.Length == 0).ToList();
        cases = cases.Where(c => c.Name.Contains(filter, StringComparison.Ordinal)).ToList();

        const int peakIterations = 200_000;
        int main = cases.Count;
        cases.AddRange(alternatives);
        var timed = cases.Select(c => (c.Name, c.Run))
            .Append(("peak", (Action)(() => PeakFlops.Run(peakIterations)))).ToList();
        var samples = KernelTimer.Measure(timed, 11, ThreadClock.Microseconds);
        double peakUs = QuickInference.Median(samples[^1]);
        double peakGflops = PeakFlops.Flops(peakIterations) / peakUs / 1e3;
        double ghz = peakGflops / 64;
        Console.WriteLine($"one MLP training chunk ({Rows} rows), {(ThreadClock.IsCpuTime ? "thread CPU time" : "wall time")}, medians of 11 rounds; " +
            $"FMA peak {peakGflops:F1} GFLOP/s (= 64 FLOP/cycle at {ghz:F2} GHz)");
        Console.WriteLine($"{"product",-22} {"µs/call",9} {"GFLOP/s",8} {"FLOP/cyc",8} {"of peak",8}");
        double totalUs = 0, totalFlops = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            double us = QuickInference.Median(samples[c]), flops = 2.0 * cases[c].Macs, gflops = flops / us / 1e3;
            if (c < main)
            {
                totalUs += us;
                totalFlops += flops;
            }
            Console.WriteLine($"{cases[c].Name,-22} {us,9:F2} {gflops,8:F1} {gflops / ghz,8:F1} {gflops / peakGflops,8:P0}");
        }
        double all = totalFlops / totalUs / 1e3;
        Console.WriteLine($"{"all of a chunk (no alternatives)",-22} {totalUs,9:F2} {all,8:F1} {all / ghz,8:F1} {all / peakGflops,8:P0}");
    }

    /// <summary>One loop nest of the widest path forced: the direct one (b row-major) or the packed one.</summary>
    private static void Forced(float[] a, nint rsA, nint csA, float[] b, nint rsB, nint csB, float[] c, int m, int n, int k, bool packed)
    {
        ref float ar = ref a[0], br = ref b[0], cr = ref c[0];
        if (packed) Gemm.RunPacked<Gemm.V512, System.Runtime.Intrinsics.Vector512<float>>(ref ar, rsA, csA, ref br, rsB, csB, ref cr, m, n, k, accumulate: true);
        else Gemm.RunDirect<Gemm.V512, System.Runtime.Intrinsics.Vector512<float>>(ref ar, rsA, csA, ref br, rsB, ref cr, m, n, k, accumulate: true);
    }
}
