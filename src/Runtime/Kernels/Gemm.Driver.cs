using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// The loops around the micro-kernel. Every entry point reduces to one problem:
//   C[M, N] (+)= A[M, K] · B[K, N],  A(i, p) = a[i·rsA + p·csA],  B(p, j) = b[p·rsB + j·csB],  C row-major (ldc = N),
// so aᵀ and bᵀ are just other strides. Four paths, chosen by shape (Run):
//   - Gemv: M = 1 (batch-1 inference), memory-bound, no packing;
//   - Direct: b row-major and the product at most DirectMaxWork: the micro-kernel reads a and b where they lie,
//     blocked over K like the packed path (packing a row-major a is a transpose, and did not pay below ~600³);
//   - Transposed b, small (a dense layer's input gradient dy·Wᵀ): b re-laid out by 8 × 8 blocks, then Direct
//     (Gemm.TransposedB.cs);
//   - Packed (large products, and bᵀ past TransposedBMaxFloats):
//     the five loops of GotoBLAS / BLIS (Goto and van de Geijn 2008; Van Zee and van de Geijn 2015):
//     jc over N by Nc (b block in L3) → pc over K by Kc (packed b, Kc × Nc) → ic over M by Mc (packed a, Mc × Kc in L2)
//     → jr over Nc by 2 vectors (b micro-panel in L1) → ir over Mc by Rows (a micro-panel streams from L2).
// Single-threaded and with a fixed summation order: the same inputs give the same bits on every run.
public static partial class Gemm
{
    /// <summary>Shared-dimension block: a Kc × 32 micro-panel of b (32 KB) stays in a 48 KB L1.</summary>
    internal const int Kc = 256;

    /// <summary>Rows of a per packed block (a multiple of every tile height): Mc × Kc floats = 192 KB, within L2.</summary>
    internal const int Mc = 192;

    /// <summary>Columns of b per packed block (a multiple of every tile width): Kc × Nc floats = 1 MB.</summary>
    internal const int Nc = 1024;

    /// <summary>
    /// Up to this much work (M·N·K multiply-adds) a row-major b is read in place (<see cref="RunDirect{TV, TVec}"/>);
    /// beyond it packing pays for itself. Measured on Zen 5: direct ≥ packed through 512³ (packing a row-major a is a
    /// scalar transpose), packed ahead at 1024³ (76 vs 68 GFLOP/s), so the crossover sits between.
    /// </summary>
    internal const long DirectMaxWork = 512L * 512 * 1024;

    /// <summary>Picks the path for one normalized problem; <c>M, N, K &gt; 0</c>.</summary>
    internal static void Run<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, nint csB, ref float c,
        int m, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        if (m == 1 && (csB == 1 || csA == 1)) Gemv<TV, TVec>(ref a, csA, ref b, rsB, csB, ref c, n, k, accumulate);
        else if (csB == 1 && (long)m * n * k < DirectMaxWork) RunDirect<TV, TVec>(ref a, rsA, csA, ref b, rsB, ref c, m, n, k, accumulate);
        else if (rsB == 1 && csB == k && (long)m * n * k < DirectMaxWork && (long)n * k <= TransposedBMaxFloats)
            RunTransposedB<TV, TVec>(ref a, rsA, csA, ref b, ref c, m, n, k, accumulate);
        else RunPacked<TV, TVec>(ref a, rsA, csA, ref b, rsB, csB, ref c, m, n, k, accumulate);
    }

    /// <summary>The blocked, packed product (see the file comment). Any strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunPacked<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, nint csB, ref float c,
        int m, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int rows = TV.Rows, w = TV.Count, cols = 2 * w;
        int kcMax = Math.Min(k, Kc);
        int aFloats = RoundUp(Math.Min(m, Mc), rows) * kcMax;
        ref float packed = ref Scratch(aFloats + RoundUp(Math.Min(n, Nc), cols) * kcMax);
        ref float ap = ref packed;
        ref float bp = ref Unsafe.Add(ref packed, aFloats);

        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                bool load = accumulate || pc > 0;
                PackB<TV, TVec>(ref Unsafe.Add(ref b, pc * rsB + jc * csB), rsB, csB, ref bp, kc, nc, cols);
                for (int ic = 0; ic < m; ic += Mc)
                {
                    int mc = Math.Min(Mc, m - ic);
                    PackA(ref Unsafe.Add(ref a, ic * rsA + pc * csA), rsA, csA, ref ap, mc, kc, rows);
                    for (int jr = 0; jr < nc; jr += cols)
                    {
                        // Panels are zero-padded to whole tiles, so a narrow last panel only narrows what is stored.
                        int live = Math.Min(cols, nc - jr);
                        ref float bPanel = ref Unsafe.Add(ref bp, (nint)jr * kc);
                        for (int ir = 0; ir < mc; ir += rows)
                        {
                            ref float aPanel = ref Unsafe.Add(ref ap, (nint)ir * kc);
                            ref float cTile = ref Unsafe.Add(ref c, (nint)(ic + ir) * n + jc + jr);
                            int liveRows = Math.Min(rows, mc - ir);
                            if (live > w) PackedTile<TV, TVec, TwoVectors>(liveRows, ref aPanel, ref bPanel, ref cTile, n, kc, load, live - w);
                            else PackedTile<TV, TVec, OneVector>(liveRows, ref aPanel, ref bPanel, ref cTile, n, kc, load, live);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The unpacked product for b row-major (<c>csB = 1</c>): tiles read a and b where they lie, the last rows of c as a
    /// shorter tile; only a last strip of b narrower than a tile is copied, zero-padded to whole vectors, into scratch.
    /// Blocked over K by <see cref="Kc"/> so the b strip a tile walks (Kc × 2 vectors) stays in L1 across the row tiles.
    /// With a row-major a, the last 1–4 columns past whole vectors are dot products instead (Gemm.DotColumns.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunDirect<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, ref float c,
        int m, int n, int k, bool accumulate, bool dotColumnsAllowed = true)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count;
        int dotColumns = dotColumnsAllowed && csA == 1 && w > 1 && n % w <= DotColumnCount ? n % w : 0;
        int tiled = n - dotColumns;
        int kcMax = Math.Min(k, Kc);
        int tailFloats = tiled % (2 * w) != 0 ? kcMax * 2 * w : 0;
        ref float scratch = ref Scratch(Math.Max(tailFloats, dotColumns > 0 ? DotScratchFloats<TV, TVec>(k) : 0));
        if (tiled > 0)
        {
            // Equal blocks of at most Kc (784 = 4 × 196, not 3 × 256 + 16: a short last block reloads and stores every
            // tile of c for a few steps). Storing and reloading c between blocks does not change the rounding.
            // Rows by Mc, so the block of a the column strips share (Mc × kc) stays in L2 across them.
            int blocks = (k + Kc - 1) / Kc, kc = (k + blocks - 1) / blocks;
            for (int ic = 0; ic < m; ic += Mc)
            {
                for (int pc = 0; pc < k; pc += kc)
                {
                    DirectBlock<TV, TVec>(ref Unsafe.Add(ref a, ic * rsA + pc * csA), rsA, csA, ref Unsafe.Add(ref b, pc * rsB), rsB,
                        ref Unsafe.Add(ref c, (nint)ic * n), n, Math.Min(Mc, m - ic), tiled, Math.Min(kc, k - pc), accumulate || pc > 0, ref scratch);
                }
            }
        }
        if (dotColumns > 0)
            DotColumns<TV, TVec>(ref a, rsA, ref Unsafe.Add(ref b, tiled), rsB, ref Unsafe.Add(ref c, tiled), n, m, k, dotColumns, accumulate, ref scratch);
    }

    /// <summary>
    /// Up to this many floats of b per block (kc × n, 24 KB) the whole block stays in L1, so <see cref="DirectBlock{TV, TVec}"/>
    /// runs rows outside the column strips: each row's a is then read from L2 once instead of once per strip. The weight
    /// gradients of the MLP (k = 50 rows of a chunk) are such blocks; the first layer's forward (196 × 100) is not.
    /// </summary>
    internal const int RowOuterMaxFloats = 6144;

    /// <summary>
    /// Columns <c>[0, n)</c> of c (row stride <paramref name="ldc"/>) over one block of the shared dimension: column strips of
    /// two vectors, then the last strip (in place when it is one whole vector, else from a zero-padded copy). A block of b
    /// that fits L1 is walked in row blocks of 4 vectors' height, all strips per row block; a larger one strip by strip.
    /// The order changes no bits: every element is its own sum, in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectBlock<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, ref float c, nint ldc,
        int m, int n, int kc, bool load, ref float bTail)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count;
        int strips = n / (2 * w), j = strips * 2 * w, tail = n - j;
        int width = tail > w ? 2 * w : w;
        if (tail != 0 && tail != w)
        {
            // A strip narrower than its tile (the last 4 of 100 columns of xᵀ·dy): b is read as whole vectors, so copy the
            // strip zero-padded, once for all row blocks; c is stored through masks, in place.
            CopyPadded(ref Unsafe.Add(ref b, j), rsB, ref bTail, kc, tail, width);
        }
        int rowBlock = (long)kc * n <= RowOuterMaxFloats ? DotColumnCount * w : m;
        for (int i = 0; i < m; i += rowBlock)
        {
            int rows = Math.Min(rowBlock, m - i);
            ref float ai = ref Unsafe.Add(ref a, i * rsA);
            ref float ci = ref Unsafe.Add(ref c, (nint)i * ldc);
            for (int s = 0; s < j; s += 2 * w)
                StridedColumn<TV, TVec, TwoVectors>(ref ai, rsA, csA, ref Unsafe.Add(ref b, s), rsB, ref Unsafe.Add(ref ci, s), ldc, rows, kc, load, w);
            if (tail == 0) continue;
            ref float cTail = ref Unsafe.Add(ref ci, j);
            // One whole vector left (n = 16 filters on AVX-512): a one-vector tile, still in place.
            if (tail == w) StridedColumn<TV, TVec, OneVector>(ref ai, rsA, csA, ref Unsafe.Add(ref b, j), rsB, ref cTail, ldc, rows, kc, load, w);
            // a read transposed (a weight gradient xᵀ·dy): lanes down its contiguous rows, not across 4 live columns.
            else if (rsA == 1 && tail <= DotColumnCount) ColumnTail<TV, TVec>(ref ai, csA, ref bTail, width, ref cTail, ldc, rows, kc, tail, load);
            else if (tail > w) StridedColumn<TV, TVec, TwoVectors>(ref ai, rsA, csA, ref bTail, width, ref cTail, ldc, rows, kc, load, tail - w);
            else StridedColumn<TV, TVec, OneVector>(ref ai, rsA, csA, ref bTail, width, ref cTail, ldc, rows, kc, load, tail);
        }
    }

    /// <summary>
    /// One column strip of c, all <paramref name="m"/> rows: full-height tiles, then the rest. A rest of less than half a
    /// tile (2 of a 50-row chunk) is not run alone: its few accumulator chains would wait on the FMA latency each step,
    /// so it and the last full tile run as two tiles of about equal height (50 = 5 × 8 + 5 + 5). Every element is the
    /// same sum in the same order whichever tile holds it, so the split changes no bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StridedColumn<TV, TVec, TW>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc,
        int m, int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
    {
        int rows = TV.Rows, rest = m % rows;
        int fullEnd = rest > 0 && rest < rows / 2 && m > rows ? m - rows - rest : m - rest;
        int i = 0;
        for (; i < fullEnd; i += rows)
            StridedTile<TV, TVec, TW>(rows, ref Unsafe.Add(ref a, i * rsA), rsA, csA, ref b, ldb, ref Unsafe.Add(ref c, (nint)i * ldc), ldc, kc, load, lastLive);
        for (int left = m - i; left > 0; left = m - i)
        {
            int height = left > rows ? (left + 1) / 2 : left;
            StridedTile<TV, TVec, TW>(height, ref Unsafe.Add(ref a, i * rsA), rsA, csA, ref b, ldb, ref Unsafe.Add(ref c, (nint)i * ldc), ldc, kc, load, lastLive);
            i += height;
        }
    }

    /// <summary>A tile of <paramref name="rows"/> rows read in place (any strides of a).</summary>
    // Compiled fully at first call, like the tiles it calls: tiered compilation with profile-guided inlining otherwise
    // picks, run by run, whether to inline tile loops into this switch (seen: the same product at 1× or 2× its time).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedTile<TV, TVec, TW>(int rows, ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc,
        int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
    {
        switch (rows)
        {
            case 8: Strided<TV, TVec, Const8, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 7: Strided<TV, TVec, Const7, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 6: Strided<TV, TVec, Const6, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 5: Strided<TV, TVec, Const5, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 4: Strided<TV, TVec, Const4, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 3: Strided<TV, TVec, Const3, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            case 2: Strided<TV, TVec, Const2, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
            default: Strided<TV, TVec, Const1, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive); break;
        }
    }

    /// <summary>A tile of <paramref name="rows"/> rows from packed panels (a: <c>Rows</c> per step, b: two vectors per step).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackedTile<TV, TVec, TW>(int rows, ref float a, ref float b, ref float c, nint ldc, int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
    {
        switch (rows)
        {
            case 8: Packed<TV, TVec, Const8, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 7: Packed<TV, TVec, Const7, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 6: Packed<TV, TVec, Const6, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 5: Packed<TV, TVec, Const5, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 4: Packed<TV, TVec, Const4, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 3: Packed<TV, TVec, Const3, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            case 2: Packed<TV, TVec, Const2, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
            default: Packed<TV, TVec, Const1, TW>(ref a, ref b, ref c, ldc, kc, load, lastLive); break;
        }
    }

    // One compiled loop per (vector, rows, width); the strides of packed panels are constants, so their addressing folds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Strided<TV, TVec, TR, TW>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TR : struct, IConstant where TW : struct, ITileWidth
        => Tile<TV, TVec, TR, TW>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load, lastLive);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Packed<TV, TVec, TR, TW>(ref float a, ref float b, ref float c, nint ldc, int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TR : struct, IConstant where TW : struct, ITileWidth
        => Tile<TV, TVec, TR, TW>(ref a, 1, TV.Rows, ref b, 2 * TV.Count, ref c, ldc, kc, load, lastLive);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
