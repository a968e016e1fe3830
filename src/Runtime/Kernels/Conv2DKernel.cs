using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Conv2D</c> (groups = 1) on NHWC data with an HWIO kernel:
/// <c>y[n, i, j, f] = bias[f] + Σ_{a, b, c} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · kernel[a, b, c, f]</c>
/// (cross-correlation, no flip; <c>x_pad</c> is <c>x</c> shifted by the geometry's padding, zero outside).
/// Forward and backward change together.
/// </summary>
/// <remarks>
/// Lowered to matrix products one sample at a time (im2col: Chellapilla, Puri and Simard, "High performance
/// convolutional neural networks for document processing", 2006): the patch matrix
/// <c>cols[i·OutWidth + j, (a·KernelWidth + b)·Channels + c]</c> times the kernel seen as a row-major
/// <c>[PatchSize, Filters]</c> matrix (HWIO is exactly that layout) gives the sample's output <c>[OutHeight·OutWidth, Filters]</c>.
/// The patch matrix lives in a caller-provided scratch buffer of <see cref="ScratchSize"/> floats, so nothing
/// allocates. Single-threaded. Unpadded geometries whose filter count is a multiple of a vector width skip the lowering
/// and run <see cref="Conv2DDirect"/>'s direct kernels instead (measured faster for the sample CNN's shapes; see docs/BENCHMARKS.md).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Conv2DKernel
{
    /// <summary>
    /// Floats of scratch <see cref="Forward"/> and <see cref="Backward"/> need:
    /// <c>OutHeight·OutWidth·PatchSize</c> (one sample's patch matrix) <c>+ PatchSize·Filters</c> (the transposed
    /// kernel for the input gradient). It does not grow with <paramref name="batch"/> (samples are lowered one at a
    /// time); the argument keeps callers honest should that change.
    /// </summary>
    public static int ScratchSize(Conv2DGeometry geometry, int batch)
    {
        _ = batch;
        // The generator sizes the workspace with the same formula (src/Shared/WindowArithmetic.cs).
        return (int)Shared.WindowArithmetic.Im2ColScratchSize(geometry.OutHeight, geometry.OutWidth, geometry.KernelHeight,
            geometry.KernelWidth, geometry.Channels, geometry.Filters);
    }

    /// <summary>
    /// <c>y = conv(x, kernel) + bias</c>, by whichever variant <paramref name="geometry"/> runs (the rule generated code applies
    /// at build time, src/Shared/Conv2DVariantRule.cs: <see cref="ForwardDirect"/> or <see cref="ForwardIm2Col"/>). Layouts:
    /// <c>x[batch, Height, Width, Channels]</c>, <c>kernel[KernelHeight, KernelWidth, Channels, Filters]</c>, <c>bias[Filters]</c>
    /// (empty for <c>use_bias=False</c>), <c>y[batch, OutHeight, OutWidth, Filters]</c>, <c>scratch</c> at least
    /// <see cref="ScratchSize"/> floats.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        if (RunsDirect(geometry)) ForwardDirect(x, kernel, bias, y, scratch, batch, geometry);
        else ForwardIm2Col(x, kernel, bias, y, scratch, batch, geometry);
    }

    /// <summary>
    /// <see cref="Forward"/> with the direct NHWC kernels of <c>Conv2DDirect</c>, for a geometry the variant rule gives them
    /// (unpadded, not 1×1, filters a multiple of 4); on a machine with no accelerated vector dividing the filter count it
    /// runs im2col instead. Arguments as in <see cref="Forward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is not one the direct kernels handle.</exception>
    public static void ForwardDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), bias.Length, nameof(bias), y.Length, nameof(y), scratch.Length);
        CheckDirect(g);
        if (Conv2DDirect.TryGetPath(g, out var path)) Conv2DDirect.Forward(path, x, kernel, bias, y, batch, g);
        else Im2ColForward(x, kernel, bias, y, scratch, batch, g);
    }

    /// <summary><see cref="Forward"/> by im2col + GEMM, which handles every geometry. Arguments as in <see cref="Forward"/>.</summary>
    public static void ForwardIm2Col(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), bias.Length, nameof(bias), y.Length, nameof(y), scratch.Length);
        Im2ColForward(x, kernel, bias, y, scratch, batch, g);
    }

    /// <summary>
    /// <c>y = relu(conv(x, kernel) + bias)</c> in one pass: <see cref="Forward"/> then <c>Activations.Relu(y, y)</c>, to the
    /// bit (the pre-activation is not kept), by whichever variant <paramref name="geometry"/> runs: <see cref="ForwardReluDirect"/>
    /// or <see cref="ForwardReluIm2Col"/>. Layouts and scratch as in <see cref="Forward"/>.
    /// </summary>
    public static void ForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        if (RunsDirect(geometry)) ForwardReluDirect(x, kernel, bias, y, scratch, batch, geometry);
        else ForwardReluIm2Col(x, kernel, bias, y, scratch, batch, geometry);
    }

    /// <summary>
    /// <see cref="ForwardRelu"/> with the direct kernels, which apply the relu as they store each tile; geometry and fallback
    /// as in <see cref="ForwardDirect"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is not one the direct kernels handle.</exception>
    public static void ForwardReluDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), bias.Length, nameof(bias), y.Length, nameof(y), scratch.Length);
        CheckDirect(g);
        if (Conv2DDirect.TryGetPath(g, out var path))
        {
            Conv2DDirect.Forward(path, x, kernel, bias, y, batch, g, relu: true);
            return;
        }
        Im2ColForward(x, kernel, bias, y, scratch, batch, g, relu: true);
    }

    /// <summary><see cref="ForwardRelu"/> by im2col + GEMM, then the relu in place. Arguments as in <see cref="Forward"/>.</summary>
    public static void ForwardReluIm2Col(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), bias.Length, nameof(bias), y.Length, nameof(y), scratch.Length);
        Im2ColForward(x, kernel, bias, y, scratch, batch, g, relu: true);
    }

    /// <summary>The im2col + GEMM forward, lengths checked by the caller.</summary>
    private static void Im2ColForward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DGeometry g, bool relu = false)
    {
        // Shapes the lowering wastes (docs/BENCHMARKS.md, vision profile): padded windows the direct kernels run once the
        // input is zero-padded into scratch, and one-filter convolutions (a dot product per pixel).
        if (TryPaddedDirect(x, kernel, bias, y, scratch, batch, g, relu)) return;
        if (RunsSingleFilter(g))
        {
            SingleFilterForward(x, kernel, bias, y, batch, g);
            if (relu) Activations.Relu(y, y);
            return;
        }
        int pixels = g.OutHeight * g.OutWidth, patch = g.PatchSize, filters = g.Filters;
        bool direct = IsPointwise(g);
        Span<float> cols = scratch.Slice(0, pixels * patch);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            if (bias.IsEmpty) ys.Clear();
            else for (int p = 0; p < pixels; p++) bias.CopyTo(ys.Slice(p * filters, filters));
            ReadOnlySpan<float> patches = xs;
            if (!direct)
            {
                Im2Col(xs, cols, g);
                patches = cols;
            }
            Gemm.MultiplyTiled(patches, kernel, ys, pixels, patch, filters, accumulate: true);
        }
        if (relu) Activations.Relu(y, y);
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy = dL/dy</c> (layout of <c>y</c>):
    /// <c>dKernel[a, b, c, f] = Σ_{n, i, j} x_pad[n, i·s_h + a·d_h, j·s_w + b·d_w, c] · dy[n, i, j, f]</c>,
    /// <c>dBias[f] = Σ_{n, i, j} dy[n, i, j, f]</c>, and <c>dx</c> = the transposed convolution of <c>dy</c>
    /// (each <c>dy[n, i, j, ·]·kernelᵀ</c> added back onto the input cells its window read; padding dropped).
    /// Parameter gradients are overwritten, not accumulated. <paramref name="dx"/> may be empty when the input needs
    /// no gradient (the first layer); <paramref name="dBias"/> is empty without a bias. Runs whichever variant
    /// <paramref name="geometry"/> runs: <see cref="BackwardDirect"/> or <see cref="BackwardIm2Col"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        if (RunsDirect(geometry)) BackwardDirect(x, kernel, dy, dx, dKernel, dBias, scratch, batch, geometry);
        else BackwardIm2Col(x, kernel, dy, dx, dKernel, dBias, scratch, batch, geometry);
    }

    /// <summary>
    /// <see cref="Backward"/> with the direct kernels: when at most half of <paramref name="dy"/> is nonzero (behind a max-pool),
    /// both gradients by routes over its nonzero values (Conv2DDirect.Routed.cs); else the kernel gradient directly, the input gradient gathered per input
    /// row (3-wide kernels at stride 1, when <paramref name="scratch"/> has room), else directly over a channel vector, else by
    /// im2col. Geometry and fallback as in <see cref="ForwardDirect"/>; arguments as in <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is not one the direct kernels handle.</exception>
    public static void BackwardDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        CheckBackward(g, batch, x, kernel, dy, dx, dKernel, dBias, scratch);
        CheckDirect(g);
        if (!Conv2DDirect.TryGetPath(g, out var path))
        {
            Im2ColBackward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
            return;
        }
        // Behind a max-pool and a relu most of dy is zeros: routes skip them (the same kernel gradient, bit for bit).
        if (Conv2DDirect.CanRoute(g, scratch.Length) && Conv2DDirect.IsSparse(dy.Slice(0, batch * g.OutputSize)))
        {
            Conv2DDirect.BackwardRouted(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
            return;
        }
        Conv2DDirect.KernelGradient(path, x, dy, dKernel, dBias, batch, g);
        if (dx.IsEmpty) return;
        var channelPath = Conv2DDirect.VectorPath(g.Channels);
        if (Conv2DDirect.CanGather(g, channelPath, scratch.Length))
        {
            Conv2DDirect.InputGradientGather(channelPath, kernel, dy, dx, scratch, batch, g);
            return;
        }
        if (channelPath != Gemm.Path.Scalar)
        {
            Conv2DDirect.InputGradient(channelPath, kernel, dy, dx, scratch.Slice(0, g.KernelSize), batch, g);
            return;
        }
        Im2ColBackward(x, kernel, dy, dx, default, default, scratch, batch, g);
    }

    /// <summary><see cref="Backward"/> by im2col + GEMM, which handles every geometry. Arguments as in <see cref="Backward"/>.</summary>
    public static void BackwardIm2Col(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DGeometry geometry)
    {
        var g = geometry;
        CheckBackward(g, batch, x, kernel, dy, dx, dKernel, dBias, scratch);
        Im2ColBackward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
    }

    /// <summary>
    /// The im2col + GEMM backward, lengths checked by the caller. With an empty <paramref name="dKernel"/> only
    /// <paramref name="dx"/> is computed.
    /// </summary>
    private static void Im2ColBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch, int batch, Conv2DGeometry g)
    {
        bool kernelGradient = !dKernel.IsEmpty;
        int pixels = g.OutHeight * g.OutWidth, patch = g.PatchSize, filters = g.Filters;
        bool direct = IsPointwise(g);
        Span<float> cols = scratch.Slice(0, pixels * patch);
        Span<float> kernelT = scratch.Slice(pixels * patch, g.KernelSize);
        if (!dx.IsEmpty) MatrixTranspose.Transpose(kernel, kernelT, patch, filters);
        dKernel.Clear();
        dBias.Clear();
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            ReadOnlySpan<float> dys = dy.Slice(n * g.OutputSize, g.OutputSize);
            for (int p = 0; p < pixels && !dBias.IsEmpty; p++) Gemm.Axpy(1f, dys.Slice(p * filters, filters), dBias);
            if (direct)
            {
                if (kernelGradient) Gemm.MultiplyTransposedATiled(xs, dys, dKernel, pixels, patch, filters, accumulate: true);
                if (!dx.IsEmpty) Gemm.MultiplyTiled(dys, kernelT, dx.Slice(n * g.InputSize, g.InputSize), pixels, filters, patch, accumulate: false);
                continue;
            }
            if (kernelGradient)
            {
                Im2Col(xs, cols, g);
                Gemm.MultiplyTransposedATiled(cols, dys, dKernel, pixels, patch, filters, accumulate: true);
            }
            if (dx.IsEmpty) continue;
            // dcols = dy · kernelᵀ, then scattered back onto the input cells the patches were read from.
            Gemm.MultiplyTiled(dys, kernelT, cols, pixels, filters, patch, accumulate: false);
            Col2Im(cols, dx.Slice(n * g.InputSize, g.InputSize), g);
        }
    }

    /// <summary>1×1 kernel, stride 1, no padding: the input already is the patch matrix.</summary>
    private static bool IsPointwise(Conv2DGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadTop == 0 && g.PadLeft == 0 &&
        g.OutHeight == g.Height && g.OutWidth == g.Width;

    /// <summary>
    /// <c>cols[i·OutWidth + j, (a·KernelWidth + b)·Channels + c] = x_pad[i·s_h + a·d_h, j·s_w + b·d_w, c]</c> for one
    /// sample: each (i, j, a, b) copies a contiguous run of <c>Channels</c> floats, or zeros where it falls in the padding.
    /// Unchecked references: the public entry points validated the geometry and every length, and each cell index is
    /// range-checked against the input before it is read.
    /// </summary>
    private static void Im2Col(ReadOnlySpan<float> x, Span<float> cols, Conv2DGeometry g)
    {
        int c = g.Channels, patch = g.PatchSize;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float cr = ref MemoryMarshal.GetReference(cols);
        for (int i = 0; i < g.OutHeight; i++)
        {
            for (int a = 0; a < g.KernelHeight; a++)
            {
                int h = i * g.StrideH - g.PadTop + a * g.DilationH;
                bool rowInside = (uint)h < (uint)g.Height;
                for (int b = 0; b < g.KernelWidth; b++)
                {
                    int dst = i * g.OutWidth * patch + (a * g.KernelWidth + b) * c;
                    int w = b * g.DilationW - g.PadLeft;
                    for (int j = 0; j < g.OutWidth; j++, dst += patch, w += g.StrideW)
                    {
                        ref float d = ref Unsafe.Add(ref cr, dst);
                        if (rowInside && (uint)w < (uint)g.Width) CopyRun(ref Unsafe.Add(ref xr, (h * g.Width + w) * c), ref d, c);
                        else for (int k = 0; k < c; k++) Unsafe.Add(ref d, k) = 0f;
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: <c>dx</c> is overwritten with the sum of every patch entry that read each cell.</summary>
    private static void Col2Im(ReadOnlySpan<float> cols, Span<float> dx, Conv2DGeometry g)
    {
        dx.Clear();
        int c = g.Channels, patch = g.PatchSize;
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        ref float cr = ref MemoryMarshal.GetReference(cols);
        for (int i = 0; i < g.OutHeight; i++)
        {
            for (int a = 0; a < g.KernelHeight; a++)
            {
                int h = i * g.StrideH - g.PadTop + a * g.DilationH;
                if ((uint)h >= (uint)g.Height) continue;
                for (int b = 0; b < g.KernelWidth; b++)
                {
                    int src = i * g.OutWidth * patch + (a * g.KernelWidth + b) * c;
                    int w = b * g.DilationW - g.PadLeft;
                    for (int j = 0; j < g.OutWidth; j++, src += patch, w += g.StrideW)
                        if ((uint)w < (uint)g.Width) AddRun(ref Unsafe.Add(ref cr, src), ref Unsafe.Add(ref dxr, (h * g.Width + w) * c), c);
                }
            }
        }
    }

    /// <summary><c>d[0..n) = s[0..n)</c>; a plain loop for the short runs of few-channel inputs, a block copy beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(ref float s, ref float d, int n)
    {
        if (n >= 8)
        {
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref d), ref Unsafe.As<float, byte>(ref s), (uint)n * sizeof(float));
            return;
        }
        for (int k = 0; k < n; k++) Unsafe.Add(ref d, k) = Unsafe.Add(ref s, k);
    }

    /// <summary><c>d[0..n) += s[0..n)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(ref float s, ref float d, int n)
    {
        int k = 0;
        for (; k <= n - Vector<float>.Count; k += Vector<float>.Count)
            (Vector.LoadUnsafe(ref d, (nuint)k) + Vector.LoadUnsafe(ref s, (nuint)k)).StoreUnsafe(ref d, (nuint)k);
        for (; k < n; k++) Unsafe.Add(ref d, k) += Unsafe.Add(ref s, k);
    }

    /// <summary>The variant rule generated code applies at build time (src/Shared/Conv2DVariantRule.cs).</summary>
    private static bool RunsDirect(Conv2DGeometry g) =>
        Shared.Conv2DVariantRule.RunsDirect(g.Height, g.Width, g.KernelHeight, g.KernelWidth, g.Filters, g.StrideH, g.StrideW,
            g.DilationH, g.DilationW, g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth);

    private static void CheckDirect(Conv2DGeometry g)
    {
        if (!RunsDirect(g))
            throw new ArgumentException("Expected a geometry the direct kernels handle (no padding, windows inside the input, " +
                $"not 1×1, filters a multiple of {Shared.Conv2DVariantRule.NarrowestVectorWidth}), but got {g}; use ForwardIm2Col/BackwardIm2Col.", "geometry");
    }

    private static void CheckBackward(Conv2DGeometry g, int batch, ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, Span<float> scratch)
    {
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), dBias.Length, nameof(dBias), dy.Length, nameof(dy), scratch.Length);
        CheckLength(g.KernelSize, dKernel.Length, nameof(dKernel), "KernelHeight·KernelWidth·Channels·Filters");
        if (!dx.IsEmpty) CheckLength(batch * g.InputSize, dx.Length, nameof(dx), "batch·Height·Width·Channels, or empty");
    }

    private static void Check(Conv2DGeometry g, int batch, int xLength, string xName, int kernelLength, string kernelName,
        int biasLength, string biasName, int yLength, string yName, int scratchLength)
    {
        g.Validate();
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch size.");
        CheckLength(batch * g.InputSize, xLength, xName, "batch·Height·Width·Channels");
        CheckLength(g.KernelSize, kernelLength, kernelName, "KernelHeight·KernelWidth·Channels·Filters");
        if (biasLength != 0) CheckLength(g.Filters, biasLength, biasName, "Filters, or empty without a bias");
        CheckLength(batch * g.OutputSize, yLength, yName, "batch·OutHeight·OutWidth·Filters");
        int scratch = ScratchSize(g, batch);
        if (scratchLength < scratch)
            throw new ArgumentException($"Expected scratch to hold at least {scratch} floats (Conv2DKernel.ScratchSize), but its length is {scratchLength}.", "scratch");
    }

    internal static void CheckLength(int expected, int actual, string name, string formula)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {name} to have length {expected} ({formula}), but its length is {actual}.", name);
    }
}
