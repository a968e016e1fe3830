using Path = GenNet.Kernels.Gemm.Path;

namespace GenNet.Kernels;

public static partial class Conv2DTransposeKernel
{
    /// <summary>
    /// The forward as <c>s_h·s_w</c> ordinary convolutions, one per stride class (sub-pixel convolution: Shi et al., "Real-Time
    /// Single Image and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network", 2016). With
    /// dilation 1, the output rows <c>o</c> with <c>(o + PadTop) mod s = ρ</c> receive exactly the kernel rows
    /// <c>a ≡ ρ (mod s)</c>, from the consecutive input rows <c>m, m − 1, …</c> (<c>m = (o + PadTop − ρ)/s</c>); likewise for
    /// columns. So each class is a small stride-1 convolution of the input (padded with zeros by its tap reach) with the
    /// class's kernel taps, run by <see cref="Conv2DDirect.ForwardGrid"/> straight into the class's pixels of <c>y</c>: no
    /// column matrix, no scatter, no multiply by an inserted zero, and bias and relu applied as the tiles are stored. Each
    /// output sums the same products as <see cref="Forward"/>'s definition, in tap order (kernel rows, then columns,
    /// descending, then channels). False (nothing written) where it does not apply: dilation, no vector width dividing the
    /// filters, or scratch (one padded sample and the regrouped kernel) beyond <see cref="Conv2DTransposeGeometry.ScratchSize"/>.
    /// </summary>
    private static bool TrySubPixel(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        Span<float> scratch, int batch, Conv2DTransposeGeometry g, bool relu)
    {
        if (g.DilationH != 1 || g.DilationW != 1) return false;
        Path path = Conv2DDirect.VectorPath(g.Filters);
        if (path == Path.Scalar) return false;
        var rows = new StrideClasses(g.Height, g.KernelHeight, g.StrideH, g.PadTop, g.OutHeight);
        var columns = new StrideClasses(g.Width, g.KernelWidth, g.StrideW, g.PadLeft, g.OutWidth);
        int c = g.Channels, f = g.Filters;
        long padded = (long)rows.PaddedLength * columns.PaddedLength * c;
        if (padded + g.KernelSize > g.ScratchSize) return false;
        Span<float> taps = scratch.Slice(0, g.KernelSize), xPad = scratch.Slice(g.KernelSize, (int)padded);
        GroupTaps(kernel, taps, g, rows, columns);
        nint paddedRow = (nint)columns.PaddedLength * c;
        for (int n = 0; n < batch; n++)
        {
            PadSample(x.Slice(n * g.InputSize, g.InputSize), xPad, g, rows.Before, columns.Before, columns.PaddedLength);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            int block = 0;
            for (int classRow = 0; classRow < g.StrideH; classRow++)
            {
                var rc = rows.Class(classRow);
                for (int classColumn = 0; classColumn < g.StrideW; classColumn++)
                {
                    var cc = columns.Class(classColumn);
                    if (rc.Count == 0 || cc.Count == 0) continue;
                    if (rc.Taps == 0 || cc.Taps == 0)
                    {
                        FillBias(ys, bias, f, relu, g.OutWidth, rc, cc, g.StrideH, g.StrideW);
                        continue;
                    }
                    int size = rc.Taps * cc.Taps * c * f;
                    var grid = new Conv2DDirect.PixelGrid(rc.Count, cc.Count,
                        InputOrigin: rc.Window * paddedRow + (nint)cc.Window * c, InputRowStep: paddedRow, InputColumnStep: c,
                        OutputOrigin: ((nint)rc.First * g.OutWidth + cc.First) * f,
                        OutputRowStep: (nint)g.StrideH * g.OutWidth * f, OutputColumnStep: (nint)g.StrideW * f);
                    Conv2DDirect.ForwardGrid(path, xPad, rc.Taps, cc.Taps, c, paddedRow, taps.Slice(block, size), f, bias, ys, grid, relu);
                    block += size;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// The kernel regrouped by stride class, classes in <see cref="TrySubPixel"/>'s order: class <c>(classRow, classColumn)</c>'s block is
    /// <c>w[r, q, c, f] = kernel[classRow + s_h·(T_h − 1 − r), classColumn + s_w·(T_w − 1 − q), f, c]</c> (window rows and columns in input
    /// order, so kernel taps descending; channels before filters, the direct kernels' layout).
    /// </summary>
    private static void GroupTaps(ReadOnlySpan<float> kernel, Span<float> taps, Conv2DTransposeGeometry g, StrideClasses rows, StrideClasses columns)
    {
        int c = g.Channels, f = g.Filters, at = 0;
        for (int classRow = 0; classRow < g.StrideH; classRow++)
        {
            int th = rows.Class(classRow).Taps;
            for (int classColumn = 0; classColumn < g.StrideW; classColumn++)
            {
                var cc = columns.Class(classColumn);
                if (rows.Class(classRow).Count == 0 || cc.Count == 0 || th == 0 || cc.Taps == 0) continue;
                for (int r = 0; r < th; r++)
                {
                    int a = classRow + g.StrideH * (th - 1 - r);
                    for (int q = 0; q < cc.Taps; q++)
                    {
                        int b = classColumn + g.StrideW * (cc.Taps - 1 - q);
                        // kernel[a, b] is [f, c]; the block wants [c, f].
                        MatrixTranspose.Transpose(kernel.Slice((a * g.KernelWidth + b) * f * c, f * c), taps.Slice(at, f * c), f, c);
                        at += f * c;
                    }
                }
            }
        }
    }

    /// <summary>One sample into <paramref name="xPad"/>: zeros everywhere, the sample at row <c>top</c>, column <c>left</c>.</summary>
    private static void PadSample(ReadOnlySpan<float> xs, Span<float> xPad, Conv2DTransposeGeometry g, int top, int left, int paddedWidth)
    {
        xPad.Clear();
        int row = g.Width * g.Channels;
        for (int i = 0; i < g.Height; i++)
            xs.Slice(i * row, row).CopyTo(xPad.Slice(((top + i) * paddedWidth + left) * g.Channels));
    }

    /// <summary>A class no kernel tap reaches (kernel smaller than the stride): bias only, relu'd when asked.</summary>
    private static void FillBias(Span<float> ys, ReadOnlySpan<float> bias, int f, bool relu, int outWidth,
        StrideClasses.Axis rc, StrideClasses.Axis cc, int strideH, int strideW)
    {
        for (int r = 0; r < rc.Count; r++)
        {
            for (int q = 0; q < cc.Count; q++)
            {
                Span<float> pixel = ys.Slice(((rc.First + r * strideH) * outWidth + cc.First + q * strideW) * f, f);
                if (bias.IsEmpty) pixel.Clear();
                else bias.CopyTo(pixel);
                if (relu) Activations.Relu(pixel, pixel);
            }
        }
    }

    /// <summary>
    /// One spatial axis of a transposed convolution split into its stride classes (dilation 1): input length <c>n</c>,
    /// kernel <c>k</c>, stride <c>s</c>, crop <c>pad</c> and output length <c>out</c>. The input is padded with
    /// <see cref="Before"/> zeros in front (the most taps any class reaches back, less one) and zeros behind to
    /// <see cref="PaddedLength"/>, so every class window lies inside it.
    /// </summary>
    private readonly struct StrideClasses(int n, int k, int s, int pad, int outLength)
    {
        /// <summary>Zeros in front of the input: <c>⌈k/s⌉ − 1</c>.</summary>
        public int Before => (k + s - 1) / s - 1;

        /// <summary>The padded input's length: through the last input position any output's window reaches.</summary>
        public int PaddedLength => Before + Math.Max(n, (outLength - 1 + pad) / s + 1);

        /// <summary>Class <paramref name="ρ"/>: its outputs <c>First, First + s, …</c> (<c>Count</c> of them), its taps and where its first window starts in the padded input.</summary>
        public Axis Class(int ρ)
        {
            int taps = ρ < k ? (k - ρ + s - 1) / s : 0;
            int first = ((ρ - pad) % s + s) % s;
            int count = first < outLength ? (outLength - 1 - first) / s + 1 : 0;
            int m = (first + pad - ρ) / s;
            return new Axis(first, count, taps, m - taps + 1 + Before);
        }

        /// <param name="First">The class's first output position.</param>
        /// <param name="Count">Its outputs, <c>s</c> apart.</param>
        /// <param name="Taps">Kernel positions <c>ρ, ρ + s, …</c> below <c>k</c>: the class's window length.</param>
        /// <param name="Window">Where the first output's window starts in the padded input (consecutive outputs: one further each).</param>
        public readonly record struct Axis(int First, int Count, int Taps, int Window);
    }
}
