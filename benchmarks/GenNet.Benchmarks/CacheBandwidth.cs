using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Benchmarks;

/// <summary>
/// The floor under batch-1 inference: how fast one core reads a block of weights that sits in L1 or L2, by plain vector
/// loads and with software prefetch hints (as Gemm's GEMV issues them). The MLP's first layer is 313 KB: at the rate
/// printed for that size, reading it once takes 313 KB / rate, whatever the arithmetic does.
/// `dotnet run -c Release -- bandwidth`.
/// </summary>
public static unsafe class CacheBandwidth
{
    public static void Run()
    {
        Console.WriteLine("read bandwidth, one thread, thread CPU time, medians of 31 rounds");
        Console.WriteLine($"{"block",-10} {"loads GB/s",11} {"+prefetch GB/s",15} {"µs per block (best)",20}");
        foreach (int kb in new[] { 16, 32, 128, 313, 512 })
        {
            int floats = kb * 256;
            // 16 bytes past a 64-byte boundary, like a managed array's data.
            float* block = (float*)NativeMemory.AlignedAlloc((nuint)(floats + 32) * sizeof(float), 64) + 4;
            for (int i = 0; i < floats; i++) block[i] = i * 1e-6f;
            double plain = Median(block, floats, prefetch: false), hinted = Median(block, floats, prefetch: true);
            double best = Math.Max(plain, hinted);
            Console.WriteLine($"{kb + " KB",-10} {plain,11:F0} {hinted,15:F0} {floats * 4.0 / best / 1e3,20:F2}");
            NativeMemory.AlignedFree(block - 4);
        }
    }

    private static double Median(float* block, int floats, bool prefetch)
    {
        int reps = Math.Max(1, 20_000_000 / floats);
        var rates = new List<double>();
        Vector512<float> sink = default;
        for (int round = 0; round < 31; round++)
        {
            double t0 = ThreadClock.Microseconds() * 1e-6;
            for (int r = 0; r < reps; r++) sink += prefetch ? SumPrefetched(block, floats) : Sum(block, floats);
            rates.Add((double)floats * sizeof(float) * reps / (ThreadClock.Microseconds() * 1e-6 - t0) / 1e9);
        }
        if (sink[0] == 1234.5f) Console.Write(""); // keeps the sums alive
        rates.Sort();
        return rates[rates.Count / 2];
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Sum(float* p, int floats)
    {
        Vector512<float> a = default, b = default, c = default, d = default;
        for (int i = 0; i + 64 <= floats; i += 64)
        {
            a += Vector512.Load(p + i); b += Vector512.Load(p + i + 16); c += Vector512.Load(p + i + 32); d += Vector512.Load(p + i + 48);
        }
        return a + b + c + d;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> SumPrefetched(float* p, int floats)
    {
        Vector512<float> a = default, b = default, c = default, d = default;
        for (int i = 0; i + 64 <= floats; i += 64)
        {
            if (Sse.IsSupported)
            {
                // 2 KB ahead, one hint per cache line.
                Sse.Prefetch0(p + i + 512); Sse.Prefetch0(p + i + 528); Sse.Prefetch0(p + i + 544); Sse.Prefetch0(p + i + 560);
            }
            a += Vector512.Load(p + i); b += Vector512.Load(p + i + 16); c += Vector512.Load(p + i + 32); d += Vector512.Load(p + i + 48);
        }
        return a + b + c + d;
    }
}
