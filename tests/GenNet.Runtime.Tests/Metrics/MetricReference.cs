namespace GenNet.Tests.Metrics;

/// <summary>
/// Float64 references for the metric tests, written from the Keras formulas (not from the code under test), and a
/// fixed two-batch data set with sample weights that every streaming test feeds in the same order.
/// </summary>
internal static class MetricReference
{
    /// <summary><c>Σ_i w_i·f(t_i, p_i) / Σ_i w_i</c> over rows <c>[0, rows)</c> with <c>n</c> floats each (w empty: 1).</summary>
    public static double WeightedMean(Func<double[], double[], double> perSample, float[] t, float[] p, float[] w, int n, int rows)
    {
        double total = 0, count = 0;
        for (int i = 0; i < rows; i++)
        {
            double[] ti = [.. t.Skip(i * n).Take(n).Select(v => (double)v)];
            double[] pi = [.. p.Skip(i * n).Take(n).Select(v => (double)v)];
            double wi = w.Length == 0 ? 1 : w[i];
            total += wi * perSample(ti, pi);
            count += wi;
        }
        return count == 0 ? 0 : total / count;
    }

    public static double Mse(double[] t, double[] p) => t.Zip(p, (a, b) => (a - b) * (a - b)).Average();

    public static double Mae(double[] t, double[] p) => t.Zip(p, (a, b) => Math.Abs(a - b)).Average();

    public static double Mape(double[] t, double[] p) => 100 * t.Zip(p, (a, b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-7)).Average();

    public static double Msle(double[] t, double[] p) =>
        t.Zip(p, (a, b) => Math.Pow(Math.Log(1 + Math.Max(b, 1e-7)) - Math.Log(1 + Math.Max(a, 1e-7)), 2)).Average();

    public static double LogCosh(double[] t, double[] p) => t.Zip(p, (a, b) => Math.Log(Math.Cosh(b - a))).Average();

    public static double Cosine(double[] t, double[] p)
    {
        double tp = t.Zip(p, (a, b) => a * b).Sum();
        double tn = Math.Max(Math.Sqrt(t.Sum(a => a * a)), 1e-7), pn = Math.Max(Math.Sqrt(p.Sum(b => b * b)), 1e-7);
        return tp / (tn * pn);
    }

    // Two batches of a 2-output regression: 3 rows then 2 rows, weighted.
    public const int N = 2;
    public static readonly float[] T1 = [1f, 2f, 0.5f, -1f, 3f, 0f];
    public static readonly float[] P1 = [1.5f, 1f, 0.25f, -0.5f, 2f, 0.75f];
    public static readonly float[] W1 = [1f, 0.5f, 2f];
    public static readonly float[] T2 = [2f, 2f, -0.5f, 4f];
    public static readonly float[] P2 = [1f, 2.5f, 0.5f, 3f];
    public static readonly float[] W2 = [0.25f, 3f];
    public static float[] T => [.. T1, .. T2];
    public static float[] P => [.. P1, .. P2];
    public static float[] W => [.. W1, .. W2];
}
