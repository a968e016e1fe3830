using System.Diagnostics;
using Xunit.Abstractions;

namespace GenNet.Tests.Models;

/// <summary>One model instance answers Predict from many threads at once (DESIGN.md: Predict is thread-safe).</summary>
public class ConcurrentPredictTests(ITestOutputHelper output)
{
    [Fact]
    public void Predict_EightThreadsMillionCalls_BitIdenticalToSerial_NoAllocation()
    {
        const int threads = 8, callsPerThread = 125_000, samples = 64;
        var model = new TanhSoftmaxModel(seed: 5);
        var rng = new Rng(17);
        float[] inputs = Enumerable.Range(0, samples * TanhSoftmaxModel.InputSize).Select(_ => rng.NextSingle() * 4 - 2).ToArray();
        float[] serial = new float[samples * TanhSoftmaxModel.OutputSize];
        for (int s = 0; s < samples; s++)
            model.Predict(inputs.AsSpan(s * TanhSoftmaxModel.InputSize, TanhSoftmaxModel.InputSize), serial.AsSpan(s * TanhSoftmaxModel.OutputSize, TanhSoftmaxModel.OutputSize));

        var mismatches = new int[threads];
        var allocated = new long[threads];
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var y = new float[TanhSoftmaxModel.OutputSize];
            model.Predict(inputs.AsSpan(0, TanhSoftmaxModel.InputSize), y); // this thread's warm-up
            start.SignalAndWait();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < callsPerThread; i++)
            {
                int s = (i * 7 + t) % samples;
                model.Predict(inputs.AsSpan(s * TanhSoftmaxModel.InputSize, TanhSoftmaxModel.InputSize), y);
                if (!y.AsSpan().SequenceEqual(serial.AsSpan(s * TanhSoftmaxModel.OutputSize, TanhSoftmaxModel.OutputSize))) mismatches[t]++;
            }
            allocated[t] = GC.GetAllocatedBytesForCurrentThread() - before;
        })).ToArray();
        foreach (var w in workers) w.Start();
        start.SignalAndWait();
        var clock = Stopwatch.StartNew();
        foreach (var w in workers) w.Join();
        double seconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"{threads * callsPerThread:N0} Predict calls on {threads} threads in {seconds:0.00} s: {threads * callsPerThread / seconds:N0} calls/s");
        Assert.Equal(new int[threads], mismatches);
        Assert.Equal(new long[threads], allocated);
    }
}
