using System.Runtime.CompilerServices;
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
    /// A row of <paramref name="width"/> outputs (one vector at <paramref name="vector"/> of each) as tiles of 8 and one
    /// shorter tile: <c>out[w] = init + Σ_a Σ_f Σ_b source[a, w + 2 − b, f] · k_b[a, f, ·]</c>, relu'd when asked.
    /// <paramref name="depth"/> is the source's floats per cell (the sum over <c>f</c>), <paramref name="stride"/> the
    /// output's and the kernel's floats per <c>f</c>.
    /// </summary>
    private static void Row<TV, TVec>(ref float source, RowTaps rows, int vector, int depth, int stride, TVec init, bool relu, ref float output, int width)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = 0;
        for (; w + 8 <= width; w += 8)
            RowTile<TV, TVec, Eight>(ref source, rows, vector, w, depth, stride, init, relu, ref Unsafe.Add(ref output, (nint)w * stride));
        ref float rest = ref Unsafe.Add(ref output, (nint)w * stride);
        switch (width - w)
        {
            case 1: RowTile<TV, TVec, One>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 2: RowTile<TV, TVec, Two>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 3: RowTile<TV, TVec, Three>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 4: RowTile<TV, TVec, Four>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 5: RowTile<TV, TVec, Five>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 6: RowTile<TV, TVec, Six>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
            case 7: RowTile<TV, TVec, Seven>(ref source, rows, vector, w, depth, stride, init, relu, ref rest); break;
        }
    }

    /// <summary>
    /// <c>TWidth</c> cells <c>w … w + TWidth − 1</c> of a row, one vector of outputs:
    /// <c>out[k] = init + Σ_a Σ_f (p[w + k, f]·k2 + p[w + k + 1, f]·k1 + p[w + k + 2, f]·k0)</c>, <c>p</c> source row
    /// <c>a</c> and <c>k_b</c> as in <see cref="RowTaps"/>. Cells past <c>TWidth</c> are neither computed nor stored (the
    /// width is a type, so the JIT drops them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTile<TV, TVec, TWidth>(ref float source, RowTaps rows, int vector, int w, int depth, int stride, TVec init, bool relu, ref float output)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TWidth : struct, ITileWidth
    {
        int width = TWidth.Value;
        nint tap = stride, f8 = depth, b1 = rows.TapStep, b2 = 2 * rows.TapStep;
        TVec s0 = init, s1 = init, s2 = init, s3 = init, s4 = init, s5 = init, s6 = init, s7 = init;
        for (int a = rows.First; a < rows.End; a++)
        {
            ref float p = ref Unsafe.Add(ref source, rows.SourceOrigin + a * rows.SourceRowStep + (nint)w * depth);
            ref float k = ref Unsafe.Add(ref rows.Kernel, a * rows.KernelRowStep + vector);
            for (int f = 0; f < depth; f++)
            {
                TVec k0 = TV.Load(ref k, 0), k1 = TV.Load(ref k, b1), k2 = TV.Load(ref k, b2);
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
        if (relu)
        {
            s0 = Relu(s0); s1 = Relu(s1); s2 = Relu(s2); s3 = Relu(s3); s4 = Relu(s4); s5 = Relu(s5); s6 = Relu(s6); s7 = Relu(s7);
        }
        nint c = stride;
        TV.Store(s0, ref output, 0);
        if (width > 1) TV.Store(s1, ref output, c);
        if (width > 2) TV.Store(s2, ref output, 2 * c);
        if (width > 3) TV.Store(s3, ref output, 3 * c);
        if (width > 4) TV.Store(s4, ref output, 4 * c);
        if (width > 5) TV.Store(s5, ref output, 5 * c);
        if (width > 6) TV.Store(s6, ref output, 6 * c);
        if (width > 7) TV.Store(s7, ref output, 7 * c);
    }
}
