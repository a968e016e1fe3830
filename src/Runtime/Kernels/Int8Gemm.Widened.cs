using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// The fused products on AVX-512BW without AVX-VNNI (AMD Zen 4 has AVX512-VNNI, which .NET 10 does not expose): register
// tiles like the VNNI ones, on the same packed weights. Batch tiles: vpmaddwd on bytes widened to 16 bits in registers;
// lone rows: vpmaddubsw on the activations' nibbles. Both exact, so bit-identical to every other path.
public static partial class Int8Gemm
{
    /// <summary>The widest lone-row tile, in 16-column blocks: 7 int32 and 14 int16 accumulators, the nibbles and a weight vector in 32 registers.</summary>
    private const int MaxWideRowBlocks = 7;

    // One quad of a row, widened: [x0 x1 x2 x3] zero-extended to 16 bits and repeated 8 times (vpbroadcastd + vpmovzxbw).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<short> WideQuad(byte* quad) => Avx512BW.ConvertToVector512Int16(Vector256.Create(*(int*)quad).AsByte());

    // 8 columns × 4 reduction steps of weights (32 bytes), sign-extended: column c's four steps are lanes 4c..4c+3, so
    // vpmaddwd with a WideQuad gives column c's two pair sums in int32 lanes 2c and 2c+1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<short> WideWeights(sbyte* w) => Avx512BW.ConvertToVector512Int16(Vector256.Load(w));

    // The 8 column sums of an accumulator of pair sums: lanes 2c + 2c+1 (mod 2³², exact since the true sum fits int32).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ColumnSums(Vector512<int> pairs) =>
        Avx512F.ConvertToVector256Int32(pairs.AsInt64() + Vector512.ShiftRightLogical(pairs.AsInt64(), 32));

    // The register tiles over rows [0, rows), as VnniTiles arranges them: fewer than 4 rows, each row's whole width in as
    // few passes as the lone-row tile allows (each quad split once per pass, not once per block); else pairs of column
    // blocks outermost (a pair's weights, ⌈k/4⌉·128 bytes, stay in L1 while 4-row tiles pass, each quad of weights widened
    // once per 4 rows), a last odd block in 8-row tiles (a 16-filter convolution is all odd block: 8 pixels per tile keep
    // its 3-quad loops from being all call and epilogue), the rows left over on the lone-row tile. Sums parked behind a
    // pointer, as VnniTiles explains.
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static unsafe void WideTiles<TR, TE>(ref TR x, sbyte* w, int rows, int quads, int n, ref TE e) where TR : struct, IRows where TE : struct, IEpilogue
    {
        int blocks = PaddedColumns(n) / 16, blockBytes = quads * 64;
        Vector256<int>* t = stackalloc Vector256<int>[16];
        if (rows < 4)
        {
            int passes = (blocks + MaxWideRowBlocks - 1) / MaxWideRowBlocks;
            for (int r = 0; r < rows; r++)
                for (int pass = 0, b = 0; pass < passes; pass++)
                {
                    // Balanced passes: 128 columns are 64 + 64, not 112 + 16.
                    int width = (blocks - b) / (passes - pass);
                    WideRow(width, ref x, t, r, quads, w + (nint)b * blockBytes, blockBytes, ref e, 16 * b);
                    b += width;
                }
            return;
        }
        int block = 0;
        for (; block + 2 <= blocks; block += 2)
        {
            sbyte* wb = w + (nint)block * blockBytes;
            int r = 0;
            for (; r + 4 <= rows; r += 4) Wide4x32(ref x, t, r, quads, wb, blockBytes, ref e, 16 * block);
            for (; r < rows; r++) WideRow(2, ref x, t, r, quads, wb, blockBytes, ref e, 16 * block);
        }
        if (block < blocks)
        {
            sbyte* wb = w + (nint)block * blockBytes;
            int r = 0;
            for (; r + 8 <= rows; r += 8) Wide8x16(ref x, t, r, quads, wb, ref e, 16 * block);
            for (; r < rows; r++) WideRow(1, ref x, t, r, quads, wb, blockBytes, ref e, 16 * block);
        }
    }

    // The lone-row tile of `width` blocks (1 to MaxWideRowBlocks), each width its own specialization.
    private static unsafe void WideRow<TR, TE>(int width, ref TR x, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TR : struct, IRows where TE : struct, IEpilogue
    {
        switch (width)
        {
            case 1: Nibble1xB<Blocks1, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 2: Nibble1xB<Blocks2, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 3: Nibble1xB<Blocks3, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 4: Nibble1xB<Blocks4, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 5: Nibble1xB<Blocks5, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            case 6: Nibble1xB<Blocks6, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
            default: Nibble1xB<Blocks7, TR, TE>(ref x, t, row, quads, w, blockBytes, ref e, column); break;
        }
    }

    /// <summary>A number of 16-column blocks known to the JIT: a tile specialized on it keeps only the accumulators it uses.</summary>
    private interface IBlockCount
    {
        static abstract int Count { get; }
    }

    private struct Blocks1 : IBlockCount { public static int Count => 1; }
    private struct Blocks2 : IBlockCount { public static int Count => 2; }
    private struct Blocks3 : IBlockCount { public static int Count => 3; }
    private struct Blocks4 : IBlockCount { public static int Count => 4; }
    private struct Blocks5 : IBlockCount { public static int Count => 5; }
    private struct Blocks6 : IBlockCount { public static int Count => 6; }
    private struct Blocks7 : IBlockCount { public static int Count => 7; }

    /// <summary>Quads whose int16 pair sums of nibbles may add up before widening: 8 · 3810 = 30,480 ≤ 32,767.</summary>
    private const int NibbleQuads = 8;

    // 1 row × B blocks (blockBytes apart) on vpmaddubsw, with the weights as stored: widening them (vpmovsxbw + vpmaddwd, as
    // the batch tiles do, where 4-8 rows share each widening) measured 1.7-1.8 µs against 1.33-1.36 µs for the 784→100
    // layer at batch 1, same run. Each quad of the row
    // split into nibbles, x = 16·hi + lo. vpmaddubsw (u8 · s8, pairs added into int16 with saturation) cannot saturate on
    // nibbles: |pair| ≤ 2·15·127 = 3810, so NibbleQuads quads of pair sums add up in int16 before vpmaddwd by 16 and by 1
    // widens them into the int32 column sums. Exact, so the bits of every other path.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Nibble1xB<TB, TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column)
        where TB : struct, IBlockCount where TR : struct, IRows where TE : struct, IEpilogue
    {
        byte* x = rows.Row(row);
        Vector512<int> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default;
        var nibble = Vector512.Create((byte)15);
        sbyte* w1 = w + blockBytes, w2 = w1 + blockBytes, w3 = w2 + blockBytes, w4 = w3 + blockBytes, w5 = w4 + blockBytes, w6 = w5 + blockBytes;
        for (int q0 = 0; q0 < quads; q0 += NibbleQuads)
        {
            Vector512<short> h0 = default, h1 = default, h2 = default, h3 = default, h4 = default, h5 = default, h6 = default;
            Vector512<short> l0 = default, l1 = default, l2 = default, l3 = default, l4 = default, l5 = default, l6 = default;
            int end = Math.Min(q0 + NibbleQuads, quads);
            for (nint q = q0, o = 64 * (nint)q0; q < end; q++, o += 64)
            {
                var v = Vector512.Create(*(int*)(x + rows.Quad((int)q))).AsByte();
                var hi = Vector512.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble;
                var lo = v & nibble;
                var k = Vector512.Load(w + o);
                h0 += Avx512BW.MultiplyAddAdjacent(hi, k);
                l0 += Avx512BW.MultiplyAddAdjacent(lo, k);
                if (TB.Count > 1)
                {
                    k = Vector512.Load(w1 + o);
                    h1 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l1 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
                if (TB.Count > 2)
                {
                    k = Vector512.Load(w2 + o);
                    h2 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l2 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
                if (TB.Count > 3)
                {
                    k = Vector512.Load(w3 + o);
                    h3 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l3 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
                if (TB.Count > 4)
                {
                    k = Vector512.Load(w4 + o);
                    h4 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l4 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
                if (TB.Count > 5)
                {
                    k = Vector512.Load(w5 + o);
                    h5 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l5 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
                if (TB.Count > 6)
                {
                    k = Vector512.Load(w6 + o);
                    h6 += Avx512BW.MultiplyAddAdjacent(hi, k);
                    l6 += Avx512BW.MultiplyAddAdjacent(lo, k);
                }
            }
            s0 += Widen(h0, l0);
            if (TB.Count > 1) s1 += Widen(h1, l1);
            if (TB.Count > 2) s2 += Widen(h2, l2);
            if (TB.Count > 3) s3 += Widen(h3, l3);
            if (TB.Count > 4) s4 += Widen(h4, l4);
            if (TB.Count > 5) s5 += Widen(h5, l5);
            if (TB.Count > 6) s6 += Widen(h6, l6);
        }
        t[0] = s0.GetLower(); t[1] = s0.GetUpper();
        if (TB.Count > 1) { t[2] = s1.GetLower(); t[3] = s1.GetUpper(); }
        if (TB.Count > 2) { t[4] = s2.GetLower(); t[5] = s2.GetUpper(); }
        if (TB.Count > 3) { t[6] = s3.GetLower(); t[7] = s3.GetUpper(); }
        if (TB.Count > 4) { t[8] = s4.GetLower(); t[9] = s4.GetUpper(); }
        if (TB.Count > 5) { t[10] = s5.GetLower(); t[11] = s5.GetUpper(); }
        if (TB.Count > 6) { t[12] = s6.GetLower(); t[13] = s6.GetUpper(); }
        for (int i = 0; i < TB.Count; i++) e.Store(t[2 * i], t[2 * i + 1], row, column + 16 * i);
    }

    // 16 columns' int32 sums from their int16 pair sums of high and low nibbles: 16·(hi pairs) + (lo pairs), column c from lanes 2c, 2c+1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Widen(Vector512<short> high, Vector512<short> low) =>
        Avx512BW.MultiplyAddAdjacent(high, Vector512.Create((short)16)) + Avx512BW.MultiplyAddAdjacent(low, Vector512.Create((short)1));

    // 4 rows × 32 columns: 16 accumulators; per quad 4 widened weight vectors and 4 widened quads feed 16 vpmaddwd.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Wide4x32<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, int blockBytes, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        byte* x = rows.Row(row), x1 = rows.Row(row + 1), x2 = rows.Row(row + 2), x3 = rows.Row(row + 3);
        sbyte* v = w + blockBytes;
        for (int q = 0; q < quads; q++, w += 64, v += 64)
        {
            var w0 = WideWeights(w);
            var w1 = WideWeights(w + 32);
            var w2 = WideWeights(v);
            var w3 = WideWeights(v + 32);
            int o = rows.Quad(q);
            var s = WideQuad(x + o);
            a0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            a1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            a2 += Avx512BW.MultiplyAddAdjacent(s, w2);
            a3 += Avx512BW.MultiplyAddAdjacent(s, w3);
            s = WideQuad(x1 + o);
            b0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            b1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            b2 += Avx512BW.MultiplyAddAdjacent(s, w2);
            b3 += Avx512BW.MultiplyAddAdjacent(s, w3);
            s = WideQuad(x2 + o);
            c0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            c1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            c2 += Avx512BW.MultiplyAddAdjacent(s, w2);
            c3 += Avx512BW.MultiplyAddAdjacent(s, w3);
            s = WideQuad(x3 + o);
            d0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            d1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            d2 += Avx512BW.MultiplyAddAdjacent(s, w2);
            d3 += Avx512BW.MultiplyAddAdjacent(s, w3);
        }
        t[0] = ColumnSums(a0); t[1] = ColumnSums(a1); t[2] = ColumnSums(a2); t[3] = ColumnSums(a3);
        t[4] = ColumnSums(b0); t[5] = ColumnSums(b1); t[6] = ColumnSums(b2); t[7] = ColumnSums(b3);
        t[8] = ColumnSums(c0); t[9] = ColumnSums(c1); t[10] = ColumnSums(c2); t[11] = ColumnSums(c3);
        t[12] = ColumnSums(d0); t[13] = ColumnSums(d1); t[14] = ColumnSums(d2); t[15] = ColumnSums(d3);
        for (int i = 0; i < 4; i++)
        {
            e.Store(t[4 * i], t[4 * i + 1], row + i, column);
            e.Store(t[4 * i + 2], t[4 * i + 3], row + i, column + 16);
        }
    }

    // 8 rows × 16 columns: 16 accumulators; per quad 2 widened weight vectors and 8 widened quads feed 16 vpmaddwd.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Wide8x16<TR, TE>(ref TR rows, Vector256<int>* t, int row, int quads, sbyte* w, ref TE e, int column) where TR : struct, IRows where TE : struct, IEpilogue
    {
        Vector512<int> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, d0 = default, d1 = default;
        Vector512<int> f0 = default, f1 = default, g0 = default, g1 = default, h0 = default, h1 = default, i0 = default, i1 = default;
        byte* x = rows.Row(row), x1 = rows.Row(row + 1), x2 = rows.Row(row + 2), x3 = rows.Row(row + 3);
        byte* x4 = rows.Row(row + 4), x5 = rows.Row(row + 5), x6 = rows.Row(row + 6), x7 = rows.Row(row + 7);
        for (int q = 0; q < quads; q++, w += 64)
        {
            var w0 = WideWeights(w);
            var w1 = WideWeights(w + 32);
            int o = rows.Quad(q);
            var s = WideQuad(x + o);
            a0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            a1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x1 + o);
            b0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            b1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x2 + o);
            c0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            c1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x3 + o);
            d0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            d1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x4 + o);
            f0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            f1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x5 + o);
            g0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            g1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x6 + o);
            h0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            h1 += Avx512BW.MultiplyAddAdjacent(s, w1);
            s = WideQuad(x7 + o);
            i0 += Avx512BW.MultiplyAddAdjacent(s, w0);
            i1 += Avx512BW.MultiplyAddAdjacent(s, w1);
        }
        t[0] = ColumnSums(a0); t[1] = ColumnSums(a1); t[2] = ColumnSums(b0); t[3] = ColumnSums(b1);
        t[4] = ColumnSums(c0); t[5] = ColumnSums(c1); t[6] = ColumnSums(d0); t[7] = ColumnSums(d1);
        t[8] = ColumnSums(f0); t[9] = ColumnSums(f1); t[10] = ColumnSums(g0); t[11] = ColumnSums(g1);
        t[12] = ColumnSums(h0); t[13] = ColumnSums(h1); t[14] = ColumnSums(i0); t[15] = ColumnSums(i1);
        for (int i = 0; i < 8; i++) e.Store(t[2 * i], t[2 * i + 1], row + i, column);
    }
}
