using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static GenNet.Kernels.Gemm;
using Path = GenNet.Kernels.Gemm.Path;

namespace GenNet.Kernels;

// The forward tiles over a grid of output pixels that need not be consecutive: a transposed convolution's output split
// into its stride classes (Conv2DTransposeKernel.SubPixel.cs) is one such grid per class, every s-th pixel of every s-th row.
internal static partial class Conv2DDirect
{
    /// <summary>
    /// A <c>Rows × Columns</c> grid of output pixels: pixel <c>(r, q)</c> reads its window from the input at
    /// <c>InputOrigin + r·InputRowStep + q·InputColumnStep</c> and is stored at <c>OutputOrigin + r·OutputRowStep + q·OutputColumnStep</c>.
    /// </summary>
    public readonly record struct PixelGrid(int Rows, int Columns,
        nint InputOrigin, nint InputRowStep, nint InputColumnStep,
        nint OutputOrigin, nint OutputRowStep, nint OutputColumnStep);

    /// <summary>
    /// <c>out[p, f] = bias[f] + Σ_{a, b, c} in[window(p) + a·rowStep + b·channels + c] · w[a, b, c, f]</c> for every pixel
    /// <c>p</c> of <paramref name="grid"/>, relu'd when asked: the direct forward's sums (<c>w</c> is <c>[rows, columns,
    /// channels, filters]</c>, filters contiguous), in the same order, so every pixel gets the bits a one-pixel tile would
    /// give it. <paramref name="path"/> must divide <paramref name="filters"/> (<see cref="VectorPath"/>); lengths and offsets
    /// are the caller's to get right.
    /// </summary>
    public static void ForwardGrid(Path path, ReadOnlySpan<float> input, int rows, int columns, int channels, nint rowStep,
        ReadOnlySpan<float> weights, int filters, ReadOnlySpan<float> bias, Span<float> output, PixelGrid grid, bool relu)
    {
        var taps = new Taps(rows, columns, channels, rowStep, channels);
        ref float ir = ref MemoryMarshal.GetReference(input), wr = ref MemoryMarshal.GetReference(weights);
        ref float br = ref MemoryMarshal.GetReference(bias), or = ref MemoryMarshal.GetReference(output);
        switch (path)
        {
            case Path.Vector512: ForwardGrid<V512, Vector512<float>>(ref ir, taps, ref wr, filters, ref br, !bias.IsEmpty, ref or, grid, relu); break;
            case Path.Vector256: ForwardGrid<V256, Vector256<float>>(ref ir, taps, ref wr, filters, ref br, !bias.IsEmpty, ref or, grid, relu); break;
            default: ForwardGrid<V128, Vector128<float>>(ref ir, taps, ref wr, filters, ref br, !bias.IsEmpty, ref or, grid, relu); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardGrid<TV, TVec>(ref float input, Taps taps, ref float weights, int filters, ref float bias, bool hasBias,
        ref float output, PixelGrid grid, bool relu)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count, pixels = grid.Rows * grid.Columns;
        for (int fg = 0; fg < filters; fg += w)
        {
            TVec init = hasBias ? TV.Load(ref bias, fg) : TV.Zero;
            bool pair = fg + 2 * w <= filters;
            TVec init2 = pair && hasBias ? TV.Load(ref bias, fg + w) : TV.Zero;
            ref float wg = ref Unsafe.Add(ref weights, fg);
            ref float og = ref Unsafe.Add(ref output, fg);
            // Tiles of eight pixels in row-major order; the last tile ends at the last pixel and may overlap the one
            // before (its pixels are recomputed, to the same bits), so no pixel needs a one-pixel tile unless the grid
            // has fewer than eight.
            for (int p = 0; p < pixels; p += 8)
            {
                int start = pixels >= 8 ? Math.Min(p, pixels - 8) : p;
                if (pixels < 8)
                {
                    for (int k = 0; k < pixels; k++)
                    {
                        var (inAt, outAt) = Locate(grid, k);
                        Tile1<TV, TVec>(ref Unsafe.Add(ref input, inAt), taps, ref wg, filters, ref Unsafe.Add(ref og, outAt), init, accumulate: false, relu);
                        if (pair) Tile1<TV, TVec>(ref Unsafe.Add(ref input, inAt), taps, ref Unsafe.Add(ref wg, w), filters, ref Unsafe.Add(ref og, outAt + w), init2, accumulate: false, relu);
                    }
                    break;
                }
                Locate8(grid, start, out Span8 bases, out Span8 stores);
                if (pair) Tile8x2<TV, TVec>(ref input, bases, taps, ref wg, filters, ref og, in stores, init, init2, relu);
                else Tile8<TV, TVec>(ref input, bases, taps, ref wg, filters, ref og, in stores, init, relu);
            }
            if (pair) fg += w;
        }
    }

    /// <summary>Where pixel <paramref name="index"/> (row-major) of the grid reads its window and is stored.</summary>
    private static (nint Input, nint Output) Locate(in PixelGrid grid, int index)
    {
        int r = index / grid.Columns, q = index - r * grid.Columns;
        return (grid.InputOrigin + r * grid.InputRowStep + q * grid.InputColumnStep,
            grid.OutputOrigin + r * grid.OutputRowStep + q * grid.OutputColumnStep);
    }

    /// <summary>The input and output offsets of pixels <c>start … start + 7</c>.</summary>
    private static void Locate8(in PixelGrid grid, int start, out Span8 inputs, out Span8 outputs)
    {
        inputs = default;
        outputs = default;
        Span<nint> i = MemoryMarshal.CreateSpan(ref inputs.B0, 8), o = MemoryMarshal.CreateSpan(ref outputs.B0, 8);
        int r = start / grid.Columns, q = start - r * grid.Columns;
        for (int k = 0; k < 8; k++)
        {
            i[k] = grid.InputOrigin + r * grid.InputRowStep + q * grid.InputColumnStep;
            o[k] = grid.OutputOrigin + r * grid.OutputRowStep + q * grid.OutputColumnStep;
            if (++q == grid.Columns)
            {
                q = 0;
                r++;
            }
        }
    }
}
