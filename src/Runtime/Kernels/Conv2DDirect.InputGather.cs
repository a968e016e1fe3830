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
/// The row tiles of Conv2DDirect.RowTiles.cs, one vector of channels each: the three taps of a kernel row touch
/// neighbouring cells, so each broadcast <c>dy</c> value feeds up to three multiply-adds (the scatter needs one
/// broadcast per multiply-add). A row that fits one tile reads <c>dy</c> in place and leaves out the columns past its
/// ends; a longer row reads a per-sample copy of <c>dy</c> in scratch with two zero columns on each side, so its edge
/// tiles need no bounds checks. Rows are clipped exactly. Every cell sums in the same order (a, then f, then
/// b = 2, 1, 0) whatever tile it falls in, so the result has fixed bits.
/// </remarks>
internal static partial class Conv2DDirect
{
    /// <summary>Columns of zeros on each side of a padded <c>dy</c> row: the kernel width less one.</summary>
    private const int GatherMargin = 2;

    /// <summary>
    /// Whether <see cref="InputGradientGather"/> applies: a 3-wide kernel at stride 1 without dilation, channels a multiple
    /// of <paramref name="channelPath"/>'s width, and room in the scratch the caller has for the padded <c>dy</c> of one sample
    /// (asked of every geometry, so the choice does not depend on the row width).
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
        if (!FitsOneTile(g.Width)) padded.Clear();
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
        // A row that fits one tile reads dy in place (the tile leaves out the margins); longer rows read the padded copy.
        bool inPlace = FitsOneTile(g.Width);
        nint sourceRow = inPlace ? rowFloats : paddedRow;
        for (int n = 0; n < batch; n++)
        {
            ref float dys = ref Unsafe.Add(ref dy, (nint)n * g.OutputSize);
            if (!inPlace)
            {
                for (int i = 0; i < g.OutHeight; i++)
                    Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref padded, i * paddedRow + GatherMargin * filters)),
                        ref Unsafe.As<float, byte>(ref Unsafe.Add(ref dys, (nint)i * rowFloats)), (uint)rowFloats * sizeof(float));
            }
            ref float source = ref inPlace ? ref dys : ref padded;
            ref float dxs = ref Unsafe.Add(ref dx, (nint)n * g.InputSize);
            for (int h = 0; h < g.Height; h++)
            {
                // Kernel rows a whose output row h − a exists: dy row h − a, kernelT row a (taps b = 0, 1, 2 in order).
                int aFirst = Math.Max(0, h - (g.OutHeight - 1)), aEnd = Math.Min(g.KernelHeight, h + 1);
                var rows = new RowTaps(aFirst, aEnd, h * sourceRow, -sourceRow, ref kernelT, (nint)3 * filters * channels, (nint)filters * channels);
                for (int cg = 0; cg < channels; cg += TV.Count)
                    Row<TV, TVec>(ref source, rows, cg, filters, channels, TV.Zero, relu: false, ref Unsafe.Add(ref dxs, (nint)h * g.Width * channels + cg), g.Width,
                        noMargins: inPlace);
            }
        }
    }
}
