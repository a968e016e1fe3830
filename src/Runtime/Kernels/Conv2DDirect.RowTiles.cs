using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static GenNet.Kernels.Gemm;

namespace GenNet.Kernels;

// Row tiles for 3-wide kernels at stride 1: up to eight neighbouring cells of one row, one vector of outputs. The three
// taps of a kernel row touch neighbouring cells, so each broadcast source value feeds up to three multiply-adds, and one
// base pointer serves the whole tile. Two users: the gathered input gradient (source = dy rows with zero margins, taps
// = kernelᵀ) and the forward of one vector of filters (source = x rows, taps = the kernel, read right to left).
internal static partial class Conv2DDirect
{
    /// <summary>
    /// The source rows and kernel rows a row of outputs sums over: source row <c>a</c> starts at
    /// <c>SourceOrigin + a·SourceRowStep</c>; kernel row <c>a</c> at <c>Kernel + a·KernelRowStep</c>, its tap <c>k_b</c> at
    /// <c>+ b·TapStep</c>, where <c>k_b</c> multiplies source column <c>w + k + 2 − b</c> for output cell <c>w + k</c>.
    /// </summary>
    private readonly ref struct RowTaps(int first, int end, nint sourceOrigin, nint sourceRowStep, ref float kernel, nint kernelRowStep, nint tapStep)
    {
        public readonly int First = first, End = end;
        public readonly nint SourceOrigin = sourceOrigin, SourceRowStep = sourceRowStep, KernelRowStep = kernelRowStep, TapStep = tapStep;
        public readonly ref float Kernel = ref kernel;
    }

    /// <summary>
    /// A row of <paramref name="width"/> outputs (one vector at <paramref name="vector"/> of each):
    /// <c>out[w] = init + Σ_a Σ_f Σ_b source[a, w + 2 − b, f] · k_b[a, f, ·]</c>, relu'd when asked. <paramref name="depth"/>
    /// is the source's floats per cell (the sum over <c>f</c>), <paramref name="stride"/> the output's and the kernel's floats
    /// per <c>f</c>. With <paramref name="noMargins"/> the row must fit one tile (<see cref="FitsOneTile"/>) and the source
    /// holds only its real columns: the two on each side that the windows reach past are zeros, not stored and not read
    /// (the gather reads dy in place this way).
    /// </summary>
    /// <remarks>
    /// A row of up to 16 cells (8 without AVX-512's 32 registers) is one tile: enough independent accumulators to hide the
    /// multiply-add latency, with no cell computed twice. Longer rows take tiles of equal width.
    /// </remarks>
    private static void Row<TV, TVec>(ref float source, RowTaps rows, int vector, int depth, int stride, TVec init, bool relu, ref float output,
        int width, bool noMargins)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int widest = WidestTile;
        if (width <= widest)
        {
            if (noMargins) RowTile<TV, TVec, SkipMargins>(ref source, rows, vector, 0, depth, stride, init, relu, ref output, width);
            else RowTile<TV, TVec, KeepMargins>(ref source, rows, vector, 0, depth, stride, init, relu, ref output, width);
            return;
        }
        // Equal tiles (26 cells: 13 + 13), so none is too narrow to hide the latency.
        int tiles = (width + widest - 1) / widest, w = 0;
        for (int t = 0; t < tiles; t++)
        {
            int cells = width / tiles + (t < width % tiles ? 1 : 0);
            RowTile<TV, TVec, KeepMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref Unsafe.Add(ref output, (nint)w * stride), cells);
            w += cells;
        }
    }

    /// <summary>The widest row tile: 16 cells with AVX-512's 32 vector registers, else 8.</summary>
    private static int WidestTile => Vector512.IsHardwareAccelerated ? 16 : 8;

    /// <summary>Whether a row of <paramref name="width"/> cells is one tile.</summary>
    private static bool FitsOneTile(int width) => width <= WidestTile;

    /// <summary>One tile of a given width: the width as a type, so the JIT specializes each and drops the cells past it.</summary>
    private static void RowTile<TV, TVec, TMargins>(ref float source, RowTaps rows, int vector, int w, int depth, int stride, TVec init, bool relu,
        ref float output, int width)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TMargins : struct, IMargins
    {
        switch (width)
        {
            case 1: RowTile<TV, TVec, Const1, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 2: RowTile<TV, TVec, Const2, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 3: RowTile<TV, TVec, Const3, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 4: RowTile<TV, TVec, Const4, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 5: RowTile<TV, TVec, Const5, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 6: RowTile<TV, TVec, Const6, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 7: RowTile<TV, TVec, Const7, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 8: RowTile<TV, TVec, Const8, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 9: RowTile<TV, TVec, Const9, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 10: RowTile<TV, TVec, Const10, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 11: RowTile<TV, TVec, Const11, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 12: RowTile<TV, TVec, Const12, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 13: RowTile<TV, TVec, Const13, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 14: RowTile<TV, TVec, Const14, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            case 15: RowTile<TV, TVec, Const15, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
            default: RowTile<TV, TVec, Const16, TMargins>(ref source, rows, vector, w, depth, stride, init, relu, ref output); break;
        }
    }

    /// <summary>
    /// <c>TWidth</c> cells <c>w … w + TWidth − 1</c> of a row, one vector of outputs:
    /// <c>out[k] = init + Σ_a Σ_f (p[w + k, f]·k2 + p[w + k + 1, f]·k1 + p[w + k + 2, f]·k0)</c>, <c>p</c> source row
    /// <c>a</c> and <c>k_b</c> as in <see cref="RowTaps"/>. Each cell sums in the same order (a, f, then k2, k1, k0) in
    /// every tile. With <see cref="SkipMargins"/> the columns <c>q &lt; 2</c> and <c>q ≥ TWidth</c> of the window are zeros
    /// outside the source, left out (adding them would change no value), and <c>p</c> starts at column 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTile<TV, TVec, TWidth, TMargins>(ref float source, RowTaps rows, int vector, int w, int depth, int stride, TVec init, bool relu,
        ref float output)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TWidth : struct, IConstant where TMargins : struct, IMargins
    {
        int width = TWidth.Value;
        bool skip = TMargins.Skip;
        // Skipping, the source starts at the window's first real column (q = 2): nothing left of it is read.
        int shift = skip ? 2 : 0;
        nint f8 = depth, b1 = rows.TapStep, b2 = 2 * rows.TapStep;
        TVec s0 = init, s1 = init, s2 = init, s3 = init, s4 = init, s5 = init, s6 = init, s7 = init;
        TVec s8 = init, s9 = init, s10 = init, s11 = init, s12 = init, s13 = init, s14 = init, s15 = init;
        for (int a = rows.First; a < rows.End; a++)
        {
            ref float p = ref Unsafe.Add(ref source, rows.SourceOrigin + a * rows.SourceRowStep + (nint)w * depth);
            ref float k = ref Unsafe.Add(ref rows.Kernel, a * rows.KernelRowStep + vector);
            for (int f = 0; f < depth; f++)
            {
                TVec k0 = TV.Load(ref k, 0), k1 = TV.Load(ref k, b1), k2 = TV.Load(ref k, b2);
                TVec v;
                // Column q of the window feeds cell q (k2), q − 1 (k1) and q − 2 (k0).
                if (!skip)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (0 - shift) * f8));
                    if (width > 0) s0 = TV.MultiplyAdd(v, k2, s0);
                }
                if (!skip)
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (1 - shift) * f8));
                    if (width > 1) s1 = TV.MultiplyAdd(v, k2, s1);
                    if (width > 0) s0 = TV.MultiplyAdd(v, k1, s0);
                }
                if (width > 0 && (!skip || width > 2))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (2 - shift) * f8));
                    if (width > 2) s2 = TV.MultiplyAdd(v, k2, s2);
                    if (width > 1) s1 = TV.MultiplyAdd(v, k1, s1);
                    if (width > 0) s0 = TV.MultiplyAdd(v, k0, s0);
                }
                if (width > 1 && (!skip || width > 3))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (3 - shift) * f8));
                    if (width > 3) s3 = TV.MultiplyAdd(v, k2, s3);
                    if (width > 2) s2 = TV.MultiplyAdd(v, k1, s2);
                    if (width > 1) s1 = TV.MultiplyAdd(v, k0, s1);
                }
                if (width > 2 && (!skip || width > 4))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (4 - shift) * f8));
                    if (width > 4) s4 = TV.MultiplyAdd(v, k2, s4);
                    if (width > 3) s3 = TV.MultiplyAdd(v, k1, s3);
                    if (width > 2) s2 = TV.MultiplyAdd(v, k0, s2);
                }
                if (width > 3 && (!skip || width > 5))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (5 - shift) * f8));
                    if (width > 5) s5 = TV.MultiplyAdd(v, k2, s5);
                    if (width > 4) s4 = TV.MultiplyAdd(v, k1, s4);
                    if (width > 3) s3 = TV.MultiplyAdd(v, k0, s3);
                }
                if (width > 4 && (!skip || width > 6))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (6 - shift) * f8));
                    if (width > 6) s6 = TV.MultiplyAdd(v, k2, s6);
                    if (width > 5) s5 = TV.MultiplyAdd(v, k1, s5);
                    if (width > 4) s4 = TV.MultiplyAdd(v, k0, s4);
                }
                if (width > 5 && (!skip || width > 7))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (7 - shift) * f8));
                    if (width > 7) s7 = TV.MultiplyAdd(v, k2, s7);
                    if (width > 6) s6 = TV.MultiplyAdd(v, k1, s6);
                    if (width > 5) s5 = TV.MultiplyAdd(v, k0, s5);
                }
                if (width > 6 && (!skip || width > 8))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (8 - shift) * f8));
                    if (width > 8) s8 = TV.MultiplyAdd(v, k2, s8);
                    if (width > 7) s7 = TV.MultiplyAdd(v, k1, s7);
                    if (width > 6) s6 = TV.MultiplyAdd(v, k0, s6);
                }
                if (width > 7 && (!skip || width > 9))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (9 - shift) * f8));
                    if (width > 9) s9 = TV.MultiplyAdd(v, k2, s9);
                    if (width > 8) s8 = TV.MultiplyAdd(v, k1, s8);
                    if (width > 7) s7 = TV.MultiplyAdd(v, k0, s7);
                }
                if (width > 8 && (!skip || width > 10))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (10 - shift) * f8));
                    if (width > 10) s10 = TV.MultiplyAdd(v, k2, s10);
                    if (width > 9) s9 = TV.MultiplyAdd(v, k1, s9);
                    if (width > 8) s8 = TV.MultiplyAdd(v, k0, s8);
                }
                if (width > 9 && (!skip || width > 11))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (11 - shift) * f8));
                    if (width > 11) s11 = TV.MultiplyAdd(v, k2, s11);
                    if (width > 10) s10 = TV.MultiplyAdd(v, k1, s10);
                    if (width > 9) s9 = TV.MultiplyAdd(v, k0, s9);
                }
                if (width > 10 && (!skip || width > 12))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (12 - shift) * f8));
                    if (width > 12) s12 = TV.MultiplyAdd(v, k2, s12);
                    if (width > 11) s11 = TV.MultiplyAdd(v, k1, s11);
                    if (width > 10) s10 = TV.MultiplyAdd(v, k0, s10);
                }
                if (width > 11 && (!skip || width > 13))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (13 - shift) * f8));
                    if (width > 13) s13 = TV.MultiplyAdd(v, k2, s13);
                    if (width > 12) s12 = TV.MultiplyAdd(v, k1, s12);
                    if (width > 11) s11 = TV.MultiplyAdd(v, k0, s11);
                }
                if (width > 12 && (!skip || width > 14))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (14 - shift) * f8));
                    if (width > 14) s14 = TV.MultiplyAdd(v, k2, s14);
                    if (width > 13) s13 = TV.MultiplyAdd(v, k1, s13);
                    if (width > 12) s12 = TV.MultiplyAdd(v, k0, s12);
                }
                if (width > 13 && (!skip || width > 15))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (15 - shift) * f8));
                    if (width > 15) s15 = TV.MultiplyAdd(v, k2, s15);
                    if (width > 14) s14 = TV.MultiplyAdd(v, k1, s14);
                    if (width > 13) s13 = TV.MultiplyAdd(v, k0, s13);
                }
                if (width > 14 && (!skip || width > 16))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (16 - shift) * f8));
                    if (width > 15) s15 = TV.MultiplyAdd(v, k1, s15);
                    if (width > 14) s14 = TV.MultiplyAdd(v, k0, s14);
                }
                if (width > 15 && (!skip || width > 17))
                {
                    v = TV.Broadcast(Unsafe.Add(ref p, (17 - shift) * f8));
                    if (width > 15) s15 = TV.MultiplyAdd(v, k0, s15);
                }
                p = ref Unsafe.Add(ref p, 1);
                k = ref Unsafe.Add(ref k, stride);
            }
        }
        if (relu)
        {
            s0 = Relu(s0); s1 = Relu(s1); s2 = Relu(s2); s3 = Relu(s3); s4 = Relu(s4); s5 = Relu(s5); s6 = Relu(s6); s7 = Relu(s7);
            s8 = Relu(s8); s9 = Relu(s9); s10 = Relu(s10); s11 = Relu(s11); s12 = Relu(s12); s13 = Relu(s13); s14 = Relu(s14); s15 = Relu(s15);
        }
        nint c = stride;
        TV.Store(s0, ref output, 0);
        if (width > 1) TV.Store(s1, ref output, 1 * c);
        if (width > 2) TV.Store(s2, ref output, 2 * c);
        if (width > 3) TV.Store(s3, ref output, 3 * c);
        if (width > 4) TV.Store(s4, ref output, 4 * c);
        if (width > 5) TV.Store(s5, ref output, 5 * c);
        if (width > 6) TV.Store(s6, ref output, 6 * c);
        if (width > 7) TV.Store(s7, ref output, 7 * c);
        if (width > 8) TV.Store(s8, ref output, 8 * c);
        if (width > 9) TV.Store(s9, ref output, 9 * c);
        if (width > 10) TV.Store(s10, ref output, 10 * c);
        if (width > 11) TV.Store(s11, ref output, 11 * c);
        if (width > 12) TV.Store(s12, ref output, 12 * c);
        if (width > 13) TV.Store(s13, ref output, 13 * c);
        if (width > 14) TV.Store(s14, ref output, 14 * c);
        if (width > 15) TV.Store(s15, ref output, 15 * c);
    }

    /// <summary>Whether a tile's outer window columns are known zeros (see <see cref="Row{TV, TVec}"/>).</summary>
    private interface IMargins
    {
        static abstract bool Skip { get; }
    }

    private readonly struct SkipMargins : IMargins { public static bool Skip => true; }
    private readonly struct KeepMargins : IMargins { public static bool Skip => false; }
}
