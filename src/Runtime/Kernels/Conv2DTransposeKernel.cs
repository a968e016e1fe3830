using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Conv2DTranspose(filters, kernel_size, strides, padding, output_padding, dilation_rate)</c> on NHWC data, the input gradient
/// of a convolution run forwards: every input pixel scatters its channels through the kernel onto a window of the output,
/// <c>y[n, i·s_h − PadTop + a·d_h, j·s_w − PadLeft + b·d_w, f] += Σ_c x[n, i, j, c] · kernel[a, b, f, c]</c>, plus <c>bias[f]</c>
/// everywhere (landings outside the output are cropped). The kernel is Keras' <c>kernel[KernelHeight, KernelWidth,
/// Filters, Channels]</c>, row-major, i.e. a matrix <c>K[PatchSize, Channels]</c> with row <c>(a·KernelWidth + b)·Filters + f</c>.
/// Forward and backward change together.
/// </summary>
/// <remarks>
/// Forward, where the filters fill whole vectors and there is no dilation: one ordinary convolution per stride class, written
/// straight into that class's output pixels (Conv2DTransposeKernel.SubPixel.cs). Otherwise, and for the backward,
/// one sample at a time through one GEMM and a scatter (col2im, the dual of Conv2D's im2col): the column matrix
/// <c>cols[Height·Width, PatchSize] = x[Height·Width, Channels] · Kᵀ</c> holds, for input pixel <c>(i, j)</c>, everything it
/// adds to its window, which is then added onto the output tap by tap. Backward gathers the output gradient the same way
/// (<c>dcols[(i, j), (a, b, f)] = dy</c> at the landing, 0 where cropped), then <c>dx = dcols · K</c> and
/// <c>dK += dcolsᵀ · x</c>. The column matrix lives in a caller-provided scratch of <see cref="Conv2DTransposeGeometry.ScratchSize"/>
/// floats, so nothing allocates. Every sum has a fixed order (samples, then pixels and taps ascending); single-threaded.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Conv2DTransposeKernel
{
    /// <summary>
    /// <c>y = conv_transpose(x, kernel) + bias</c>. Layouts: <c>x[batch, Height, Width, Channels]</c>,
    /// <c>kernel[KernelHeight, KernelWidth, Filters, Channels]</c>, <c>bias[Filters]</c> (empty for <c>use_bias=False</c>),
    /// <c>y[batch, OutHeight, OutWidth, Filters]</c>, <c>scratch</c> at least <see cref="Conv2DTransposeGeometry.ScratchSize"/> floats.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DTransposeGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, kernel.Length, bias.Length, y.Length, nameof(y), scratch.Length);
        if (!TrySubPixel(x, kernel, bias, y, scratch, batch, g, relu: false)) ScatterForward(x, kernel, bias, y, scratch, batch, g);
    }

    /// <summary>
    /// <c>y = relu(conv_transpose(x, kernel) + bias)</c> in one pass: <see cref="Forward"/> then <c>Activations.Relu(y, y)</c>, to
    /// the bit (the pre-activation is not kept; inference). Layouts and scratch as in <see cref="Forward"/>.
    /// </summary>
    public static void ForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DTransposeGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, kernel.Length, bias.Length, y.Length, nameof(y), scratch.Length);
        if (TrySubPixel(x, kernel, bias, y, scratch, batch, g, relu: true)) return;
        ScatterForward(x, kernel, bias, y, scratch, batch, g);
        Activations.Relu(y, y);
    }

    /// <summary>The forward by one GEMM and a scatter per sample (every geometry), lengths checked by the caller.</summary>
    private static void ScatterForward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DTransposeGeometry g)
    {
        int pixels = g.Height * g.Width, patch = g.PatchSize, f = g.Filters;
        Span<float> cols = scratch.Slice(0, pixels * patch);
        for (int n = 0; n < batch; n++)
        {
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            if (bias.IsEmpty) ys.Clear();
            else for (int p = 0; p < g.OutHeight * g.OutWidth; p++) bias.CopyTo(ys.Slice(p * f, f));
            // cols[HW, P] = x[HW, C] · K[P, C]ᵀ.
            Gemm.MultiplyTransposedB(x.Slice(n * g.InputSize, g.InputSize), kernel, cols, pixels, g.Channels, patch, accumulate: false);
            for (int i = 0; i < g.Height; i++)
            {
                for (int a = 0; a < g.KernelHeight; a++)
                {
                    int oh = i * g.StrideH - g.PadTop + a * g.DilationH;
                    if ((uint)oh >= (uint)g.OutHeight) continue;
                    for (int j = 0; j < g.Width; j++)
                    {
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int ow = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if ((uint)ow >= (uint)g.OutWidth) continue;
                            Span<float> yRow = ys.Slice((oh * g.OutWidth + ow) * f, f);
                            TensorPrimitives.Add(yRow, cols.Slice((i * g.Width + j) * patch + (a * g.KernelWidth + b) * f, f), yRow);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy = dL/dy</c> (layout of <c>y</c>):
    /// <c>dx[n, i, j, c] = Σ_{a, b, f} dy[n, i·s_h − PadTop + a·d_h, j·s_w − PadLeft + b·d_w, f] · kernel[a, b, f, c]</c> (a
    /// convolution of <c>dy</c>; cropped landings contribute nothing),
    /// <c>dKernel[a, b, f, c] = Σ_{n, i, j} dy[n, landing of (i, j, a, b), f] · x[n, i, j, c]</c> and
    /// <c>dBias[f] = Σ_{n, oh, ow} dy[n, oh, ow, f]</c>. Parameter gradients are overwritten, not accumulated.
    /// <paramref name="dx"/> may be empty when the input needs no gradient (the first layer); <paramref name="dBias"/> is
    /// empty without a bias.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DTransposeGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, kernel.Length, dBias.Length, dy.Length, nameof(dy), scratch.Length);
        Conv2DKernel.CheckLength(kernel.Length, dKernel.Length, nameof(dKernel), "the length of kernel");
        if (!dx.IsEmpty) Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "the length of x");
        int pixels = g.Height * g.Width, patch = g.PatchSize, f = g.Filters;
        Span<float> cols = scratch.Slice(0, pixels * patch);
        dKernel.Clear();
        dBias.Clear();
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> dys = dy.Slice(n * g.OutputSize, g.OutputSize);
            for (int p = 0; p < g.OutHeight * g.OutWidth && !dBias.IsEmpty; p++) TensorPrimitives.Add(dBias, dys.Slice(p * f, f), dBias);
            // dcols[(i, j), (a, b, f)] = dy at the landing of tap (a, b) of pixel (i, j), zero where it is cropped.
            for (int i = 0; i < g.Height; i++)
            {
                for (int j = 0; j < g.Width; j++)
                {
                    Span<float> row = cols.Slice((i * g.Width + j) * patch, patch);
                    for (int a = 0; a < g.KernelHeight; a++)
                    {
                        int oh = i * g.StrideH - g.PadTop + a * g.DilationH;
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int ow = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            Span<float> tap = row.Slice((a * g.KernelWidth + b) * f, f);
                            if ((uint)oh < (uint)g.OutHeight && (uint)ow < (uint)g.OutWidth) dys.Slice((oh * g.OutWidth + ow) * f, f).CopyTo(tap);
                            else tap.Clear();
                        }
                    }
                }
            }
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            // dK[P, C] += dcols[HW, P]ᵀ · x[HW, C];  dx[HW, C] = dcols[HW, P] · K[P, C].
            Gemm.MultiplyTransposedA(cols, xs, dKernel, pixels, patch, g.Channels, accumulate: true);
            if (!dx.IsEmpty) Gemm.Multiply(cols, kernel, dx.Slice(n * g.InputSize, g.InputSize), pixels, patch, g.Channels, accumulate: false);
        }
    }

    private static void Check(Conv2DTransposeGeometry g, int batch, int xLength, int kernelLength, int biasLength, int yLength, string yName, int scratchLength)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch.");
        Conv2DKernel.CheckLength(batch * g.InputSize, xLength, "x", "batch·Height·Width·Channels");
        Conv2DKernel.CheckLength(g.KernelSize, kernelLength, "kernel", "KernelHeight·KernelWidth·Filters·Channels");
        if (biasLength != 0) Conv2DKernel.CheckLength(g.Filters, biasLength, "bias", "Filters (or 0)");
        Conv2DKernel.CheckLength(batch * g.OutputSize, yLength, yName, "batch·OutHeight·OutWidth·Filters");
        if (scratchLength < g.ScratchSize)
            throw new ArgumentException($"Expected scratch to have at least {g.ScratchSize} floats (Height·Width·KernelHeight·KernelWidth·Filters), but its length is {scratchLength}.", "scratch");
    }
}
