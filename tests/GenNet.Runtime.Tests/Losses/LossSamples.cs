using GenNet.Losses;

namespace GenNet.Tests.Losses;

/// <summary>
/// Random batches for the gradient checks, one generator per loss. Every y_pred lies on a 2^-12 grid (so p ± k·2^-10 is
/// exact in float32) and at least <see cref="Margin"/> away from the loss's clip boundaries and kinks.
/// </summary>
public sealed record LossSample(string Label, Func<Loss> Create, int Batch, int N, float[] YTrue, float[] YPred, float[] Weights)
{
    public override string ToString() => Label;
}

public static class LossSamples
{
    /// <summary>Distance kept from every kink and clip edge: more than the largest finite-difference step (2·2^-10).</summary>
    public const double Margin = 4.0 / 1024;

    private const int Batch = 3, N = 4, Classes = 5;

    public static IEnumerable<LossSample> All()
    {
        var rng = new Random(20240611);
        yield return Elementwise(rng, "mean_squared_error", () => new MeanSquaredError(), (r, t) => U(r, -2, 2), (r) => U(r, -2, 2));
        yield return Elementwise(rng, "mean_absolute_error", () => new MeanAbsoluteError(), (r, t) => Away(r, -2, 2, t), r => U(r, -2, 2));
        yield return Elementwise(rng, "mean_absolute_percentage_error", () => new MeanAbsolutePercentageError(),
            (r, t) => Away(r, -2, 2, t), r => Sign(r) * U(r, 0.2, 2));
        yield return Elementwise(rng, "mean_squared_logarithmic_error", () => new MeanSquaredLogarithmicError(),
            (r, t) => U(r, 0.05, 3), r => U(r, 0, 3));
        yield return Elementwise(rng, "hinge (0/1 labels)", () => new Hinge(), (r, t) => Away(r, -2, 2, 2 * t - 1, -(2 * t - 1)), Bit);
        yield return Elementwise(rng, "hinge (±1 labels)", () => new Hinge(), (r, t) => Away(r, -2, 2, t, -t), r => 2 * Bit(r) - 1);
        yield return Elementwise(rng, "squared_hinge", () => new SquaredHinge(), (r, t) => Away(r, -2, 2, 2 * t - 1, -(2 * t - 1)), Bit);
        yield return Elementwise(rng, "binary_crossentropy", () => new BinaryCrossentropy(), (r, t) => U(r, 0.05, 0.95), Bit);
        yield return Elementwise(rng, "binary_crossentropy (soft labels, smoothing 0.2)", () => new BinaryCrossentropy(labelSmoothing: 0.2f),
            (r, t) => U(r, 0.05, 0.95), r => U(r, 0, 1));
        yield return Elementwise(rng, "binary_crossentropy (from logits)", () => new BinaryCrossentropy(fromLogits: true),
            (r, t) => U(r, -4, 4), Bit);
        yield return Elementwise(rng, "poisson", () => new Poisson(), (r, t) => U(r, 0.1, 3), r => U(r, 0, 3));
        yield return Elementwise(rng, "huber (delta 1)", () => new Huber(), (r, t) => Away(r, -3, 3, t - 1, t + 1), r => U(r, -1, 1));
        yield return Elementwise(rng, "huber (delta 0.5)", () => new Huber(0.5f), (r, t) => Away(r, -3, 3, t - 0.5, t + 0.5), r => U(r, -1, 1));
        yield return Elementwise(rng, "log_cosh", () => new LogCosh(), (r, t) => U(r, -3, 3), r => U(r, -2, 2));
        yield return Elementwise(rng, "cosine_similarity", () => new CosineSimilarity(), (r, t) => U(r, -1, 1), r => U(r, -1, 1));

        yield return Rows(rng, "kl_divergence", () => new KLDivergence(), SoftWithZero, r => U(r, 0.05, 0.9));
        yield return Rows(rng, "categorical_crossentropy (one-hot, unnormalized p)", () => new CategoricalCrossentropy(), OneHot, r => U(r, 0.05, 1));
        yield return Rows(rng, "categorical_crossentropy (soft labels, smoothing 0.1)", () => new CategoricalCrossentropy(labelSmoothing: 0.1f),
            SoftWithZero, r => U(r, 0.05, 1));
        yield return Rows(rng, "categorical_crossentropy (from logits)", () => new CategoricalCrossentropy(fromLogits: true), OneHot, r => U(r, -3, 3));
        yield return Sparse(rng, "sparse_categorical_crossentropy", () => new SparseCategoricalCrossentropy(), r => U(r, 0.05, 1));
        yield return Sparse(rng, "sparse_categorical_crossentropy (from logits)", () => new SparseCategoricalCrossentropy(fromLogits: true), r => U(r, -3, 3));
        yield return CategoricalHingeSample(rng);
    }

    private static LossSample Elementwise(Random rng, string label, Func<Loss> create, Func<Random, double, double> pred, Func<Random, double> label0)
    {
        var t = new float[Batch * N];
        var p = new float[Batch * N];
        for (int k = 0; k < t.Length; k++)
        {
            t[k] = (float)label0(rng);
            p[k] = Grid(pred(rng, t[k]));
        }
        return new LossSample(label, create, Batch, N, t, p, Weights(rng));
    }

    private static LossSample Rows(Random rng, string label, Func<Loss> create, Func<Random, float[]> row, Func<Random, double> pred)
    {
        var t = new float[Batch * Classes];
        var p = new float[Batch * Classes];
        for (int i = 0; i < Batch; i++)
        {
            row(rng).CopyTo(t, i * Classes);
            for (int j = 0; j < Classes; j++) p[i * Classes + j] = Grid(pred(rng));
        }
        return new LossSample(label, create, Batch, Classes, t, p, Weights(rng));
    }

    private static LossSample Sparse(Random rng, string label, Func<Loss> create, Func<Random, double> pred)
    {
        var t = new float[Batch];
        var p = new float[Batch * Classes];
        for (int i = 0; i < Batch; i++) t[i] = rng.Next(Classes);
        for (int k = 0; k < p.Length; k++) p[k] = Grid(pred(rng));
        return new LossSample(label, create, Batch, Classes, t, p, Weights(rng));
    }

    /// <summary>One-hot rows whose hinge margin and runner-up are both clear of the kinks (margin 0, ties in the max).</summary>
    private static LossSample CategoricalHingeSample(Random rng)
    {
        var t = new float[Batch * Classes];
        var p = new float[Batch * Classes];
        for (int i = 0; i < Batch; i++)
        {
            while (true)
            {
                var tr = OneHot(rng);
                var pr = new float[Classes];
                for (int j = 0; j < Classes; j++) pr[j] = Grid(U(rng, 0, 1.5));
                double pos = 0;
                var others = new List<double>();
                for (int j = 0; j < Classes; j++) { pos += tr[j] * pr[j]; others.Add((1 - tr[j]) * pr[j]); }
                others.Sort();
                double margin = others[^1] - pos + 1, gap = others[^1] - others[^2];
                if (Math.Abs(margin) < 2 * Margin || gap < 2 * Margin) continue;
                tr.CopyTo(t, i * Classes);
                pr.CopyTo(p, i * Classes);
                break;
            }
        }
        return new LossSample("categorical_hinge", () => new CategoricalHinge(), Batch, Classes, t, p, Weights(rng));
    }

    private static double U(Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();
    private static double Sign(Random r) => r.Next(2) == 0 ? -1 : 1;
    private static double Bit(Random r) => r.Next(2);

    /// <summary>A uniform draw at least <see cref="Margin"/> from each kink (after rounding to the grid).</summary>
    private static double Away(Random r, double lo, double hi, params double[] kinks)
    {
        while (true)
        {
            double v = Grid(U(r, lo, hi));
            if (kinks.All(k => Math.Abs(v - k) >= Margin)) return v;
        }
    }

    private static float Grid(double v) => (float)(Math.Round(v * 4096) / 4096);

    private static float[] OneHot(Random r)
    {
        var row = new float[Classes];
        row[r.Next(Classes)] = 1;
        return row;
    }

    /// <summary>A probability row with one zero entry (exercises KL's clip of y_true and label smoothing).</summary>
    private static float[] SoftWithZero(Random r)
    {
        var row = new float[Classes];
        double sum = 0;
        for (int j = 1; j < Classes; j++) sum += row[j] = (float)U(r, 0.1, 1);
        for (int j = 1; j < Classes; j++) row[j] = (float)(row[j] / sum);
        return row;
    }

    private static float[] Weights(Random r) => Enumerable.Range(0, Batch).Select(_ => (float)U(r, 0.5, 2)).ToArray();
}
