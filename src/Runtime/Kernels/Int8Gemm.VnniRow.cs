using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// The lone-row (batch 1) tile on AVX-VNNI: one pass over the row for up to 112 columns, every column's int32 sums in
// registers across the whole reduction, so each quad of the row is broadcast once and the weights stream through once.
public static partial class Int8Gemm
{
    /// <summary>
    /// The widest lone-row VNNI tile, in 16-column blocks: 14 accumulators and the broadcast quad in the 16 registers a
    /// VEX-encoded <c>vpdpbusd</c> can name, the weights read as memory operands.
    /// </summary>
    private const int MaxVnniRowBlocks = 7;

    // One row over all its columns in as few balanced passes of at most MaxVnniRowBlocks blocks as possible.
    private static unsafe void VnniRows<TR, TE>(ref TR x, Vector256<int>* t, int rows, int quads, sbyte* w, int n, ref TE e)
        where TR : struct, IRows where TE : struct, IEpilogue
    {
        int blocks = PaddedColumns(n) / 16, blockBytes = quads * 64;
        int passes = (blocks + MaxVnniRowBlocks - 1) / MaxVnniRowBlocks;
        for (int r = 0; r < rows; r++)
            for (int pass = 0, b = 0; pass < passes; pass++)
            {
                // Balanced passes (128 columns: 64 + 64, not 112 + 16); one pass, the common case, without an idiv.
                int width = passes == 1 ? blocks : (blocks - b) / (passes - pass);
                // The last block's upper 8 columns lie past n (100 columns: 96..103 of 96..111): its vector is skipped.
                bool half = pass == passes - 1 && n <= 16 * (b + width) - 8;
                VnniRow(width, half, ref x, t, r, quads, w + (nint)b * blockBytes, blockBytes, ref e, 16 * b);
                b += width;
            }
    }

    // The lone-row tile of `width` blocks (1 to MaxVnniRowBlocks) and a whole or half last block, each its own specialization.
    private static unsafe void VnniRow<TR, TE>(int width, bool half, ref TR x, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TR : struct, IRows where TE : struct, IEpilogue
    {
        switch (width)
        {
            case 1: VnniRow<Blocks1, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 2: VnniRow<Blocks2, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 3: VnniRow<Blocks3, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 4: VnniRow<Blocks4, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 5: VnniRow<Blocks5, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 6: VnniRow<Blocks6, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
            default: VnniRow<Blocks7, TR, TE>(half, ref x, t, row, quads, w, blockBytes, ref e, column); break;
        }
    }

    private static unsafe void VnniRow<TB, TR, TE>(bool half, ref TR x, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TB : struct, IBlockCount where TR : struct, IRows where TE : struct, IEpilogue
    {
        // Up to 7 vectors (48 columns or fewer: the 100→50 and 50→10 layers) leave registers for a second set of
        // accumulators, so the even and odd quads run as two dependency chains: vpdpbusd's latency, not its throughput,
        // bounds a tile with few accumulators.
        if (2 * TB.Count - (half ? 1 : 0) <= 7)
        {
            if (half) Vnni1xBPairs<TB, HalfLastBlock, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column);
            else Vnni1xBPairs<TB, WholeLastBlock, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column);
        }
        else if (half) Vnni1xB<TB, HalfLastBlock, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column);
        else Vnni1xB<TB, WholeLastBlock, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column);
    }

    /// <summary>Whether a tile's last 16-column block has only its lower 8 columns inside n (known to the JIT).</summary>
    private interface ILastBlock
    {
        static abstract bool Half { get; }
    }

    private struct WholeLastBlock : ILastBlock { public static bool Half => false; }
    private struct HalfLastBlock : ILastBlock { public static bool Half => true; }

    // 1 row × B blocks (blockBytes apart): vector j (8 columns) of the tile is accumulator j, fed per quad by one broadcast
    // and the weight vector at block j/2, half j%2. The JIT keeps only the TB.Count·2 (− 1 for a half last block) it uses.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void Vnni1xB<TB, TL, TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TB : struct, IBlockCount where TL : struct, ILastBlock where TR : struct, IRows where TE : struct, IEpilogue
    {
        byte* x = rows.Row(row);
        int vectors = 2 * TB.Count - (TL.Half ? 1 : 0);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
        Vector256<int> a7 = default, a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        sbyte* w1 = w + blockBytes, w2 = w1 + blockBytes, w3 = w2 + blockBytes, w4 = w3 + blockBytes, w5 = w4 + blockBytes, w6 = w5 + blockBytes;
        for (nint q = 0, o = 0; q < quads; q++, o += 64)
        {
            var s = Vector256.Create(*(int*)(x + rows.Quad((int)q))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, Vector256.Load(w + o));
            if (vectors > 1) a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, Vector256.Load(w + o + 32));
            if (vectors > 2) a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, Vector256.Load(w1 + o));
            if (vectors > 3) a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, Vector256.Load(w1 + o + 32));
            if (vectors > 4) a4 = AvxVnni.MultiplyWideningAndAdd(a4, s, Vector256.Load(w2 + o));
            if (vectors > 5) a5 = AvxVnni.MultiplyWideningAndAdd(a5, s, Vector256.Load(w2 + o + 32));
            if (vectors > 6) a6 = AvxVnni.MultiplyWideningAndAdd(a6, s, Vector256.Load(w3 + o));
            if (vectors > 7) a7 = AvxVnni.MultiplyWideningAndAdd(a7, s, Vector256.Load(w3 + o + 32));
            if (vectors > 8) a8 = AvxVnni.MultiplyWideningAndAdd(a8, s, Vector256.Load(w4 + o));
            if (vectors > 9) a9 = AvxVnni.MultiplyWideningAndAdd(a9, s, Vector256.Load(w4 + o + 32));
            if (vectors > 10) a10 = AvxVnni.MultiplyWideningAndAdd(a10, s, Vector256.Load(w5 + o));
            if (vectors > 11) a11 = AvxVnni.MultiplyWideningAndAdd(a11, s, Vector256.Load(w5 + o + 32));
            if (vectors > 12) a12 = AvxVnni.MultiplyWideningAndAdd(a12, s, Vector256.Load(w6 + o));
            if (vectors > 13) a13 = AvxVnni.MultiplyWideningAndAdd(a13, s, Vector256.Load(w6 + o + 32));
        }
        // Vectors past `vectors` stay zero: the half last block hands the epilogue zeros for columns it never stores.
        t[0] = a0; t[1] = a1; t[2] = a2; t[3] = a3; t[4] = a4; t[5] = a5; t[6] = a6;
        t[7] = a7; t[8] = a8; t[9] = a9; t[10] = a10; t[11] = a11; t[12] = a12; t[13] = a13;
        for (int i = 0; i < TB.Count; i++) e.Store(t[2 * i], t[2 * i + 1], row, column + 16 * i);
    }

    // Vnni1xB for at most 7 vectors (TB ≤ 4 blocks), two quads per step: quad 2p into accumulators a, quad 2p + 1 into b,
    // added at the end (int32 addition is associative: the same bits).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void Vnni1xBPairs<TB, TL, TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TB : struct, IBlockCount where TL : struct, ILastBlock where TR : struct, IRows where TE : struct, IEpilogue
    {
        byte* x = rows.Row(row);
        int vectors = 2 * TB.Count - (TL.Half ? 1 : 0);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
        Vector256<int> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default;
        sbyte* w1 = w + blockBytes, w2 = w1 + blockBytes, w3 = w2 + blockBytes;
        nint q = 0, o = 0;
        for (; q + 2 <= quads; q += 2, o += 128)
        {
            var s = Vector256.Create(*(int*)(x + rows.Quad((int)q))).AsByte();
            var u = Vector256.Create(*(int*)(x + rows.Quad((int)q + 1))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, Vector256.Load(w + o));
            b0 = AvxVnni.MultiplyWideningAndAdd(b0, u, Vector256.Load(w + o + 64));
            if (vectors > 1) { a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, Vector256.Load(w + o + 32)); b1 = AvxVnni.MultiplyWideningAndAdd(b1, u, Vector256.Load(w + o + 96)); }
            if (vectors > 2) { a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, Vector256.Load(w1 + o)); b2 = AvxVnni.MultiplyWideningAndAdd(b2, u, Vector256.Load(w1 + o + 64)); }
            if (vectors > 3) { a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, Vector256.Load(w1 + o + 32)); b3 = AvxVnni.MultiplyWideningAndAdd(b3, u, Vector256.Load(w1 + o + 96)); }
            if (vectors > 4) { a4 = AvxVnni.MultiplyWideningAndAdd(a4, s, Vector256.Load(w2 + o)); b4 = AvxVnni.MultiplyWideningAndAdd(b4, u, Vector256.Load(w2 + o + 64)); }
            if (vectors > 5) { a5 = AvxVnni.MultiplyWideningAndAdd(a5, s, Vector256.Load(w2 + o + 32)); b5 = AvxVnni.MultiplyWideningAndAdd(b5, u, Vector256.Load(w2 + o + 96)); }
            if (vectors > 6) { a6 = AvxVnni.MultiplyWideningAndAdd(a6, s, Vector256.Load(w3 + o)); b6 = AvxVnni.MultiplyWideningAndAdd(b6, u, Vector256.Load(w3 + o + 64)); }
        }
        if (q < quads)
        {
            var s = Vector256.Create(*(int*)(x + rows.Quad((int)q))).AsByte();
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, s, Vector256.Load(w + o));
            if (vectors > 1) a1 = AvxVnni.MultiplyWideningAndAdd(a1, s, Vector256.Load(w + o + 32));
            if (vectors > 2) a2 = AvxVnni.MultiplyWideningAndAdd(a2, s, Vector256.Load(w1 + o));
            if (vectors > 3) a3 = AvxVnni.MultiplyWideningAndAdd(a3, s, Vector256.Load(w1 + o + 32));
            if (vectors > 4) a4 = AvxVnni.MultiplyWideningAndAdd(a4, s, Vector256.Load(w2 + o));
            if (vectors > 5) a5 = AvxVnni.MultiplyWideningAndAdd(a5, s, Vector256.Load(w2 + o + 32));
            if (vectors > 6) a6 = AvxVnni.MultiplyWideningAndAdd(a6, s, Vector256.Load(w3 + o));
        }
        t[0] = a0 + b0; t[1] = a1 + b1; t[2] = a2 + b2; t[3] = a3 + b3; t[4] = a4 + b4; t[5] = a5 + b5; t[6] = a6 + b6; t[7] = default;
        for (int i = 0; i < TB.Count; i++) e.Store(t[2 * i], t[2 * i + 1], row, column + 16 * i);
    }
}
