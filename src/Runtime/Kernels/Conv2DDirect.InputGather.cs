using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static GenNet.Kernels.Gemm;
using Path = GenNet.Kernels.Gemm.Path;

namespace GenNet.Kernels;

/// <summary>
/// The input gradient of a 3-wide, stride-1, undilated convolution as a gather: each input cell's gradient is summed in
/// registers over the windows that read it (a "full" correlation of <c>dy</c> with the flipped kernel),
/// <c>dx[h, w, c] = Σ_a Σ_f Σ_b dy[h − a, w − b, f] · kernel[a, b, c, f]</c> over the rows <c>h − a</c> that exist, instead
/// of adding every window's contribution into memory. Same sums as <see cref="InputGradient"/>'s scatter, in another order.
/// </summary>
/// <remarks>
/// A tile is up to eight cells of one input row and one vector of channels. The three taps of a kernel row touch
/// neighbouring cells, so each broadcast <c>dy</c> value feeds up to three multiply-adds (the scatter needs one
/// broadcast per multiply-add and is bound by loads). <c>dy</c> is copied per sample into scratch with two zero columns
/// on each side, so the tiles at the left and right edges need no bounds checks; rows are clipped exactly. Every cell
/// sums in the same order (a, then f, then b = 2, 1, 0) whatever tile it falls in, so the result has fixed bits.
/// </remarks>
internal static partial class Conv2DDirect
{
    /// <summary>Columns of zeros on each side of a padded <c>dy</c> row: the kernel width less one.</summary>
    private const int GatherMargin = 2;

    /// <summary>
    /// Whether <see cref="InputGradientGather"/> applies: a 3-wide kernel at stride 1 without dilation, channels a multiple
    /// of <paramref name="channelPath"/>'s width, and room in the scratch the caller has for the padded <c>dy</c> of one sample.
    /// </summary>
    public static bool CanGather(Conv2DGeometry g, Path channelPath, int scratchLength) =>
        channelPath != Path.Scalar && g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1 &&
        g.PadTop == 0 && g.PadLeft == 0 && g.OutHeight + g.KernelHeight - 1 == g.Height && g.OutWidth + 2 == g.Width &&
        g.KernelSize + GatherScratch(g) <= scratchLength;

    /// <summary>Floats of one sample's padded <c>dy</c>: <c>OutHeight·(OutWidth + 4)·Filters</c>.</summary>
    private static int GatherScratch(Conv2DGeometry g) => g.OutHeight * (g.OutWidth + 2 * GatherMargin) * g.Filters;

    /// <summary>
    /// <c>dx</c> (overwritten) from <c>dy</c> for a geometry that passes <see cref="CanGather"/>. <paramref name="scratch"/>
    /// holds the transposed kernel (<c>KernelSize</c> floats) and then one sample's padded <c>dy</c>.
    /// </summary>
    public static void InputGradientGather(Path channelPath, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy, Span<float> dx,
        Span<float> scratch, int batch, Conv2DGeometry g)
    {
        Span<float> kernelT = scratch.Slice(0, g.KernelSize);
        Span<float> padded = scratch.Slice(g.KernelSize, GatherScratch(g));
        TransposeTaps(kernel, kernelT, g);
        // The margins stay zero; each sample overwrites only the middle of every row.
        padded.Clear();
        ref float kt = ref MemoryMarshal.GetReference(kernelT), pr = ref MemoryMarshal.GetReference(padded);
        ref float dyr = ref MemoryMarshal.GetReference(dy), dxr = ref MemoryMarshal.GetReference(dx);
        switch (channelPath)
        {
            case Path.Vector512: Gather<V512, Vector512<float>>(ref kt, ref dyr, ref pr, ref dxr, batch, g); break;
            case Path.Vector256: Gather<V256, Vector256<float>>(ref kt, ref dyr, ref pr, ref dxr, batch, g); break;
            default: Gather<V128, Vector128<float>>(ref kt, ref dyr, ref pr, ref dxr, batch, g); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather<TV, TVec>(ref float kernelT, ref float dy, ref float padded, ref float dx, int batch, Conv2DGeometry g)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int filters = g.Filters, channels = g.Channels, rowFloats = g.OutWidth * filters;
        nint paddedRow = (nint)(g.OutWidth + 2 * GatherMargin) * filters;
        for (int n = 0; n < batch; n++)
        {
            ref float dys = ref Unsafe.Add(ref dy, (nint)n * g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
                Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref padded, i * paddedRow + GatherMargin * filters)),
                    ref Unsafe.As<float, byte>(ref Unsafe.Add(ref dys, (nint)i * rowFloats)), (uint)rowFloats * sizeof(float));
            ref float dxs = ref Unsafe.Add(ref dx, (nint)n * g.InputSize);
            for (int h = 0; h < g.Height; h++)
            {
                // Kernel rows a whose output row h − a exists.
                int aFirst = Math.Max(0, h - (g.OutHeight - 1)), aEnd = Math.Min(g.KernelHeight, h + 1);
                var rows = new GatherRows(aFirst, aEnd, h, paddedRow, (nint)3 * filters * channels);
                for (int cg = 0; cg < channels; cg += TV.Count)
                {
                    ref float cells = ref Unsafe.Add(ref dxs, (nint)h * g.Width * channels + cg);
                    int w = 0;
                    for (; w + 8 <= g.Width; w += 8)
                        GatherTile<TV, TVec, Eight>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref Unsafe.Add(ref cells, (nint)w * channels));
                    ref float rest = ref Unsafe.Add(ref cells, (nint)w * channels);
                    switch (g.Width - w)
                    {
                        case 1: GatherTile<TV, TVec, One>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 2: GatherTile<TV, TVec, Two>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 3: GatherTile<TV, TVec, Three>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 4: GatherTile<TV, TVec, Four>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 5: GatherTile<TV, TVec, Five>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 6: GatherTile<TV, TVec, Six>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                        case 7: GatherTile<TV, TVec, Seven>(ref padded, ref Unsafe.Add(ref kernelT, cg), rows, w, filters, channels, ref rest); break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>TWidth</c> cells <c>w … w + TWidth − 1</c> of one input row, one vector of channels:
    /// <c>out[k] = Σ_a Σ_f (p[w + k, f]·k2 + p[w + k + 1, f]·k1 + p[w + k + 2, f]·k0)</c>, <c>p</c> the padded <c>dy</c> row
    /// <c>h − a</c> and <c>k_b = kernelT[a, b, f, ·]</c>. Cells past <c>TWidth</c> are neither computed nor stored (the
    /// width is a type, so the JIT drops them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherTile<TV, TVec, TWidth>(ref float padded, ref float kernelT, GatherRows rows, int w, int filters, int channels, ref float output)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TWidth : struct, ITileWidth
    {
        int width = TWidth.Value;
        nint tap = channels, f8 = filters;
        TVec s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero, s4 = TV.Zero, s5 = TV.Zero, s6 = TV.Zero, s7 = TV.Zero;
        for (int a = rows.First; a < rows.End; a++)
        {
            ref float p = ref Unsafe.Add(ref padded, (rows.H - a) * rows.PaddedRow + (nint)w * filters);
            ref float k = ref Unsafe.Add(ref kernelT, a * rows.KernelRow);
            for (int f = 0; f < filters; f++)
            {
                TVec k0 = TV.Load(ref k, 0), k1 = TV.Load(ref k, (nint)filters * tap), k2 = TV.Load(ref k, 2 * (nint)filters * tap);
                // Column q of the tile's window feeds cell q (tap 2), q − 1 (tap 1) and q − 2 (tap 0); the order per cell is
                // tap 2, 1, 0 in every tile.
                TVec v = TV.Broadcast(Unsafe.Add(ref p, 0));
                s0 = TV.MultiplyAdd(v, k2, s0);
                v = TV.Broadcast(Unsafe.Add(ref p, f8));
                s0 = TV.MultiplyAdd(v, k1, s0);
                if (width > 1) s1 = TV.MultiplyAdd(v, k2, s1);
                v = TV.Broadcast(Unsafe.Add(ref p, 2 * f8));
                s0 = TV.MultiplyAdd(v, k0, s0);
                if (width > 1) s1 = TV.MultiplyAdd(v, k1, s1);
                if (width > 2) s2 = TV.MultiplyAdd(v, k2, s2);
                if (width > 1)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 3 * f8));
                    s1 = TV.MultiplyAdd(v, k0, s1);
                    if (width > 2) s2 = TV.MultiplyAdd(v, k1, s2);
                    if (width > 3) s3 = TV.MultiplyAdd(v, k2, s3);
                }
                if (width > 2)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 4 * f8));
                    s2 = TV.MultiplyAdd(v, k0, s2);
                    if (width > 3) s3 = TV.MultiplyAdd(v, k1, s3);
                    if (width > 4) s4 = TV.MultiplyAdd(v, k2, s4);
                }
                if (width > 3)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 5 * f8));
                    s3 = TV.MultiplyAdd(v, k0, s3);
                    if (width > 4) s4 = TV.MultiplyAdd(v, k1, s4);
                    if (width > 5) s5 = TV.MultiplyAdd(v, k2, s5);
                }
                if (width > 4)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 6 * f8));
                    s4 = TV.MultiplyAdd(v, k0, s4);
                    if (width > 5) s5 = TV.MultiplyAdd(v, k1, s5);
                    if (width > 6) s6 = TV.MultiplyAdd(v, k2, s6);
                }
                if (width > 5)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 7 * f8));
                    s5 = TV.MultiplyAdd(v, k0, s5);
                    if (width > 6) s6 = TV.MultiplyAdd(v, k1, s6);
                    if (width > 7) s7 = TV.MultiplyAdd(v, k2, s7);
                }
                if (width > 6)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, 8 * f8));
                    s6 = TV.MultiplyAdd(v, k0, s6);
                    if (width > 7) s7 = TV.MultiplyAdd(v, k1, s7);
                }
                if (width > 7) s7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref p, 9 * f8)), k0, s7);
                p = ref Unsafe.Add(ref p, 1);
                k = ref Unsafe.Add(ref k, tap);
            }
        }
        nint c = channels;
        TV.Store(s0, ref output, 0);
        if (width > 1) TV.Store(s1, ref output, c);
        if (width > 2) TV.Store(s2, ref output, 2 * c);
        if (width > 3) TV.Store(s3, ref output, 3 * c);
        if (width > 4) TV.Store(s4, ref output, 4 * c);
        if (width > 5) TV.Store(s5, ref output, 5 * c);
        if (width > 6) TV.Store(s6, ref output, 6 * c);
        if (width > 7) TV.Store(s7, ref output, 7 * c);
    }

    /// <summary>The kernel rows one input row gathers from, and the strides to reach them.</summary>
    private readonly record struct GatherRows(int First, int End, int H, nint PaddedRow, nint KernelRow);
}
