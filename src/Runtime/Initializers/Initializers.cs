using System.ComponentModel;

namespace GenNet;

/// <summary>
/// Keras weight initializers, filling a span in place from a seeded <see cref="Rng"/> (so a seed fixes every weight on
/// every platform; the draws are GenNet's own and do not reproduce Keras' numbers, only its distributions).
/// Fans: Dense kernel <c>[in, out]</c> → fanIn = in, fanOut = out; Conv2D kernel <c>(kh, kw, in, f)</c> →
/// fanIn = kh·kw·in, fanOut = kh·kw·f. Generated models call these once per weight, in layer order.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Initializers
{
    /// <summary>Keras' truncated-normal correction: the standard deviation of N(0, 1) truncated to [−2, 2].</summary>
    internal const double TruncatedStddevFactor = 0.87962566103423978;

    /// <summary><c>w = 0</c> (Keras <c>zeros</c>; the default bias).</summary>
    public static void Zeros(Span<float> w) => w.Clear();

    /// <summary><c>w = 1</c> (Keras <c>ones</c>; BatchNormalization gamma).</summary>
    public static void Ones(Span<float> w) => w.Fill(1f);

    /// <summary><c>w = value</c> (Keras <c>constant</c>).</summary>
    public static void Constant(Span<float> w, float value) => w.Fill(value);

    /// <summary><c>w ~ U(minval, maxval)</c> (Keras <c>random_uniform</c>, defaults −0.05, 0.05).</summary>
    public static void RandomUniform(Span<float> w, float minval, float maxval, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double range = (double)maxval - minval;
        for (int i = 0; i < w.Length; i++) w[i] = (float)(minval + range * rng.NextDouble());
    }

    /// <summary><c>w ~ N(mean, stddev²)</c> (Keras <c>random_normal</c>, defaults 0, 0.05).</summary>
    public static void RandomNormal(Span<float> w, float mean, float stddev, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < w.Length; i++) w[i] = (float)(mean + stddev * rng.NextGaussian());
    }

    /// <summary>
    /// <c>w ~ N(mean, stddev²)</c> with every draw more than 2·stddev from the mean drawn again (Keras
    /// <c>truncated_normal</c>, defaults 0, 0.05). The result's standard deviation is about 0.88·stddev.
    /// </summary>
    public static void TruncatedNormal(Span<float> w, float mean, float stddev, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < w.Length; i++) w[i] = (float)(mean + stddev * TruncatedStandardNormal(rng));
    }

    /// <summary>Keras <c>glorot_uniform</c> (default kernel): <c>U(−L, L)</c>, <c>L = √(6/(fanIn + fanOut))</c>.</summary>
    public static void GlorotUniform(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 1.0, "fan_avg", "uniform", fanIn, fanOut, rng);

    /// <summary>Keras <c>glorot_normal</c>: truncated normal, <c>σ = √(2/(fanIn + fanOut)) / 0.8796…</c>.</summary>
    public static void GlorotNormal(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 1.0, "fan_avg", "truncated_normal", fanIn, fanOut, rng);

    /// <summary>Keras <c>he_uniform</c>: <c>U(−L, L)</c>, <c>L = √(6/fanIn)</c>.</summary>
    public static void HeUniform(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 2.0, "fan_in", "uniform", fanIn, fanOut, rng);

    /// <summary>Keras <c>he_normal</c>: truncated normal, <c>σ = √(2/fanIn) / 0.8796…</c>.</summary>
    public static void HeNormal(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 2.0, "fan_in", "truncated_normal", fanIn, fanOut, rng);

    /// <summary>Keras <c>lecun_uniform</c>: <c>U(−L, L)</c>, <c>L = √(3/fanIn)</c>.</summary>
    public static void LecunUniform(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 1.0, "fan_in", "uniform", fanIn, fanOut, rng);

    /// <summary>Keras <c>lecun_normal</c>: truncated normal, <c>σ = √(1/fanIn) / 0.8796…</c>.</summary>
    public static void LecunNormal(Span<float> w, int fanIn, int fanOut, Rng rng) =>
        VarianceScaling(w, 1.0, "fan_in", "truncated_normal", fanIn, fanOut, rng);

    /// <summary>
    /// Keras <c>VarianceScaling</c>, the family behind Glorot/He/LeCun. With <c>n</c> = max(1, fan) for
    /// <paramref name="mode"/> <c>"fan_in"</c>, <c>"fan_out"</c> or <c>"fan_avg"</c> ((fanIn + fanOut)/2):
    /// <list type="bullet">
    /// <item><c>"truncated_normal"</c>: N(0, σ²) truncated at 2σ, <c>σ = √(scale/n) / 0.87962566103423978</c>, so the
    /// truncated draw keeps variance scale/n;</item>
    /// <item><c>"untruncated_normal"</c>: N(0, scale/n);</item>
    /// <item><c>"uniform"</c>: U(−L, L), <c>L = √(3·scale/n)</c>.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">Unknown mode or distribution, or a scale that is not positive.</exception>
    public static void VarianceScaling(Span<float> w, double scale, string mode, string distribution, int fanIn, int fanOut, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be positive.");
        double fan = mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            "fan_avg" => (fanIn + (double)fanOut) / 2,
            _ => throw new ArgumentException($"mode must be one of fan_in, fan_out, fan_avg. Received: mode='{mode}'.", nameof(mode)),
        };
        double variance = scale / Math.Max(1.0, fan);
        switch (distribution)
        {
            case "truncated_normal":
                double sigma = Math.Sqrt(variance) / TruncatedStddevFactor;
                for (int i = 0; i < w.Length; i++) w[i] = (float)(sigma * TruncatedStandardNormal(rng));
                break;
            case "untruncated_normal":
                double stddev = Math.Sqrt(variance);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(stddev * rng.NextGaussian());
                break;
            case "uniform":
                double limit = Math.Sqrt(3 * variance);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(limit * (2 * rng.NextDouble() - 1));
                break;
            default:
                throw new ArgumentException(
                    $"distribution must be one of truncated_normal, untruncated_normal, uniform. Received: distribution='{distribution}'.",
                    nameof(distribution));
        }
    }

    /// <summary>
    /// Keras <c>orthogonal(gain=1)</c> (the default recurrent kernel) on a <c>[rows, cols]</c> matrix: draw
    /// <c>A ~ N(0, 1)</c> of shape <c>[max(rows, cols), min(rows, cols)]</c>, take <c>Q</c> of its QR factorization with
    /// <c>diag(R) &gt; 0</c> (modified Gram–Schmidt on the columns, in double), transpose it when <c>rows &lt; cols</c>, times
    /// <paramref name="gain"/>. So the rows (or columns, whichever are fewer) of <c>w</c> are orthonormal.
    /// </summary>
    public static void Orthogonal(Span<float> w, int rows, int cols, float gain, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (rows < 1 || cols < 1 || (long)rows * cols != w.Length)
            throw new ArgumentException($"Expected a [{rows}, {cols}] matrix, but the span holds {w.Length} values.", nameof(w));
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        var a = new double[n * m];   // row-major [n, m]; construction time, so an allocation is fine
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextGaussian();
        for (int j = 0; j < m; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += a[i * m + p] * a[i * m + j];
                for (int i = 0; i < n; i++) a[i * m + j] -= dot * a[i * m + p];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += a[i * m + j] * a[i * m + j];
            norm = Math.Sqrt(norm);
            if (norm > 0) for (int i = 0; i < n; i++) a[i * m + j] /= norm;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                w[r * cols + c] = (float)(gain * (rows >= cols ? a[r * m + c] : a[c * m + r]));
    }

    /// <summary>
    /// Keras LSTM's <c>unit_forget_bias=True</c> on its <c>bias[4·units]</c> (gates i, f, c, o): zeros, then ones on the
    /// forget gate's slice <c>[units, 2·units)</c>.
    /// </summary>
    public static void UnitForgetBias(Span<float> w, int units)
    {
        w.Clear();
        w.Slice(units, units).Fill(1f);
    }

    /// <summary>N(0, 1) conditioned on |z| ≤ 2 by rejection (about 4.6% of draws are repeated).</summary>
    private static double TruncatedStandardNormal(Rng rng)
    {
        double z;
        do z = rng.NextGaussian(); while (Math.Abs(z) > 2.0);
        return z;
    }
}
