using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>BatchNormalization(axis=−1)</c> over <c>x[rows, channels]</c> row-major, where <c>rows</c> is the product of
/// every axis but the last (<c>batch·H·W</c> for NHWC images): <c>y = (x − μ)/√(σ² + ε) · γ + β</c> per channel.
/// Training mode uses the batch mean μ and <b>biased</b> variance σ² and updates the moving statistics
/// (<c>moving ← momentum·moving + (1 − momentum)·batch statistic</c>); inference mode uses the moving statistics.
/// Forward and backward change together.
/// </summary>
/// <remarks>
/// <c>saved[2·channels]</c> carries <c>[μ[0..C), 1/√(σ² + ε)[0..C)]</c> from the training forward pass to its backward
/// pass. Sums run in double, and the variance is the mean of squared deviations from the mean (two passes), not
/// <c>E[x²] − μ²</c>, which cancels catastrophically when |μ| ≫ σ. <c>gamma</c>/<c>beta</c> may be empty
/// (<c>scale=False</c>/<c>center=False</c>: γ = 1, β = 0), and so may <c>dGamma</c>/<c>dBeta</c> (not trained) and
/// <c>dx</c> (first layer). Per-channel accumulators live on the stack, a block of channels at a time: nothing allocates.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class BatchNormalizationKernel
{
    /// <summary>Keras's default momentum.</summary>
    public const float DefaultMomentum = 0.99f;

    /// <summary>Keras's default epsilon.</summary>
    public const float DefaultEpsilon = 1e-3f;

    private const int Block = 128;

    /// <summary>
    /// Training forward: per channel <c>μ = mean_r x</c>, <c>σ² = mean_r (x − μ)²</c>, <c>y = (x − μ)/√(σ² + ε)·γ + β</c>;
    /// writes <c>saved = [μ, 1/√(σ² + ε)]</c> and updates <paramref name="movingMean"/>/<paramref name="movingVariance"/>
    /// in place with <paramref name="momentum"/>.
    /// </summary>
    public static unsafe void ForwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> movingMean, Span<float> movingVariance, Span<float> y, Span<float> saved, int rows, int channels,
        float momentum = DefaultMomentum, float epsilon = DefaultEpsilon)
    {
        Check(x.Length, y.Length, nameof(y), rows, channels, gamma.Length, beta.Length, movingMean.Length, movingVariance.Length);
        if (rows == 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Expected at least one row to take batch statistics over.");
        Conv2DKernel.CheckLength(2 * channels, saved.Length, nameof(saved), "2·channels: mean, then inverse standard deviation");
        int blocks = RowBlocks(rows);
        double* partial = stackalloc double[blocks * Block];
        Span<double> sums = stackalloc double[Block];
        fixed (float* xp = x, gp = gamma, bp = beta, yp = y, sp = saved)
        {
            var pass = new RowPass
            {
                Rows = rows, Channels = channels, Blocks = blocks, X = xp, Output = yp, First = partial,
                Gamma = gamma.IsEmpty ? null : gp, Beta = beta.IsEmpty ? null : bp,
            };
            for (int c0 = 0; c0 < channels; c0 += Block)
            {
                int width = Math.Min(Block, channels - c0);
                Span<double> sum = sums.Slice(0, width);
                pass.C0 = c0;
                pass.Width = width;
                pass.Mean = sp + c0;
                pass.Inverse = sp + channels + c0;
                pass.Kind = RowPassKind.Columns;
                RunRows(pass);
                AddBlocks(partial, blocks, sum);
                for (int k = 0; k < width; k++) saved[c0 + k] = (float)(sum[k] / rows);
                pass.Kind = RowPassKind.SquaredDeviations;
                RunRows(pass);
                AddBlocks(partial, blocks, sum);
                for (int k = 0; k < width; k++)
                {
                    int c = c0 + k;
                    double variance = sum[k] / rows;
                    saved[channels + c] = (float)(1.0 / Math.Sqrt(variance + epsilon));
                    movingMean[c] = momentum * movingMean[c] + (1 - momentum) * saved[c];
                    movingVariance[c] = (float)(momentum * (double)movingVariance[c] + (1 - (double)momentum) * variance);
                }
                pass.Kind = RowPassKind.Normalize;
                RunRows(pass);
            }
        }
    }

    /// <summary>
    /// Inference forward: <c>y = (x − movingMean)/√(movingVariance + ε)·γ + β</c>; the moving statistics are not changed.
    /// </summary>
    public static void ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, Span<float> y, int rows, int channels,
        float epsilon = DefaultEpsilon)
    {
        Check(x.Length, y.Length, nameof(y), rows, channels, gamma.Length, beta.Length, movingMean.Length, movingVariance.Length);
        Span<float> inverse = stackalloc float[Block];
        for (int c0 = 0; c0 < channels; c0 += Block)
        {
            int width = Math.Min(Block, channels - c0);
            for (int k = 0; k < width; k++) inverse[k] = (float)(1.0 / Math.Sqrt(movingVariance[c0 + k] + (double)epsilon));
            NormalizeBlock(x, gamma, beta, movingMean.Slice(c0, width), inverse.Slice(0, width), y, rows, channels, c0);
        }
    }

    /// <summary>
    /// Training backward, given <c>saved</c> from <see cref="ForwardTraining"/> and <c>dy = dL/dy</c>; with
    /// <c>x̂ = (x − μ)/√(σ² + ε)</c> and <c>N = rows</c>: <c>dBeta = Σ_r dy</c>, <c>dGamma = Σ_r dy·x̂</c>,
    /// <c>dx = γ/√(σ² + ε) · (dy − dBeta/N − x̂·dGamma/N)</c> (the gradient flows through μ and σ² as well; Ioffe and
    /// Szegedy, "Batch Normalization", 2015, §3). Gradients are overwritten.
    /// </summary>
    public static unsafe void BackwardTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> saved,
        ReadOnlySpan<float> dy, Span<float> dx, Span<float> dGamma, Span<float> dBeta, int rows, int channels)
    {
        CheckBackward(x.Length, dy.Length, dx.Length, rows, channels, gamma.Length, dGamma.Length, dBeta.Length);
        Conv2DKernel.CheckLength(2 * channels, saved.Length, nameof(saved), "2·channels: mean, then inverse standard deviation");
        int blocks = RowBlocks(rows);
        double* partial = stackalloc double[2 * blocks * Block];
        double* totals = stackalloc double[2 * Block];
        fixed (float* xp = x, gp = gamma, sp = saved, dyp = dy, dxp = dx)
        {
            var pass = new RowPass
            {
                Rows = rows, Channels = channels, Blocks = blocks, X = xp, Dy = dyp, Output = dxp, Gamma = gamma.IsEmpty ? null : gp,
            };
            for (int c0 = 0; c0 < channels; c0 += Block)
            {
                int width = Math.Min(Block, channels - c0);
                var sumDy = new Span<double>(totals, width);
                var sumDyXhat = new Span<double>(totals + Block, width);
                pass.C0 = c0;
                pass.Width = width;
                pass.Mean = sp + c0;
                pass.Inverse = sp + channels + c0;
                pass.Kind = RowPassKind.Gradients;
                pass.First = partial;
                pass.Second = partial + blocks * Block;
                RunRows(pass);
                AddBlocks(pass.First, blocks, sumDy);
                AddBlocks(pass.Second, blocks, sumDyXhat);
                for (int k = 0; k < width; k++)
                {
                    if (!dBeta.IsEmpty) dBeta[c0 + k] = (float)sumDy[k];
                    if (!dGamma.IsEmpty) dGamma[c0 + k] = (float)sumDyXhat[k];
                }
                if (dx.IsEmpty) continue;
                pass.Kind = RowPassKind.InputGradient;
                pass.First = totals;
                pass.Second = totals + Block;
                RunRows(pass);
            }
        }
    }

    /// <summary>
    /// Inference backward (statistics are constants): with <c>x̂ = (x − movingMean)/√(movingVariance + ε)</c>,
    /// <c>dBeta = Σ_r dy</c>, <c>dGamma = Σ_r dy·x̂</c>, <c>dx = γ/√(movingVariance + ε)·dy</c>. Gradients are overwritten.
    /// </summary>
    public static void BackwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> movingMean,
        ReadOnlySpan<float> movingVariance, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dGamma, Span<float> dBeta,
        int rows, int channels, float epsilon = DefaultEpsilon)
    {
        CheckBackward(x.Length, dy.Length, dx.Length, rows, channels, gamma.Length, dGamma.Length, dBeta.Length);
        Conv2DKernel.CheckLength(channels, movingMean.Length, nameof(movingMean), "channels");
        Conv2DKernel.CheckLength(channels, movingVariance.Length, nameof(movingVariance), "channels");
        Span<float> inverse = stackalloc float[Block];
        for (int c0 = 0; c0 < channels; c0 += Block)
        {
            int width = Math.Min(Block, channels - c0);
            for (int k = 0; k < width; k++) inverse[k] = (float)(1.0 / Math.Sqrt(movingVariance[c0 + k] + (double)epsilon));
            BackwardInferenceBlock(x, gamma, movingMean.Slice(c0, width), inverse.Slice(0, width), dy, dx, dGamma, dBeta, rows, channels, c0);
        }
    }

    /// <summary>Inference backward of channels <c>[c0, c0 + mean.Length)</c>; <c>mean</c> and <c>inverse</c> are that block's statistics.</summary>
    private static void BackwardInferenceBlock(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverse,
        ReadOnlySpan<float> dy, Span<float> dx, Span<float> dGamma, Span<float> dBeta, int rows, int channels, int c0)
    {
        int width = mean.Length;
        Span<double> sums = stackalloc double[2 * Block];
        Span<double> sumDy = sums.Slice(0, width), sumDyXhat = sums.Slice(Block, width);
        BatchNormalizationSums.Gradients(x, dy, mean, inverse, rows, channels, c0, sumDy, sumDyXhat);
        for (int k = 0; k < width; k++)
        {
            if (!dBeta.IsEmpty) dBeta[c0 + k] = (float)sumDy[k];
            if (!dGamma.IsEmpty) dGamma[c0 + k] = (float)sumDyXhat[k];
        }
        if (dx.IsEmpty) return;
        BatchNormalizationSums.InputGradient(x, gamma.IsEmpty ? gamma : gamma.Slice(c0, width), mean, inverse, dy, dx, rows, channels, c0,
            default, default, rows);
    }

    /// <summary><c>y = (x − mean)·inverse·γ + β</c> for channels <c>[c0, c0 + mean.Length)</c>.</summary>
    private static void NormalizeBlock(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> inverse, Span<float> y, int rows, int channels, int c0)
    {
        int width = mean.Length;
        Span<float> scale = stackalloc float[Block];
        Span<float> shift = stackalloc float[Block];
        for (int k = 0; k < width; k++)
        {
            scale[k] = (gamma.IsEmpty ? 1f : gamma[c0 + k]) * inverse[k];
            shift[k] = beta.IsEmpty ? 0f : beta[c0 + k];
        }
        // Vectors over the channels of a row, then a scalar tail: the same three operations per element either way (no
        // fused multiply-add), so a channel's value does not depend on where the vectors end.
        int step = Vector<float>.Count, vectorEnd = Vector.IsHardwareAccelerated ? width - width % step : 0;
        ref float m0 = ref MemoryMarshal.GetReference(mean);
        ref float s0 = ref MemoryMarshal.GetReference(scale);
        ref float h0 = ref MemoryMarshal.GetReference(shift);
        for (int r = 0; r < rows; r++)
        {
            int o = r * channels + c0;
            ReadOnlySpan<float> xRow = x.Slice(o, width);
            Span<float> yRow = y.Slice(o, width);
            ref float xr = ref MemoryMarshal.GetReference(xRow);
            ref float yr = ref MemoryMarshal.GetReference(yRow);
            int k = 0;
            for (; k < vectorEnd; k += step)
            {
                var value = (Vector.LoadUnsafe(ref xr, (nuint)k) - Vector.LoadUnsafe(ref m0, (nuint)k)) * Vector.LoadUnsafe(ref s0, (nuint)k)
                    + Vector.LoadUnsafe(ref h0, (nuint)k);
                value.StoreUnsafe(ref yr, (nuint)k);
            }
            for (; k < width; k++) yRow[k] = (xRow[k] - mean[k]) * scale[k] + shift[k];
        }
    }

    private static void Check(int xLength, int yLength, string yName, int rows, int channels, int gammaLength, int betaLength,
        int movingMeanLength, int movingVarianceLength)
    {
        if (rows < 0 || channels <= 0)
            throw new ArgumentException($"Expected non-negative rows and positive channels, but they are {rows} and {channels}.");
        Conv2DKernel.CheckLength(rows * channels, xLength, "x", "rows·channels");
        Conv2DKernel.CheckLength(rows * channels, yLength, yName, "rows·channels");
        if (gammaLength != 0) Conv2DKernel.CheckLength(channels, gammaLength, "gamma", "channels, or empty for scale=False");
        if (betaLength != 0) Conv2DKernel.CheckLength(channels, betaLength, "beta", "channels, or empty for center=False");
        Conv2DKernel.CheckLength(channels, movingMeanLength, "movingMean", "channels");
        Conv2DKernel.CheckLength(channels, movingVarianceLength, "movingVariance", "channels");
    }

    private static void CheckBackward(int xLength, int dyLength, int dxLength, int rows, int channels, int gammaLength,
        int dGammaLength, int dBetaLength)
    {
        if (rows <= 0 || channels <= 0)
            throw new ArgumentException($"Expected positive rows and channels, but they are {rows} and {channels}.");
        Conv2DKernel.CheckLength(rows * channels, xLength, "x", "rows·channels");
        Conv2DKernel.CheckLength(rows * channels, dyLength, "dy", "rows·channels");
        if (dxLength != 0) Conv2DKernel.CheckLength(rows * channels, dxLength, "dx", "rows·channels, or empty");
        if (gammaLength != 0) Conv2DKernel.CheckLength(channels, gammaLength, "gamma", "channels, or empty for scale=False");
        if (dGammaLength != 0) Conv2DKernel.CheckLength(channels, dGammaLength, "dGamma", "channels, or empty");
        if (dBetaLength != 0) Conv2DKernel.CheckLength(channels, dBetaLength, "dBeta", "channels, or empty");
    }
}
