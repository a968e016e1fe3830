using System.Numerics;

namespace GenNet.Kernels;

public static partial class Conv2DKernel
{
    /// <summary>
    /// A padded (or window-overhanging) geometry run by <see cref="Conv2DDirect"/>: each sample is copied into scratch as
    /// <c>x_pad</c> (zeros around it, <c>PaddedHeight × PaddedWidth × Channels</c>, where <c>PaddedHeight = (OutHeight−1)·s_h +
    /// (KernelHeight−1)·d_h + 1</c>), and the unpadded direct kernel runs on that; same sums as the definition, since the zeros
    /// add nothing. False (nothing written) where the direct kernels would not run the padded geometry either, or where
    /// <c>x_pad</c> does not fit in the im2col scratch. With <paramref name="relu"/> the relu is applied as tiles are stored.
    /// </summary>
    private static bool TryPaddedDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry g, bool relu)
    {
        if (RunsDirect(g)) return false;
        int height = (g.OutHeight - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH + 1;
        int width = (g.OutWidth - 1) * g.StrideW + (g.KernelWidth - 1) * g.DilationW + 1;
        var padded = g with { Height = height, Width = width, PadTop = 0, PadLeft = 0 };
        if (!RunsDirect(padded) || !Conv2DDirect.TryGetPath(padded, out var path)) return false;
        if ((long)padded.InputSize > scratch.Length) return false;
        Span<float> xPad = scratch.Slice(0, padded.InputSize);
        int c = g.Channels;
        // Input columns [j0, j1) land inside x_pad at column j + PadLeft.
        int j0 = Math.Max(0, -g.PadLeft), j1 = Math.Min(g.Width, width - g.PadLeft);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            xPad.Clear();
            if (j1 > j0)
            {
                for (int i = 0; i < g.Height; i++)
                {
                    int r = i + g.PadTop;
                    if ((uint)r >= (uint)height) continue;
                    xs.Slice((i * g.Width + j0) * c, (j1 - j0) * c).CopyTo(xPad.Slice((r * width + j0 + g.PadLeft) * c));
                }
            }
            Conv2DDirect.Forward(path, xPad, kernel, bias, y.Slice(n * g.OutputSize, g.OutputSize), 1, padded, relu);
        }
        return true;
    }

    /// <summary>One filter over at least one vector of channels: <see cref="SingleFilterForward"/> beats a one-column GEMM.</summary>
    private static bool RunsSingleFilter(Conv2DGeometry g) => g.Filters == 1 && g.Channels >= Vector<float>.Count;

    /// <summary>
    /// <c>y[n, i, j] = bias + Σ_{a, b} Σ_c x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · kernel[a, b, c, 0]</c> for a one-filter
    /// kernel (HWIO with O = 1 is <c>[KernelHeight·KernelWidth, Channels]</c>): per pixel a dot product over the taps inside
    /// the input, vectorized over channels into four accumulators (four independent multiply-add chains), summed in a fixed
    /// order (so the same bits on every run and for every batch split), then the scalar channel tail and the bias.
    /// </summary>
    private static void SingleFilterForward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> y, int batch, Conv2DGeometry g)
    {
        int c = g.Channels, width = Vector<float>.Count;
        float b0 = bias.IsEmpty ? 0f : bias[0];
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                for (int j = 0; j < g.OutWidth; j++)
                {
                    Vector<float> a0 = Vector<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    float tail = 0f;
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int ih = i * g.StrideH - g.PadTop + a * g.DilationH;
                        if ((uint)ih >= (uint)g.Height) continue;
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if ((uint)iw >= (uint)g.Width) continue;
                            ReadOnlySpan<float> xr = xs.Slice((ih * g.Width + iw) * c, c);
                            ReadOnlySpan<float> kr = kernel.Slice((a * g.KernelWidth + b) * c, c);
                            int k = 0;
                            for (; k + 4 * width <= c; k += 4 * width)
                            {
                                a0 = Vector.FusedMultiplyAdd(new Vector<float>(xr.Slice(k)), new Vector<float>(kr.Slice(k)), a0);
                                a1 = Vector.FusedMultiplyAdd(new Vector<float>(xr.Slice(k + width)), new Vector<float>(kr.Slice(k + width)), a1);
                                a2 = Vector.FusedMultiplyAdd(new Vector<float>(xr.Slice(k + 2 * width)), new Vector<float>(kr.Slice(k + 2 * width)), a2);
                                a3 = Vector.FusedMultiplyAdd(new Vector<float>(xr.Slice(k + 3 * width)), new Vector<float>(kr.Slice(k + 3 * width)), a3);
                            }
                            for (; k + width <= c; k += width)
                                a0 = Vector.FusedMultiplyAdd(new Vector<float>(xr.Slice(k)), new Vector<float>(kr.Slice(k)), a0);
                            for (; k < c; k++) tail = MathF.FusedMultiplyAdd(xr[k], kr[k], tail);
                        }
                    }
                    ys[i * g.OutWidth + j] = Vector.Sum((a0 + a1) + (a2 + a3)) + tail + b0;
                }
            }
        }
    }
}
