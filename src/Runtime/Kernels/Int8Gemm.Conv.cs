namespace GenNet.Kernels;

// Convolution without im2col: the VNNI tiles read each output pixel's receptive field straight from the image.
public static partial class Int8Gemm
{
    /// <summary>Quad offsets held on the stack by <see cref="ConvolveRequantize"/>: convolutions with more take the im2col path.</summary>
    private const int MaxRunQuads = 2048;

    /// <summary>
    /// Whether <see cref="ConvolveRequantize"/> can run <paramref name="g"/> on this machine: AVX-VNNI or AVX-512BW, no dilation across
    /// the width, and every receptive field inside the image (no padding: <c>valid</c>, or <c>same</c> with a 1-wide kernel).
    /// </summary>
    public static bool CanConvolveDirect(Conv2DGeometry g) =>
        HasTiles(Best) && g.DilationW == 1 && g.PadTop == 0 && g.PadLeft == 0 &&
        (g.OutHeight - 1) * g.StrideH + (g.KernelHeight - 1) * g.DilationH < g.Height &&
        (g.OutWidth - 1) * g.StrideW + g.KernelWidth <= g.Width &&
        RunQuads(g) <= MaxRunQuads;

    /// <summary>Reduction quads of the run layout: each kernel row's <c>KernelWidth·Channels</c> bytes padded to whole quads.</summary>
    public static int RunQuads(Conv2DGeometry g) => g.KernelHeight * ((g.KernelWidth * g.Channels + 3) / 4);

    /// <summary>
    /// Packs HWIO weights <c>w[PatchSize, Filters]</c> as <see cref="Pack"/> does a <c>4·RunQuads × Filters</c> matrix whose
    /// row <c>a·R + t</c> (<c>R = 4·⌈KernelWidth·Channels/4⌉</c>) is patch row <c>a·KernelWidth·Channels + t</c> for
    /// <c>t &lt; KernelWidth·Channels</c> and zero otherwise: each kernel row starts on a quad.
    /// </summary>
    public static void PackRuns(ReadOnlySpan<sbyte> w, Conv2DGeometry g, Span<sbyte> packed)
    {
        int run = g.KernelWidth * g.Channels, padded = (run + 3) / 4 * 4, k = g.KernelHeight * padded, n = g.Filters;
        if (w.Length < g.PatchSize * n) throw new ArgumentException($"Expected {g.PatchSize} × {n} weights, got {w.Length}.", nameof(w));
        if (packed.Length < PackedLength(k, n)) throw new ArgumentException($"Expected {PackedLength(k, n)} packed bytes, got {packed.Length}.", nameof(packed));
        int quads = k / 4;
        packed.Slice(0, PackedLength(k, n)).Clear();
        for (int a = 0; a < g.KernelHeight; a++)
            for (int t = 0; t < run; t++)
            {
                int p = a * padded + t;
                for (int c = 0; c < n; c++)
                    packed[((c / 16 * quads + p / 4) * 16 + c % 16) * 4 + p % 4] = w[(a * run + t) * n + c];
            }
    }

    /// <summary>
    /// One image's convolution, requantized: <c>y[pixel, c]</c> as <see cref="MultiplyRequantize(ReadOnlySpan{byte}, int, ReadOnlySpan{sbyte}, int, int, int, ReadOnlySpan{int}, ReadOnlySpan{float}, int, int, Span{byte})"/>
    /// of <see cref="QuantizedKernels.Im2Col"/>'s patches gives it, with the bits of that pair, but reading the image in
    /// place (weights from <see cref="PackRuns"/>; requires <see cref="CanConvolveDirect"/>). <paramref name="x"/> is the
    /// NHWC image followed by at least 3 readable bytes (the last run's padding reads past the image; those bytes meet zero weights).
    /// </summary>
    public static unsafe void ConvolveRequantize(ReadOnlySpan<byte> x, Conv2DGeometry g, ReadOnlySpan<sbyte> packedRuns,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> multiplier, int zeroPoint, int low, Span<byte> y)
    {
        int n = g.Filters;
        CheckConv(x, g, packedRuns, Math.Min(offset.Length, multiplier.Length), y.Length);
        fixed (int* po = offset)
        fixed (float* pm = multiplier)
        fixed (byte* py = y)
        {
            var e = new RequantizeEpilogue(po, pm, zeroPoint, low, py, n);
            Convolve(x, g, packedRuns, ref e);
        }
    }

    /// <summary>The same convolution as the last layer's floats: <c>(sum + offset[c]) · scale[c]</c>, the bits of <see cref="MultiplyDequantize(ReadOnlySpan{byte}, int, ReadOnlySpan{sbyte}, int, int, int, ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float})"/> on the patches.</summary>
    public static unsafe void ConvolveDequantize(ReadOnlySpan<byte> x, Conv2DGeometry g, ReadOnlySpan<sbyte> packedRuns,
        ReadOnlySpan<int> offset, ReadOnlySpan<float> scale, Span<float> y)
    {
        int n = g.Filters;
        CheckConv(x, g, packedRuns, Math.Min(offset.Length, scale.Length), y.Length);
        fixed (int* po = offset)
        fixed (float* ps = scale)
        fixed (float* py = y)
        {
            var e = new DequantizeEpilogue(po, ps, py, n);
            Convolve(x, g, packedRuns, ref e);
        }
    }

    private static void CheckConv(ReadOnlySpan<byte> x, Conv2DGeometry g, ReadOnlySpan<sbyte> packedRuns, int perChannel, int outputs)
    {
        if (perChannel < g.Filters || outputs < g.OutputSize)
            throw new ArgumentException($"Expected {g.Filters} offsets and multipliers (or scales) and {g.OutHeight * g.OutWidth} × {g.Filters} outputs.");
        if (!CanConvolveDirect(g)) throw new ArgumentException("This convolution needs im2col (padding, dilation across the width, or neither AVX-VNNI nor AVX-512BW): see CanConvolveDirect.", nameof(g));
        if (x.Length < g.InputSize + 3) throw new ArgumentException($"Expected the image's {g.InputSize} bytes and 3 more, got {x.Length}.", nameof(x));
        if (packedRuns.Length < PackedLength(4 * RunQuads(g), g.Filters)) throw new ArgumentException($"Expected {PackedLength(4 * RunQuads(g), g.Filters)} packed weight bytes, got {packedRuns.Length}.", nameof(packedRuns));
    }

    // quad (a, t) of a pixel's field: kernel row a is a·DilationH image rows down, its t-th quad 4t bytes along.
    private static unsafe void Convolve<TE>(ReadOnlySpan<byte> x, Conv2DGeometry g, ReadOnlySpan<sbyte> packedRuns, ref TE e) where TE : struct, IEpilogue
    {
        int perRun = (g.KernelWidth * g.Channels + 3) / 4, quads = g.KernelHeight * perRun;
        int* offsets = stackalloc int[quads];
        for (int a = 0; a < g.KernelHeight; a++)
            for (int t = 0; t < perRun; t++)
                offsets[a * perRun + t] = a * g.DilationH * g.Width * g.Channels + 4 * t;
        fixed (byte* px = x)
        fixed (sbyte* pw = packedRuns)
        {
            var rows = new ConvRows(px, offsets, g.OutWidth, g.StrideH * g.Width * g.Channels, g.StrideW * g.Channels);
            if (Best == Int8GemmPath.AvxVnni) VnniTiles(ref rows, pw, g.OutHeight * g.OutWidth, quads, g.Filters, ref e);
            else WideTiles(ref rows, pw, g.OutHeight * g.OutWidth, quads, g.Filters, ref e);
        }
    }
}
