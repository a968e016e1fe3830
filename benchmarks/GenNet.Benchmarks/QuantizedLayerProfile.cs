using System.Diagnostics;
using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// Where int8 inference time goes: the whole Predict of fp32, int8, float16 and bfloat16 weights, and each int8 step on its own,
/// for the seed MLP or CNN at a given batch, one thread. `dotnet run -c Release -- int8-layers mlp|cnn [batch]`.
/// </summary>
public static class QuantizedLayerProfile
{
    public static void Run(string workload, int batch, string filter = "")
    {
        Model model = InferenceBenchmarks.CreateModel(workload);
        model.Threads = 1;
        var rng = new Random(12345);
        var calibration = new float[500 * model.Info.InputSize];
        for (int i = 0; i < calibration.Length; i++) calibration[i] = (float)rng.NextDouble();
        QuantizedModel q = model.Quantize(calibration);
        q.Threads = 1;
        HalfWeightsModel h = model.ToHalfWeights();
        h.Threads = 1;
        HalfWeightsModel bf = model.ToHalfWeights(HalfFormat.BFloat16);
        bf.Threads = 1;
        var x = new float[batch * model.Info.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        var y = new float[batch * model.Info.OutputSize];
        int widest = Math.Max(model.Info.InputSize, q.Layers.Max(l => l.Plan.Outputs));
        var a = new byte[batch * widest + 64];
        var b = new byte[batch * widest + 64];
        rng.NextBytes(a);
        var cases = new List<(string Name, Action Run)>
        {
            ("fp32 Predict", () => model.Predict(x, y)),
            ("int8 Predict", () => q.Predict(x, y)),
            ("fp16 Predict", () => h.Predict(x, y)),
            ("bf16 Predict", () => bf.Predict(x, y)),
        };
        // The float input to bytes, the pass before the first layer.
        var quantized = new byte[x.Length];
        cases.Add(("int8 quantize input", () => QuantizedKernels.Quantize(x, quantized, q.InputScale, q.InputZeroPoint)));
        for (int i = 0; i < q.Layers.Count; i++)
        {
            // A max pooling fused into the convolution before it runs (and is timed) with it.
            if (q.RunsInsidePrevious(i)) continue;
            int index = i;
            cases.Add(($"int8 {q.StepName(i)}", () => q.RunLayer(index, a, b, y, batch)));
            var plan = q.Layers[i].Plan;
            if (plan.Kind == GenNet.Quantization.PlanKind.Dense)
                cases.Add(($"int8 {plan.Name} products", () => Int8Gemm.MultiplyOnly(a, plan.Inputs, q.Layers[index].Packed, batch, plan.Inputs, plan.Channels)));
        }
        // The products' floor: as many register-only vpdpbusd as the in-place convolutions issue at this batch (per
        // pixel computed, 4·⌈KernelWidth·Channels/4⌉ bytes per kernel row, 8 filters per instruction).
        long vpdpbusd = q.Layers.Where(l => l.Plan.Kind == GenNet.Quantization.PlanKind.Conv2D && l.PackedRuns.Length > 0)
            .Sum(l => (long)ComputedPixels(q, l) * Int8Gemm.RunQuads(l.Plan.Conv) * (Int8Gemm.PaddedColumns(l.Plan.Channels) / 8)) * batch;
        if (vpdpbusd > 0) cases.Add(($"vpdpbusd peak, {vpdpbusd} of them", () => VnniPeak.Run((int)(vpdpbusd / 16))));
        cases = cases.Where(c => c.Name.Contains(filter, StringComparison.Ordinal)).ToList();
        // Wall time, and the minimum: on a loaded machine a neighbour's time slice only ever adds.
        var times = KernelTimer.Measure(cases, 41, () => Stopwatch.GetTimestamp() * 1e6 / Stopwatch.Frequency);
        Console.WriteLine($"{workload} batch {batch}: µs per call (wall time), minimum and median of 41 rounds");
        for (int c = 0; c < cases.Count; c++)
            Console.WriteLine($"{cases[c].Name,-36} {times[c].Min(),10:F3} {QuickInference.Median(times[c]),10:F3}");
    }

    // Pixels a convolution computes: only the pooled ones when its pooling is fused into it.
    private static int ComputedPixels(QuantizedModel q, GenNet.Quantization.QuantizedLayer layer)
    {
        int index = q.Layers.ToList().IndexOf(layer);
        if (index + 1 < q.Layers.Count && q.RunsInsidePrevious(index + 1))
        {
            var pool = q.Layers[index + 1].Plan.Pool;
            return pool.OutHeight * pool.OutWidth * pool.PoolHeight * pool.PoolWidth;
        }
        return layer.Plan.Conv.OutHeight * layer.Plan.Conv.OutWidth;
    }
}
