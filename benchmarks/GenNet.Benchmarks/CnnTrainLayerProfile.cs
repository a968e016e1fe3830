using System.Runtime.Intrinsics;
using GenNet.Kernels;
using Tutorials.Mnist;

namespace GenNet.Benchmarks;

/// <summary>
/// The seed CNN's training step layer by layer, as one training chunk runs it (`cnn-train-layers [rows]`, default 32 rows:
/// batch 128 in 4 chunks): the calls the generated Forward and Backward make, split into forward, input gradient and
/// weight gradient, each with its multiply-adds per sample, GFLOP/s and share of this core's FMA peak (measured in the
/// same process on the same clock: 16 chains of 512-bit FMAs). Thread CPU time, medians of interleaved rounds.
/// </summary>
public static class CnnTrainLayerProfile
{
    public static void Run(int rows, string filter = "")
    {
        var rng = new Random(1);
        float[] Buffer(int perSample) => CnnWeights.Random(rng, perSample * rows);
        var (g1, g2, pool1, pool2) = (MnistCnnModel.Conv2dGeometry, MnistCnnModel.Conv2d1Geometry, MnistCnnModel.MaxPooling2dGeometry, MnistCnnModel.MaxPooling2d1Geometry);
        float[] x = Buffer(784), y1 = new float[rows * g1.OutputSize], p1 = new float[rows * pool1.OutputSize];
        float[] y2 = new float[rows * g2.OutputSize], p2 = new float[rows * pool2.OutputSize];
        float[] d1 = Buffer(64), o = Buffer(10), dd1 = Buffer(64), dOut = Buffer(10);
        float[] scratch = new float[MnistCnnModel.ScratchSize];
        var (k1, b1, k2, b2, k3, b3, k4, b4) = new CnnWeights();
        float[] dk1 = new float[k1.Length], db1 = new float[b1.Length], dk2 = new float[k2.Length], db2 = new float[b2.Length];
        float[] dk3 = new float[k3.Length], db3 = new float[b3.Length], dk4 = new float[k4.Length], db4 = new float[b4.Length];
        float[] dp1 = new float[rows * pool1.OutputSize], dz1 = new float[rows * g1.OutputSize];
        float[] dz2 = new float[rows * g2.OutputSize], dp2 = Buffer(pool2.OutputSize);
        // Real activations, so the relu and pooling masks (and any sparsity a kernel uses) are the training step's.
        Conv2DKernel.ForwardRelu(x, k1, b1, y1, scratch, rows, g1);
        MaxPooling2DKernel.Forward(y1, p1, rows, pool1);
        Conv2DKernel.ForwardRelu(p1, k2, b2, y2, scratch, rows, g2);
        MaxPooling2DKernel.Forward(y2, p2, rows, pool2);
        MaxPooling2DKernel.BackwardRelu(y2, dp2, dz2, rows, pool2);
        Conv2DKernel.Backward(p1, k2, dz2, dp1, dk2, db2, scratch, rows, g2);

        Console.WriteLine($"conv2's output gradient: {dz2.Count(v => v != 0) / (double)dz2.Length:P1} nonzero");
        long conv1 = (long)g1.OutHeight * g1.OutWidth * g1.Filters * g1.PatchSize, conv2 = (long)g2.OutHeight * g2.OutWidth * g2.Filters * g2.PatchSize;
        var cases = new List<(string Name, long Macs, Action Run)>
        {
            ("F conv1+relu", conv1, () => Conv2DKernel.ForwardRelu(x, k1, b1, y1, scratch, rows, g1)),
            ("F pool1", 0, () => MaxPooling2DKernel.Forward(y1, p1, rows, pool1)),
            ("F conv2+relu", conv2, () => Conv2DKernel.ForwardRelu(p1, k2, b2, y2, scratch, rows, g2)),
            ("F pool2", 0, () => MaxPooling2DKernel.Forward(y2, p2, rows, pool2)),
            ("F dense", 800 * 64, () => DenseKernel.Forward(p2, k3, b3, d1, rows, 800, 64)),
            ("F dense1", 64 * 10, () => DenseKernel.Forward(d1, k4, b4, o, rows, 64, 10)),
            ("B dense1 dW+dX", 2 * 64 * 10, () => DenseKernel.Backward(d1, k4, dOut, dd1, dk4, db4, rows, 64, 10)),
            ("B dense dW+dX", 2 * 800 * 64, () => DenseKernel.Backward(p2, k3, dd1, dp2, dk3, db3, rows, 800, 64)),
            ("B pool2+relu2", 0, () => MaxPooling2DKernel.BackwardRelu(y2, dp2, dz2, rows, pool2)),
            ("B conv2 dK", conv2, () => Conv2DKernel.Backward(p1, k2, dz2, default, dk2, db2, scratch, rows, g2)),
            ("B conv2 dK+dX", 2 * conv2, () => Conv2DKernel.Backward(p1, k2, dz2, dp1, dk2, db2, scratch, rows, g2)),
            ("  dense dK path", 0, () => Conv2DDirect.KernelGradient(Conv2DDirect.VectorPath(g2.Filters), p1, dz2, dk2, db2, rows, g2)),
            ("  gathered dX path", 0, () => Conv2DDirect.InputGradientGather(Conv2DDirect.VectorPath(g2.Channels), k2, dz2, dp1, scratch, rows, g2)),
            ("B pool1+relu1", 0, () => MaxPooling2DKernel.BackwardRelu(y1, dp1, dz1, rows, pool1)),
            ("B conv1 dK", conv1, () => Conv2DKernel.Backward(x, k1, dz1, default, dk1, db1, scratch, rows, g1)),
        };
        cases = cases.Where(c => c.Name.Contains(filter, StringComparison.Ordinal)).ToList();
        double peak = Peak();
        var samples = KernelTimer.Measure(cases.Select(c => (c.Name, c.Run)).ToList(), 11, ThreadClock.Microseconds);
        Console.WriteLine($"{rows} rows (one training chunk), µs per sample, medians ({(ThreadClock.IsCpuTime ? "thread CPU time" : "wall time")}); " +
            $"FMA peak of this core {peak:F1} GFLOP/s");
        Console.WriteLine($"{"call",-16} {"µs/sample",10} {"MACs/sample",12} {"GFLOP/s",8} {"of peak",8}");
        double total = 0, dK = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            double us = QuickInference.Median(samples[c]) / rows;
            // "B conv2 dK+dX" contains "B conv2 dK": the step's total counts the pair once; indented rows are other paths.
            if (cases[c].Name == "B conv2 dK") dK = us;
            else if (!cases[c].Name.StartsWith(' ')) total += us;
            string rate = cases[c].Macs == 0 ? "" : $"{2.0 * cases[c].Macs / us / 1e3,8:F1} {2.0 * cases[c].Macs / us / 1e3 / peak,8:P0}";
            Console.WriteLine($"{cases[c].Name,-16} {us,10:F3} {cases[c].Macs,12:N0} {rate}");
        }
        if (dK > 0) Console.WriteLine($"{"  conv2 dX (diff)",-16} {QuickInference.Median(samples[cases.FindIndex(c => c.Name == "B conv2 dK+dX")]) / rows - dK,10:F3}");
        Console.WriteLine($"{"step's calls",-16} {total,10:F3}");
    }

    /// <summary>This core's single-precision FMA peak on the thread clock (GFLOP/s).</summary>
    private static double Peak()
    {
        if (!Vector512.IsHardwareAccelerated) return double.NaN;
        const int iterations = 2_000_000;
        var rates = new List<double>();
        for (int i = 0; i < 11; i++)
        {
            double t0 = ThreadClock.Microseconds();
            PeakFlops.Run(iterations);
            rates.Add(PeakFlops.Flops(iterations) / (ThreadClock.Microseconds() - t0) / 1e3);
        }
        return QuickInference.Median(rates);
    }
}
