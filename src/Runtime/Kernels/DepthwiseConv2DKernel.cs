using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// combined over the channels (for <c>M = 1</c> the forward keeps one vector accumulator per output pixel and block of
/// channels across all taps, so each output is stored once; with <c>M &gt; 1</c> one input value feeds <c>M</c>
/// consecutive outputs, a short scalar loop). Taps outside the input (padding) are skipped. Every sum runs in
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
        if (m == 1)
        {
            ForwardOneFilter(x, kernel, bias, y, batch, g);
            return;
        }
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

    /// <summary>
    /// Inference of <c>DepthwiseConv2D → BatchNormalization → relu/relu6</c> in one call (generated code, when nothing else
    /// reads the two intermediate outputs): per sample <see cref="Forward"/> without a bias, then
    /// <c>y = min(max(y·scale + shift, min), max)</c> per output channel (<see cref="BatchNormalizationKernel.ApplyFolded"/>)
    /// while the sample's output is in cache. <c>scaleShift</c> is <see cref="BatchNormalizationKernel.FoldInference"/>'s
    /// <c>[scale[Channels·Filters], shift[Channels·Filters]]</c> (the layer's bias folded into the shift). Layouts as in
    /// <see cref="Forward"/>.
    /// </summary>
    public static void ForwardFolded(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, ReadOnlySpan<float> scaleShift,
        int batch, Conv2DGeometry geometry, float min, float max)
    {
        var g = geometry;
        Check(x.Length, kernel.Length, 0, y.Length, batch, g, nameof(y));
        int outChannels = g.Channels * g.Filters, inputSize = g.InputSize, outputSize = g.OutHeight * g.OutWidth * outChannels;
        Conv2DKernel.CheckLength(2 * outChannels, scaleShift.Length, nameof(scaleShift), "2·Channels·Filters: scale, then shift");
        for (int n = 0; n < batch; n++)
        {
            Span<float> ys = y.Slice(n * outputSize, outputSize);
            Forward(x.Slice(n * inputSize, inputSize), kernel, default, ys, 1, g);
            BatchNormalizationKernel.ApplyFolded(ys, scaleShift, g.OutHeight * g.OutWidth, outChannels, min, max);
        }
    }

    /// <summary>
    /// Depth multiplier 1: per output pixel and block of channels one vector accumulator, <c>acc = bias</c> (or 0), then
    /// <c>acc = x·k + acc</c> for the taps in order (rows a, then columns b), stored once. The vector is the widest one
    /// that divides the channel count (so no channel falls in a tail), else <see cref="ForwardScalar"/>; the choice
    /// depends on the geometry and the machine only, never on the batch or the thread.
    /// </summary>
    private static void ForwardOneFilter(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> y, int batch, Conv2DGeometry g)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float k0 = ref MemoryMarshal.GetReference(kernel);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float b0 = ref MemoryMarshal.GetReference(bias);
        int c = g.Channels;
        if (Vector512.IsHardwareAccelerated && c % 16 == 0) ForwardVectors<Gemm.V512, Vector512<float>>(ref x0, ref k0, ref b0, !bias.IsEmpty, ref y0, batch, g);
        else if (Vector256.IsHardwareAccelerated && c % 8 == 0) ForwardVectors<Gemm.V256, Vector256<float>>(ref x0, ref k0, ref b0, !bias.IsEmpty, ref y0, batch, g);
        else if (Vector128.IsHardwareAccelerated && c % 4 == 0) ForwardVectors<Gemm.V128, Vector128<float>>(ref x0, ref k0, ref b0, !bias.IsEmpty, ref y0, batch, g);
        else ForwardScalar(ref x0, ref k0, ref b0, !bias.IsEmpty, ref y0, batch, g);
    }

    private static void ForwardVectors<TOps, TVec>(ref float x0, ref float k0, ref float b0, bool hasBias, ref float y0, int batch, Conv2DGeometry g)
        where TOps : struct, Gemm.IGemmVector<TVec>
        where TVec : struct
    {
        int c = g.Channels, width = TOps.Count;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                // The kernel rows whose input row exists: a in [aFirst, aEnd); likewise the columns below.
                int top = i * g.StrideH - g.PadTop;
                var (aFirst, aEnd) = Taps(top, g.KernelHeight, g.DilationH, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    int left = j * g.StrideW - g.PadLeft;
                    var (bFirst, bEnd) = Taps(left, g.KernelWidth, g.DilationW, g.Width);
                    nint yAt = ((n * g.OutHeight + i) * g.OutWidth + j) * c;
                    for (int v = 0; v < c; v += width)
                    {
                        TVec acc = hasBias ? TOps.Load(ref b0, v) : TOps.Zero;
                        for (int a = aFirst; a < aEnd; a++)
                        {
                            nint xAt = ((n * g.Height + top + a * g.DilationH) * g.Width + left) * c + v;
                            nint kAt = a * g.KernelWidth * c + v;
                            for (int b = bFirst; b < bEnd; b++)
                                acc = TOps.MultiplyAdd(TOps.Load(ref x0, xAt + b * g.DilationW * c), TOps.Load(ref k0, kAt + b * c), acc);
                        }
                        TOps.Store(acc, ref y0, yAt + v);
                    }
                }
            }
        }
    }

    /// <summary>The taps <c>[first, end)</c> of a kernel of <paramref name="kernel"/> taps, dilated, whose input index <c>start + t·dilation</c> lies in <c>[0, size)</c>.</summary>
    private static (int First, int End) Taps(int start, int kernel, int dilation, int size) =>
        (start >= 0 ? 0 : (-start + dilation - 1) / dilation, Math.Min(kernel, (size - start + dilation - 1) / dilation));

    private static void ForwardScalar(ref float x0, ref float k0, ref float b0, bool hasBias, ref float y0, int batch, Conv2DGeometry g)
    {
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < g.OutHeight; i++)
            {
                int top = i * g.StrideH - g.PadTop;
                var (aFirst, aEnd) = Taps(top, g.KernelHeight, g.DilationH, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    int left = j * g.StrideW - g.PadLeft;
                    var (bFirst, bEnd) = Taps(left, g.KernelWidth, g.DilationW, g.Width);
                    int yAt = ((n * g.OutHeight + i) * g.OutWidth + j) * c;
                    for (int v = 0; v < c; v++)
                    {
                        float acc = hasBias ? Unsafe.Add(ref b0, v) : 0f;
                        for (int a = aFirst; a < aEnd; a++)
                        {
                            int xAt = ((n * g.Height + top + a * g.DilationH) * g.Width + left) * c + v;
                            int kAt = a * g.KernelWidth * c + v;
                            for (int b = bFirst; b < bEnd; b++)
                                acc += Unsafe.Add(ref x0, xAt + b * g.DilationW * c) * Unsafe.Add(ref k0, kAt + b * c);
                        }
                        Unsafe.Add(ref y0, yAt + v) = acc;
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
