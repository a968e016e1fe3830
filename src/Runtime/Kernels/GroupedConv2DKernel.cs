using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Conv2D(filters, kernel_size, groups = G)</c> on NHWC data: the channels split into <c>G</c> groups of
/// <c>Cg = Channels/G</c>, the filters into <c>G</c> groups of <c>Fg = Filters/G</c>, and filter <c>f</c> of group
/// <c>g = f / Fg</c> reads only that group's input channels:
/// <c>y[n, i, j, f] = bias[f] + Σ_{a, b, c &lt; Cg} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, g·Cg + c] · kernel[a, b, c, f]</c>.
/// The kernel is Keras' <c>kernel[KernelHeight, KernelWidth, Cg, Filters]</c>, row-major. The geometry is a
/// <see cref="Conv2DGeometry"/> with the full <c>Channels</c> and <c>Filters</c>; its <c>KernelSize</c> is G times this
/// kernel's. Forward and backward change together.
/// </summary>
/// <remarks>
/// Direct, no lowering: per output pixel, tap and input channel one multiply-add of a row of <c>Fg</c> weights into the
/// group's <c>Fg</c> outputs (<see cref="TensorPrimitives"/>, vectorised over the filters). Taps in the padding are skipped.
/// Every sum runs in a fixed order (samples, pixels, taps, channels ascending), so results do not depend on threads;
/// single-threaded; no scratch.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GroupedConv2DKernel
{
    /// <summary>
    /// <c>y = grouped_conv(x, kernel) + bias</c>. Layouts: <c>x[batch, Height, Width, Channels]</c>,
    /// <c>kernel[KernelHeight, KernelWidth, Channels/groups, Filters]</c>, <c>bias[Filters]</c> (empty for <c>use_bias=False</c>),
    /// <c>y[batch, OutHeight, OutWidth, Filters]</c>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, Conv2DGeometry geometry, int groups)
    {
        var g = geometry;
        Check(x.Length, kernel.Length, bias.Length, y.Length, nameof(y), batch, g, groups);
        int f = g.Filters, cg = g.Channels / groups, fg = f / groups;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    Span<float> yRow = y.Slice(((n * g.OutHeight + i) * g.OutWidth + j) * f, f);
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
                            ReadOnlySpan<float> xRow = x.Slice(((n * g.Height + ih) * g.Width + iw) * g.Channels, g.Channels);
                            ReadOnlySpan<float> tap = kernel.Slice((a * g.KernelWidth + b) * cg * f, cg * f);
                            for (int group = 0; group < groups; group++)
                            {
                                Span<float> yGroup = yRow.Slice(group * fg, fg);
                                for (int c = 0; c < cg; c++)
                                {
                                    // y[g·Fg + q] += x[g·Cg + c] · kernel[a, b, c, g·Fg + q], vectorised over q.
                                    TensorPrimitives.MultiplyAdd(tap.Slice(c * f + group * fg, fg), xRow[group * cg + c], yGroup, yGroup);
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
    /// <c>dKernel[a, b, c, f] = Σ_{n, i, j} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, g·Cg + c] · dy[n, i, j, f]</c>,
    /// <c>dBias[f] = Σ_{n, i, j} dy[n, i, j, f]</c>, and
    /// <c>dx[n, ih, iw, g·Cg + c] = Σ over the windows and taps that read it of Σ_q dy[n, i, j, g·Fg + q] · kernel[a, b, c, g·Fg + q]</c>
    /// (padding dropped). Parameter gradients are overwritten, not accumulated. <paramref name="dx"/> may be empty when the
    /// input needs no gradient (the first layer); <paramref name="dBias"/> is empty without a bias.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, int batch, Conv2DGeometry geometry, int groups)
    {
        var g = geometry;
        Check(x.Length, kernel.Length, dBias.Length, dy.Length, nameof(dy), batch, g, groups);
        Conv2DKernel.CheckLength(kernel.Length, dKernel.Length, nameof(dKernel), "the length of kernel");
        if (!dx.IsEmpty) Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "the length of x");
        int f = g.Filters, cg = g.Channels / groups, fg = f / groups;
        dKernel.Clear();
        dBias.Clear();
        dx.Clear();
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    ReadOnlySpan<float> dyRow = dy.Slice(((n * g.OutHeight + i) * g.OutWidth + j) * f, f);
                    if (!dBias.IsEmpty) TensorPrimitives.Add(dBias, dyRow, dBias);
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if ((uint)iw >= (uint)g.Width) continue;
                            int xAt = ((n * g.Height + ih) * g.Width + iw) * g.Channels, kAt = (a * g.KernelWidth + b) * cg * f;
                            for (int group = 0; group < groups; group++)
                            {
                                ReadOnlySpan<float> dyGroup = dyRow.Slice(group * fg, fg);
                                for (int c = 0; c < cg; c++)
                                {
                                    int at = kAt + c * f + group * fg, xi = xAt + group * cg + c;
                                    Span<float> dkRow = dKernel.Slice(at, fg);
                                    // dk[a, b, c, g·Fg + q] += x · dy[g·Fg + q];  dx[g·Cg + c] += Σ_q dy[g·Fg + q] · k[a, b, c, g·Fg + q].
                                    TensorPrimitives.MultiplyAdd(dyGroup, x[xi], dkRow, dkRow);
                                    if (!dx.IsEmpty) dx[xi] += TensorPrimitives.Dot(dyGroup, kernel.Slice(at, fg));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void Check(int xLength, int kernelLength, int biasLength, int yLength, string yName, int batch, Conv2DGeometry g, int groups)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch.");
        if (groups <= 0 || g.Channels % groups != 0 || g.Filters % groups != 0)
            throw new ArgumentOutOfRangeException(nameof(groups), groups, $"Expected groups to divide the channels ({g.Channels}) and the filters ({g.Filters}).");
        Conv2DKernel.CheckLength(batch * g.InputSize, xLength, "x", "batch·Height·Width·Channels");
        Conv2DKernel.CheckLength(g.KernelHeight * g.KernelWidth * (g.Channels / groups) * g.Filters, kernelLength, "kernel", "KernelHeight·KernelWidth·(Channels/groups)·Filters");
        if (biasLength != 0) Conv2DKernel.CheckLength(g.Filters, biasLength, "bias", "Filters (or 0)");
        Conv2DKernel.CheckLength(batch * g.OutputSize, yLength, yName, "batch·OutHeight·OutWidth·Filters");
    }
}
