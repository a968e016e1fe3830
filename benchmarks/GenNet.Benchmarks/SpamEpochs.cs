using System.Diagnostics;
using GenNet.Data;
using Tutorials.SpamClassifier;

namespace GenNet.Benchmarks;

/// <summary>
/// Seconds per training epoch of samples/SpamClassifier's recipe (the masked <see cref="SpamModel"/>: Embedding(MaskZero)
/// → Bidirectional(LSTM(32)) → Dense(1, sigmoid), Adam, binary cross-entropy, batch 32) on its 4,805 training mails
/// (data/spam-assassin, vectorised as the sample does), for benchmarks/spam.sh. One warm-up epoch (JIT, buffers), then
/// <c>epochs</c> timed ones, training only (no test pass inside the timed part, as in spam_torch.py's timing mode).
/// Prints one line per timed epoch: <c>RESULT gennet spam THREADS WALL_S CPU_S</c>.
/// </summary>
public static class SpamEpochs
{
    public static void Run(int threads, int epochs)
    {
        var mails = SpamClassifierSample.Load(SpamClassifierSample.DefaultDirectory);
        var train = mails.Where(m => !m.Test).ToArray();
        var vectorize = new TextVectorization(SpamClassifierSample.MaxTokens, SpamClassifierSample.SequenceLength);
        vectorize.Adapt(train.Select(m => m.Text));
        float[] x = vectorize.Transform(train.Select(m => m.Text).ToArray());
        float[] y = train.Select(m => m.Spam ? 1f : 0f).ToArray();

        SpamModel model = SpamClassifierSample.Build(1);
        model.Threads = threads;
        model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0);
        for (int e = 0; e < epochs; e++)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan c0 = process.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            model.Fit(x, y, epochs: 1, batchSize: 32, verbose: 0);
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            process.Refresh();
            Console.WriteLine($"RESULT gennet spam {threads} {wall:F3} {(process.TotalProcessorTime - c0).TotalSeconds:F3}");
        }
    }
}
