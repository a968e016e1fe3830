using System.Numerics.Tensors;
using GenNet.Data;
using GenNet.Metrics;
using Tutorials.Mnist;

namespace GenNet.Benchmarks;

/// <summary>
/// Where one training step's time goes, phase by phase, on one thread: the shuffled row gather, the generated Forward, the
/// loss values, the loss gradient, the generated Backward (per chunk, as the trainer cuts the batch), the chunk-gradient
/// reduction with the optimizer step, the metric, and, by difference with whole Fit epochs timed in the same rounds, what
/// the loop itself costs per batch; then whole Fit epochs on 2 threads in the same rounds (wall and process CPU time), beside
/// the 1-thread ones. `dotnet run -c Release -- train-phases [mlp|cnn]`.
/// </summary>
/// <remarks>
/// Each phase calls the pieces the trainer calls (Trainer.Chunks.cs, Trainer.Step.cs) on buffers of the same layout, so a
/// phase costs what it costs inside Fit, minus cache effects between phases. Times are thread CPU time per step.
/// </remarks>
public static class TrainStepProfile
{
    public static void Run(string filter)
    {
        var train = MnistData.LoadFashionMnist().Train;
        float[] y = Encoding.OneHot(train.Labels, 10);
        foreach (string name in new[] { "mlp", "cnn" })
        {
            if (filter.Length > 0 && !name.Contains(filter, StringComparison.Ordinal)) continue;
            Profile(name, train.Images, y);
        }
    }

    private static Model NewModel(string name)
    {
        Model model = name == "mlp" ? new BenchMlp(1) : new MnistCnnModel(1);
        if (name == "mlp") model.Compile(Loss.CategoricalCrossentropy, new SGD(learningRate: 0.5f), Metric.Accuracy);
        else model.Compile(Loss.CategoricalCrossentropy, new Adam(), Metric.Accuracy);
        model.Threads = 1;
        return model;
    }

    private static void Profile(string name, float[] x, float[] y)
    {
        int batch = name == "mlp" ? 100 : 128;
        var model = NewModel(name);
        var info = model.Info;
        int chunks = model.ChunkCount(batch), inputSize = info.InputSize, outputSize = info.OutputSize, rowsMax = (batch + chunks - 1) / chunks;
        int samples = y.Length / 10, steps = samples / batch;
        var order = Enumerable.Range(0, samples).ToArray();
        new Random(7).Shuffle(order);

        var inputs = new float[batch * inputSize];
        var labels = new float[batch * 10];
        var activations = new float[batch * info.ActivationsPerSample];
        var activationGradients = new float[batch * info.ActivationGradientsPerSample];
        var outputGradient = new float[batch * outputSize];
        var output = new float[batch * outputSize];
        var perSample = new float[batch];
        var scratch = new float[Math.Max(1, info.ScratchSize)];
        var chunkGradients = Enumerable.Range(0, chunks).Select(_ => new float[info.ParameterCount]).ToArray();
        var sum = new float[info.ParameterCount];
        var loss = Loss.CategoricalCrossentropy;
        var metric = new CategoricalAccuracy();
        var random = new Rng(1);

        // A second model whose parameters the optimizer phase steps, so the profiled weights stay as they are.
        var stepped = NewModel(name);
        var optimizer = name == "mlp" ? (Optimizer)new SGD(learningRate: 0.5f) : new Adam();
        var stepParameters = stepped.Parameters.ToArray();
        optimizer.Build(info.ParameterCount, []);
        metric.Build(outputSize, 10);

        int next = 0, finitePart = 0;
        void Chunks(Action<int, int, int> body)
        {
            for (int c = 0; c < chunks; c++)
            {
                var (start, rows) = Model.ChunkRange(batch, chunks, c);
                body(c, start, rows);
            }
        }
        Span<float> Acts(int start, int rows) => activations.AsSpan(start * info.ActivationsPerSample, rows * info.ActivationsPerSample);
        Span<float> Rows(float[] a, int size, int start, int rows) => a.AsSpan(start * size, rows * size);
        Span<float> Out(int start, int rows) => Acts(start, rows).Slice(info.OutputOffset * rows, rows * outputSize);

        var cases = new List<(string Name, Action Run)>
        {
            ("gather rows", () =>
            {
                // The shuffled pass: every step reads `batch` rows the caches have not seen since the last epoch.
                for (int r = 0; r < batch; r++, next = (next + 1) % samples)
                {
                    x.AsSpan(order[next] * inputSize, inputSize).CopyTo(inputs.AsSpan(r * inputSize));
                    y.AsSpan(order[next] * 10, 10).CopyTo(labels.AsSpan(r * 10));
                }
            }),
            ("forward", () => Chunks((c, start, rows) => model.RunForward(Rows(inputs, inputSize, start, rows), Acts(start, rows), scratch, rows, true, random))),
            ("loss values", () => Chunks((c, start, rows) =>
            {
                model.PackOutputs(Acts(start, rows), Rows(output, outputSize, start, rows), rows);
                loss.PerSample(Rows(labels, 10, start, rows), Out(start, rows), perSample.AsSpan(start, rows), rows, outputSize);
            })),
            ("loss gradient", () => Chunks((c, start, rows) =>
                loss.TryLogitGradient(info.OutputActivation, Rows(labels, 10, start, rows), Out(start, rows), default, 1f / batch,
                    Rows(outputGradient, outputSize, start, rows), rows, outputSize))),
            ("backward", () => Chunks((c, start, rows) =>
                model.RunBackward(Rows(inputs, inputSize, start, rows), Acts(start, rows), Rows(outputGradient, outputSize, start, rows),
                    activationGradients.AsSpan(start * info.ActivationGradientsPerSample, rows * info.ActivationGradientsPerSample),
                    chunkGradients[c], scratch, rows, true))),
            ("reduce + step", () =>
            {
                // Trainer.ReduceJob: per 4096-float block, the chunk sum in chunk order, then the optimizer on that block.
                for (int start = 0; start < sum.Length; start += 4096)
                {
                    int length = Math.Min(4096, sum.Length - start);
                    var s = sum.AsSpan(start, length);
                    TensorPrimitives.Add(chunkGradients[0].AsSpan(start, length), chunkGradients[Math.Min(1, chunks - 1)].AsSpan(start, length), s);
                    for (int c = 2; c < chunks; c++) TensorPrimitives.Add(s, chunkGradients[c].AsSpan(start, length), s);
                    optimizer.ApplyBlock(stepParameters, sum, start, length);
                }
                optimizer.EndBlockStep();
            }),
            ("finite check (x, y)", () =>
            {
                // DataSet.Create scans the whole training set once per Fit call: here one step's share of that scan.
                int part = finitePart++ % steps;
                int xLength = x.Length / steps, yLength = y.Length / steps;
                FiniteScan.Require(x.AsSpan(part * xLength, xLength), inputSize, "x", "x");
                FiniteScan.Require(y.AsSpan(part * yLength, yLength), 10, "y", "y");
            }),
            ("metric", () =>
            {
                metric.ResetState();
                metric.UpdateState(labels, output, default, batch, outputSize);
            }),
        };

        // Whole epochs of Fit on one thread (this thread, so the thread clock sees all of it), in the same rounds.
        var fitted = NewModel(name);
        fitted.Fit(x, y, epochs: 1, batchSize: batch, verbose: 0);
        var twoThreads = NewModel(name);
        twoThreads.Threads = 2;
        twoThreads.Fit(x, y, epochs: 1, batchSize: batch, verbose: 0);
        var phases = cases.Select(_ => new List<double>()).ToArray();
        var fits = new List<double>();
        var fitWalls = new List<double>();
        var twoWalls = new List<double>();
        var twoCpus = new List<double>();
        foreach (var (_, run) in cases) for (int i = 0; i < 50; i++) run();
        for (int round = 0; round < 5; round++)
        {
            for (int c = 0; c < cases.Count; c++)
            {
                double t0 = ThreadClock.Microseconds();
                for (int i = 0; i < steps / 4; i++) cases[c].Run();
                phases[c].Add((ThreadClock.Microseconds() - t0) / (steps / 4));
            }
            double f0 = ThreadClock.Microseconds();
            long w0 = System.Diagnostics.Stopwatch.GetTimestamp();
            fitted.Fit(x, y, epochs: 1, batchSize: batch, verbose: 0);
            fits.Add((ThreadClock.Microseconds() - f0) / steps);
            fitWalls.Add(System.Diagnostics.Stopwatch.GetElapsedTime(w0).TotalMicroseconds / steps);
            var process = System.Diagnostics.Process.GetCurrentProcess();
            TimeSpan c0 = process.TotalProcessorTime;
            w0 = System.Diagnostics.Stopwatch.GetTimestamp();
            twoThreads.Fit(x, y, epochs: 1, batchSize: batch, verbose: 0);
            twoWalls.Add(System.Diagnostics.Stopwatch.GetElapsedTime(w0).TotalMicroseconds / steps);
            process.Refresh();
            twoCpus.Add((process.TotalProcessorTime - c0).TotalMicroseconds / steps);
        }

        double fit = QuickInference.Median(fits), known = 0;
        Console.WriteLine($"{name}: batch {batch} in {chunks} chunks, one thread, µs per step ({(ThreadClock.IsCpuTime ? "thread CPU time" : "wall time")}), medians of 5 rounds");
        Console.WriteLine($"{"phase",-28} {"µs/step",9} {"share",7}");
        for (int c = 0; c < cases.Count; c++)
        {
            double m = QuickInference.Median(phases[c]);
            known += m;
            Console.WriteLine($"{cases[c].Name,-28} {m,9:F1} {m / fit,7:P1}");
        }
        Console.WriteLine($"{"rest of Fit (loop, logs)",-28} {fit - known,9:F1} {(fit - known) / fit,7:P1}");
        Console.WriteLine($"{"Fit epoch / steps",-28} {fit,9:F1} {1.0,7:P1}   ({fit * steps / 1e6:F3} s/epoch)");
        double wall1 = QuickInference.Median(fitWalls), wall2 = QuickInference.Median(twoWalls), cpu2 = QuickInference.Median(twoCpus);
        Console.WriteLine($"Fit µs/step, wall: 1 thread {wall1:F1}, 2 threads {wall2:F1} (2/1 = {wall2 / wall1:F3}); " +
            $"2 threads' process CPU {cpu2:F1} (/ 1 thread's thread CPU = {cpu2 / fit:F3})");
    }
}
