using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>DepthwiseConv2D(kernel_size, depth_multiplier = M)</c> on NHWC data: every input channel <c>c</c> has its own
/// <c>M</c> filters, and output channel <c>o = c·M + m</c> is
/// <c>y[n, i, j, o] = bias[o] + Σ_{a, b} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · kernel[a, b, c, m]</c>
/// (cross-correlation, no flip). The kernel is Keras' <c>depthwise_kernel[KernelHeight, KernelWidth, Channels, M]</c>,
/// row-major, so one tap <c>(a, b)</c> is a contiguous row of <c>Channels·M</c> weights indexed by <c>o</c>.
/// The geometry is a <see cref="Conv2DGeometry"/> with <c>Filters = M</c> (outputs have <c>Channels·M</c> channels).
/// Forward and backward change together.
/// </summary>
/// <remarks>
/// Memory-bound (each weight meets one input channel per pixel, <c>kh·kw</c> multiply-adds per output value), so there is
/// no lowering: per output pixel and tap the rows <c>y[n, i, j, ·]</c>, <c>x[n, ih, iw, ·]</c>, <c>kernel[a, b, ·]</c> are
/// combined with <see cref="TensorPrimitives"/> over the channels (for <c>M = 1</c>; with <c>M &gt; 1</c> one input value
/// feeds <c>M</c> consecutive outputs, a short scalar loop). Taps outside the input (padding) are skipped. Every sum runs in
/// a fixed order (taps, then samples and pixels ascending), so results do not depend on threads. Single-threaded; no scratch.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DepthwiseConv2DKernel
{
    /// <summary>
    /// <c>y = depthwise(x, kernel) + bias</c>. Layouts: <c>x[batch, Height, Width, Channels]</c>,
    /// <c>kernel[KernelHeight, KernelWidth, Channels, Filters]</c> (<c>Filters</c> = depth multiplier),
    /// <c>bias[Channels·Filters]</c> (empty for <c>use_bias=False</c>), <c>y[batch, OutHeight, OutWidth, Channels·Filters]</c>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(x.Length, kernel.Length, bias.Length, y.Length, batch, g, nameof(y));
        int c = g.Channels, m = g.Filters, outChannels = c * m;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    Span<float> yRow = y.Slice(((n * g.OutHeight + i) * g.OutWidth + j) * outChannels, outChannels);
                    if (bias.IsEmpty) yRow.Clear();
                    else bias.CopyTo(yRow);
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if ((uint)iw >= (uint)g.Width) continue;
                            ReadOnlySpan<float> xRow = x.Slice(((n * g.Height + ih) * g.Width + iw) * c, c);
                            ReadOnlySpan<float> kRow = kernel.Slice((a * g.KernelWidth + b) * outChannels, outChannels);
                            if (m == 1)
                            {
                                // y[o] += x[o] · k[o], vectorised over the channels.
                                TensorPrimitives.MultiplyAdd(xRow, kRow, yRow, yRow);
                            }
                            else
                            {
                                for (int ch = 0, o = 0; ch < c; ch++)
                                {
                                    float xv = xRow[ch];
                                    for (int q = 0; q < m; q++, o++) yRow[o] += xv * kRow[o];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy = dL/dy</c> (layout of <c>y</c>):
    /// <c>dKernel[a, b, c, m] = Σ_{n, i, j} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · dy[n, i, j, c·M + m]</c>,
    /// <c>dBias[o] = Σ_{n, i, j} dy[n, i, j, o]</c>, and
    /// <c>dx[n, ih, iw, c] = Σ over the windows and taps that read it of Σ_m dy[n, i, j, c·M + m] · kernel[a, b, c, m]</c>
    /// (padding dropped). Parameter gradients are overwritten, not accumulated. <paramref name="dx"/> may be empty when the
    /// input needs no gradient (the first layer); <paramref name="dBias"/> is empty without a bias.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(x.Length, kernel.Length, dBias.Length, dy.Length, batch, g, nameof(dy));
        Conv2DKernel.CheckLength(kernel.Length, dKernel.Length, nameof(dKernel), "the length of kernel");
        if (!dx.IsEmpty) Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "the length of x");
        int c = g.Channels, m = g.Filters, outChannels = c * m;
        dKernel.Clear();
        dBias.Clear();
        dx.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    ReadOnlySpan<float> dyRow = dy.Slice(((n * g.OutHeight + i) * g.OutWidth + j) * outChannels, outChannels);
                    if (!dBias.IsEmpty) TensorPrimitives.Add(dBias, dyRow, dBias);
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if ((uint)iw >= (uint)g.Width) continue;
                            int xAt = ((n * g.Height + ih) * g.Width + iw) * c;
                            ReadOnlySpan<float> xRow = x.Slice(xAt, c);
                            int kAt = (a * g.KernelWidth + b) * outChannels;
                            ReadOnlySpan<float> kRow = kernel.Slice(kAt, outChannels);
                            Span<float> dkRow = dKernel.Slice(kAt, outChannels);
                            if (m == 1)
                            {
                                // dk[o] += x[o] · dy[o];  dx[o] += dy[o] · k[o].
                                TensorPrimitives.MultiplyAdd(xRow, dyRow, dkRow, dkRow);
                                if (!dx.IsEmpty)
                                {
                                    Span<float> dxRow = dx.Slice(xAt, c);
                                    TensorPrimitives.MultiplyAdd(dyRow, kRow, dxRow, dxRow);
                                }
                            }
                            else
                            {
                                for (int ch = 0, o = 0; ch < c; ch++)
                                {
                                    float xv = xRow[ch], sum = 0f;
                                    for (int q = 0; q < m; q++, o++)
                                    {
                                        dkRow[o] += xv * dyRow[o];
                                        sum += dyRow[o] * kRow[o];
                                    }
                                    if (!dx.IsEmpty) dx[xAt + ch] += sum;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Check(int xLength, int kernelLength, int biasLength, int yLength, int batch, Conv2DGeometry g, string yName)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch.");
        int outChannels = g.Channels * g.Filters;
        Conv2DKernel.CheckLength(batch * g.InputSize, xLength, "x", "batch·Height·Width·Channels");
        Conv2DKernel.CheckLength(g.KernelHeight * g.KernelWidth * outChannels, kernelLength, "kernel", "KernelHeight·KernelWidth·Channels·Filters");
        if (biasLength != 0) Conv2DKernel.CheckLength(outChannels, biasLength, "bias", "Channels·Filters (or 0)");
        Conv2DKernel.CheckLength(batch * g.OutHeight * g.OutWidth * outChannels, yLength, yName, "batch·OutHeight·OutWidth·Channels·Filters");
    }
}
