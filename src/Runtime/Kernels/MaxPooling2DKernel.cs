namespace GenNet.Kernels;

/// <summary>
/// Keras <c>MaxPooling2D</c> on NHWC data: <c>y[n, i, j, c] = max over the window's real cells of x[n, h, w, c]</c>, the
/// window being rows <c>i·StrideH − PadTop …</c> and columns <c>j·StrideW − PadLeft …</c> of <see cref="PoolGeometry"/>,
/// clipped to the input (padded cells are ignored, never a zero). Forward and backward change together.
/// </summary>
/// <remarks>
/// The backward pass recomputes each window's winner from <c>x</c> instead of storing indices, so no extra buffer is
/// needed. Ties go to the first maximum in scan order (row by row, left to right), as PyTorch's max-pool records its
/// index (strict <c>&gt;</c> in <c>aten/src/ATen/native/cpu/MaxPoolKernel.cpp</c>). Comparisons with NaN are false, so a
/// NaN never displaces an earlier value.
/// </remarks>
public static class MaxPooling2DKernel
{
    /// <summary><c>y[batch, OutHeight, OutWidth, Channels]</c> = window maxima of <c>x[batch, Height, Width, Channels]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolGeometry geometry)
    {
        var g = geometry;
        PoolChecks.Check(g, batch, x.Length, nameof(x), y.Length, nameof(y));
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    Span<float> out_ = ys.Slice((i * g.OutWidth + j) * c, c);
                    xs.Slice((h0 * g.Width + w0) * c, c).CopyTo(out_);
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                        {
                            ReadOnlySpan<float> cell = xs.Slice((h * g.Width + w) * c, c);
                            for (int k = 0; k < c; k++)
                                if (cell[k] > out_[k]) out_[k] = cell[k];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>dx[n, h, w, c] = Σ dy[n, i, j, c]</c> over the windows whose (first) maximum is cell <c>(h, w)</c>; every other
    /// cell gets 0. <paramref name="dx"/> is overwritten. <paramref name="x"/> is the forward input.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry geometry)
    {
        var g = geometry;
        PoolChecks.Check(g, batch, x.Length, nameof(x), dy.Length, nameof(dy));
        Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "batch·Height·Width·Channels");
        dx.Clear();
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            ReadOnlySpan<float> dys = dy.Slice(n * g.OutputSize, g.OutputSize);
            Span<float> dxs = dx.Slice(n * g.InputSize, g.InputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    int outBase = (i * g.OutWidth + j) * c;
                    for (int k = 0; k < c; k++)
                    {
                        int best = (h0 * g.Width + w0) * c + k;
                        float max = xs[best];
                        for (int h = h0; h < h1; h++)
                        {
                            for (int w = w0; w < w1; w++)
                            {
                                int at = (h * g.Width + w) * c + k;
                                if (xs[at] > max) { max = xs[at]; best = at; }
                            }
                        }
                        dxs[best] += dys[outBase + k];
                    }
                }
            }
        }
    }
}

/// <summary>Shared checks and window arithmetic of the pooling kernels.</summary>
internal static class PoolChecks
{
    public static void Check(PoolGeometry g, int batch, int xLength, string xName, int yLength, string yName)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch size.");
        Conv2DKernel.CheckLength(batch * g.InputSize, xLength, xName, "batch·Height·Width·Channels");
        Conv2DKernel.CheckLength(batch * g.OutputSize, yLength, yName, "batch·OutHeight·OutWidth·Channels");
    }

    /// <summary>The real cells <c>[start, end)</c> of window <paramref name="index"/> along one axis.</summary>
    public static (int Start, int End) Range(int index, int stride, int pad, int size, int length)
    {
        int start = index * stride - pad;
        return (Math.Max(start, 0), Math.Min(start + size, length));
    }
}
