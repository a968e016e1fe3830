using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>LayerNormalization(axis=-1)</c> on <c>rows</c> rows of <c>features</c> values: per row
/// <c>μ = (1/F)·Σ x</c>, <c>σ² = (1/F)·Σ (x − μ)²</c> (biased), <c>r = 1/√(σ² + ε)</c>, <c>x̂ = (x − μ)·r</c>,
/// <c>y = x̂·γ + β</c>. The gradient, with <c>g = dy·γ</c>: <c>dx = r·(g − mean(g) − x̂·mean(g·x̂))</c>,
/// <c>dγ = Σ_rows dy·x̂</c>, <c>dβ = Σ_rows dy</c>. The row statistics are recomputed in the backward pass (nothing is
/// saved between the passes), in double, in a fixed order. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayerNormalizationKernel
{
    /// <summary>
    /// <c>y = x̂·γ + β</c> row by row; <paramref name="gamma"/> / <paramref name="beta"/> empty mean ones / zeros
    /// (<c>scale=False</c> / <c>center=False</c>).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y,
        int rows, int features, double epsilon)
    {
        Check(x.Length, rows, features, gamma.Length, beta.Length);
        Conv2DKernel.CheckLength(rows * features, y.Length, nameof(y), "rows·features");
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xs = x.Slice(r * features, features);
            Span<float> ys = y.Slice(r * features, features);
            var (mean, inverse) = Statistics(xs, epsilon);
            for (int i = 0; i < features; i++)
            {
                double normalized = (xs[i] - mean) * inverse;
                if (gamma.Length > 0) normalized *= gamma[i];
                if (beta.Length > 0) normalized += beta[i];
                ys[i] = (float)normalized;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="dx"/> (skipped when empty: the model input) and overwrites <paramref name="dGamma"/> /
    /// <paramref name="dBeta"/> (each skipped when empty) from <paramref name="dy"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> dy, Span<float> dx,
        Span<float> dGamma, Span<float> dBeta, int rows, int features, double epsilon)
    {
        Check(x.Length, rows, features, gamma.Length, dBeta.Length);
        Conv2DKernel.CheckLength(rows * features, dy.Length, nameof(dy), "rows·features");
        if (!dx.IsEmpty) Conv2DKernel.CheckLength(rows * features, dx.Length, nameof(dx), "rows·features");
        if (!dGamma.IsEmpty) Conv2DKernel.CheckLength(features, dGamma.Length, nameof(dGamma), "features");
        dGamma.Clear();
        dBeta.Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xs = x.Slice(r * features, features), dys = dy.Slice(r * features, features);
            var (mean, inverse) = Statistics(xs, epsilon);
            double sumG = 0, sumGx = 0;
            for (int i = 0; i < features; i++)
            {
                double normalized = (xs[i] - mean) * inverse;
                double g = gamma.Length > 0 ? dys[i] * (double)gamma[i] : dys[i];
                sumG += g;
                sumGx += g * normalized;
                if (!dGamma.IsEmpty) dGamma[i] += (float)(dys[i] * normalized);
                if (!dBeta.IsEmpty) dBeta[i] += dys[i];
            }
            if (dx.IsEmpty) continue;
            double meanG = sumG / features, meanGx = sumGx / features;
            Span<float> dxs = dx.Slice(r * features, features);
            for (int i = 0; i < features; i++)
            {
                double normalized = (xs[i] - mean) * inverse;
                double g = gamma.Length > 0 ? dys[i] * (double)gamma[i] : dys[i];
                dxs[i] = (float)(inverse * (g - meanG - normalized * meanGx));
            }
        }
    }

    /// <summary>The row's mean and <c>1/√(σ² + ε)</c>, two passes in double (the variance about the mean, not E[x²] − μ²).</summary>
    private static (double Mean, double Inverse) Statistics(ReadOnlySpan<float> xs, double epsilon)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++) sum += xs[i];
        double mean = sum / xs.Length, squares = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double d = xs[i] - mean;
            squares += d * d;
        }
        return (mean, 1 / Math.Sqrt(squares / xs.Length + epsilon));
    }

    private static void Check(int xLength, int rows, int features, int gammaLength, int betaLength)
    {
        if (rows < 0 || features <= 0)
            throw new ArgumentException($"Expected non-negative rows and positive features, but they are {rows}, {features}.");
        Conv2DKernel.CheckLength(rows * features, xLength, "x", "rows·features");
        if (gammaLength != 0 && gammaLength != features)
            throw new ArgumentException($"Expected gamma to hold {features} values (or none), but it holds {gammaLength}.", "gamma");
        if (betaLength != 0 && betaLength != features)
            throw new ArgumentException($"Expected beta (or dBeta) to hold {features} values (or none), but it holds {betaLength}.", "beta");
    }
}
