using GenNet.Kernels;
using Tutorials.SpamClassifier;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the spam model's inference time goes (the "spam" workload: <see cref="SpamModelUnmasked"/>, 150 ids →
/// Embedding 20000×32 → Bidirectional(LSTM(32)) → Dense(1, sigmoid)): the generated Forward's kernel calls one by one, and
/// the LSTM's own parts (the input projection x·W + b of all steps, the per-step h·U products, the per-step gate math),
/// at a given batch, medians of interleaved rounds. The parts of the LSTM are timed by calling the pieces the kernel
/// calls in the order it calls them; "lstm ×2 whole" is the kernel itself (an alternative row, out of the total).
/// </summary>
public static class SpamLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        const int steps = SpamClassifierSample.SequenceLength, dim = 32, units = 32, gu = 4 * units, vocabulary = SpamClassifierSample.MaxTokens;
        var rng = new Random(1);
        float[] Random(int length, double scale)
        {
            var w = new float[length];
            for (int i = 0; i < w.Length; i++) w[i] = (float)((rng.NextDouble() - 0.5) * scale);
            return w;
        }
        var ids = new float[batch * steps];
        for (int i = 0; i < ids.Length; i++) ids[i] = rng.Next(vocabulary);
        float[] table = Random(vocabulary * dim, 0.1), embedded = new float[batch * steps * dim];
        var cases = new List<(string Name, Action Run)>
        {
            ("embedding", () => EmbeddingKernel.Forward(ids, table, embedded, batch, steps, vocabulary, dim, "embedding")),
        };
        EmbeddingKernel.Forward(ids, table, embedded, batch, steps, vocabulary, dim, "embedding");

        var lookups = new float[256 * batch * steps];
        for (int i = 0; i < lookups.Length; i++) lookups[i] = rng.Next(vocabulary);
        var halves = new List<float[]>();
        foreach (bool backwards in new[] { false, true })
        {
            var g = new RecurrentGeometry(steps, dim, units, backwards, false, RecurrentActivation.Tanh, RecurrentActivation.Sigmoid);
            float[] kernel = Random(dim * gu, 0.4), recurrent = Random(units * gu, 0.4), bias = Random(gu, 0.1);
            float[] gates = new float[batch * steps * gu], cells = new float[batch * steps * units], states = new float[batch * steps * units];
            float[] step = new float[batch * gu], y = new float[batch * units];
            string half = backwards ? "bwd" : "fwd";
            cases.Add(($"x·W+b {half}", () => DenseKernel.Forward(embedded, kernel, bias, gates, batch * steps, dim, gu)));
            // Item 3 of issue 13's speed work: x·W + b read as rows of a precomputed vocabulary × 4u table (E·W + b) instead of the GEMM.
            float[] projected = new float[vocabulary * gu];
            DenseKernel.Forward(table, kernel, bias, projected, vocabulary, dim, gu);
            // Fresh ids every call (256 sets of uniform ids, as the benchmark's input): a repeated set would find its rows in L2.
            int round = 0;
            cases.Add(($"E·W table {half}", () =>
            {
                int offset = (round++ & 255) * batch * steps;
                for (int r = 0; r < batch * steps; r++) projected.AsSpan((int)lookups[offset + r] * gu, gu).CopyTo(gates.AsSpan(r * gu, gu));
            }));
            cases.Add(($"h·U {half}", () =>
            {
                for (int s = 1; s < steps; s++)
                    Gemm.Multiply(states.AsSpan((s - 1) * batch * units, batch * units), recurrent, step, batch, units, gu, accumulate: false);
            }));
            cases.Add(($"gates {half}", () => GateMath(gates, cells, states, step, batch, g)));
            cases.Add(($"lstm {half} whole", () => LstmKernel.Forward(embedded, kernel, recurrent, bias, gates, cells, states, step, y, batch, g)));
            // What Predict runs now: the fused recurrence reading each step's projection from the table by id (fresh ids per call).
            int tableRound = 0;
            cases.Add(($"lstm {half} from table, whole", () => LstmKernel.Forward(embedded, kernel, recurrent, bias, gates, cells, states, step, y, batch, g,
                projectionTable: projected, ids: lookups.AsSpan((tableRound++ & 255) * batch * steps, batch * steps))));
            cases.Add(($"lstm {half} from table, gathered first, whole", () =>
            {
                LstmKernel.GatherTableRows = true;
                LstmKernel.Forward(embedded, kernel, recurrent, bias, gates, cells, states, step, y, batch, g,
                    projectionTable: projected, ids: lookups.AsSpan((tableRound++ & 255) * batch * steps, batch * steps));
                LstmKernel.GatherTableRows = false;
            }));
            // Without prefetching the next step's rows (LstmKernel.TableRows.cs's A/B switch).
            cases.Add(($"lstm {half} from table, no prefetch, whole", () =>
            {
                LstmKernel.PrefetchTableRows = false;
                LstmKernel.Forward(embedded, kernel, recurrent, bias, gates, cells, states, step, y, batch, g,
                    projectionTable: projected, ids: lookups.AsSpan((tableRound++ & 255) * batch * steps, batch * steps));
                LstmKernel.PrefetchTableRows = true;
            }));
            LstmKernel.Forward(embedded, kernel, recurrent, bias, gates, cells, states, step, y, batch, g);
            halves.Add(y);
        }
        float[] merged = new float[batch * 2 * units], head = Random(2 * units, 0.4), headBias = [0.01f], logits = new float[batch], p = new float[batch];
        cases.Add(("bidi merge", () => BidirectionalKernel.Forward(halves[0], halves[1], merged, batch, steps, units, false, BidirectionalMergeMode.Concat)));
        cases.Add(("dense head", () =>
        {
            DenseKernel.Forward(merged, head, headBias, logits, batch, 2 * units, 1);
            Activations.Sigmoid(logits, p);
        }));
        var model = new SpamModelUnmasked(1);
        float[] prediction = new float[batch];
        cases.Add(("whole Predict", () => model.Predict(ids, prediction)));
        // The sample's masked model on real test mails (SpamMails), which skips the padded steps.
        var masked = new SpamModel(1);
        model.Parameters.CopyTo(masked.Parameters);
        float[] mails = SpamMails.Ids(batch);
        cases.Add(("masked Predict, mails", () => masked.Predict(mails, prediction)));
        KernelTimer.Print(cases, batch, filter, name => name.EndsWith("Predict", StringComparison.Ordinal) || name.EndsWith("whole", StringComparison.Ordinal) ||
            name.StartsWith("E·W", StringComparison.Ordinal) || name.StartsWith("masked", StringComparison.Ordinal));
    }

    /// <summary>LstmKernel.Forward's per-step gate math (unmasked), as the kernel runs it: <see cref="LstmKernel.Cell"/> for every step and sample.</summary>
    private static void GateMath(float[] gates, float[] cells, float[] states, float[] step, int batch, in RecurrentGeometry g)
    {
        int t = g.Steps, u = g.Units, gu = 4 * u;
        for (int s = 0; s < t; s++)
            for (int b = 0; b < batch; b++)
                LstmKernel.Cell(gates.AsSpan((b * t + g.InputStep(s)) * gu, gu), s > 0 ? step.AsSpan(b * gu, gu) : default,
                    s > 0 ? cells.AsSpan(((s - 1) * batch + b) * u, u) : default, cells.AsSpan((s * batch + b) * u, u), states.AsSpan((s * batch + b) * u, u), g);
    }
}
