using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// Does the address of a layer's weights matter? The imported CNN's second convolution and the MLP's first Dense layer,
/// each run on copies of the same weights (and activations) placed at 64-byte boundaries and at 16, 32 and 48 bytes past
/// one, interleaved round by round.
/// </summary>
public static unsafe class AlignmentEffect
{
    /// <summary>A pinned copy of <paramref name="values"/> starting <paramref name="shiftBytes"/> past a 64-byte boundary.</summary>
    private static Memory<float> Placed(ReadOnlySpan<float> values, int shiftBytes)
    {
        float[] block = GC.AllocateArray<float>(values.Length + 32, pinned: true);
        fixed (float* p = block)
        {
            int start = (int)(((64 - ((nint)p & 63)) & 63) / 4) + shiftBytes / 4;
            values.CopyTo(block.AsSpan(start));
            return block.AsMemory(start, values.Length);
        }
    }

    public static void Run(int batch)
    {
        var cnn = BenchTorchCnn.CreateTrained();
        float[] p = cnn.Parameters.ToArray();
        var rng = new Random(1);
        float[] Random(int n) { var b = new float[n]; for (int i = 0; i < n; i++) b[i] = (float)rng.NextDouble(); return b; }
        var g2 = BenchTorchCnn.Conv2d1Geometry;
        float[] x2 = Random(13 * 13 * 32 * batch);
        float[] scratch = new float[BenchTorchCnn.ScratchSize * Math.Max(batch, 1)];
        var mlp = new BenchMlp(1);
        float[] q = mlp.Parameters.ToArray();
        float[] xm = Random(784 * batch);
        var cases = new List<(string Name, Action Run)>();
        foreach (int shift in new[] { 0, 16, 32, 48 })
        {
            Memory<float> k2 = Placed(p.AsSpan(BenchTorchCnn.Conv2d1KernelOffset, BenchTorchCnn.Conv2d1KernelLength), shift);
            Memory<float> b2 = Placed(p.AsSpan(BenchTorchCnn.Conv2d1BiasOffset, BenchTorchCnn.Conv2d1BiasLength), shift);
            Memory<float> x = Placed(x2, shift), y = Placed(new float[g2.OutputSize * batch], shift);
            Memory<float> xa = Placed(x2, 0), ya = Placed(new float[g2.OutputSize * batch], 0);
            Memory<float> k2a = Placed(p.AsSpan(BenchTorchCnn.Conv2d1KernelOffset, BenchTorchCnn.Conv2d1KernelLength), 0);
            Memory<float> b2a = Placed(p.AsSpan(BenchTorchCnn.Conv2d1BiasOffset, BenchTorchCnn.Conv2d1BiasLength), 0);
            cases.Add(($"conv2+relu weights +{shift} B", () => Conv2DKernel.ForwardRelu(xa.Span, k2.Span, b2.Span, ya.Span, scratch, batch, g2)));
            cases.Add(($"conv2+relu activations +{shift} B", () => Conv2DKernel.ForwardRelu(x.Span, k2a.Span, b2a.Span, y.Span, scratch, batch, g2)));
            Memory<float> k1 = Placed(q.AsSpan(BenchMlp.DenseKernelOffset, BenchMlp.DenseKernelLength), shift);
            Memory<float> b1 = Placed(q.AsSpan(BenchMlp.DenseBiasOffset, BenchMlp.DenseBiasLength), shift);
            Memory<float> xin = Placed(xm, shift), h = Placed(new float[100 * batch], shift);
            cases.Add(($"mlp dense 784→100 weights +{shift} B", () => DenseKernel.Forward(xin.Span, k1.Span, b1.Span, h.Span, batch, 784, 100)));
        }
        var times = cases.Select(_ => new List<double>()).ToArray();
        int[] reps = cases.Select(c => QuickInference.Calibrate(c.Run)).ToArray();
        for (int round = 0; round < 31; round++)
            for (int c = 0; c < cases.Count; c++) times[c].Add(QuickInference.Time(cases[c].Run, reps[c]));
        Console.WriteLine(ThreadClock.IsCpuTime ? $"batch {batch}; thread CPU µs per call, medians of 31 interleaved rounds" : "wall µs");
        for (int c = 0; c < cases.Count; c++) Console.WriteLine($"{cases[c].Name,-42} {QuickInference.Median(times[c]),10:F2}");
    }
}
