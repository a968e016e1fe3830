using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// The loops around the micro-kernel. Every entry point reduces to one problem:
//   C[M, N] (+)= A[M, K] · B[K, N],  A(i, p) = a[i·rsA + p·csA],  B(p, j) = b[p·rsB + j·csB],  C row-major (ldc = N),
// so aᵀ and bᵀ are just other strides. Three paths, chosen by shape (Run):
//   - Gemv: M = 1 (batch-1 inference), memory-bound, no packing;
//   - Direct: b row-major and the product at most DirectMaxWork: the micro-kernel reads a and b where they lie,
//     blocked over K like the packed path (packing a row-major a is a transpose, and did not pay below ~600³);
//   - Packed (bᵀ, and large products):
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
        else RunPacked<TV, TVec>(ref a, rsA, csA, ref b, rsB, csB, ref c, m, n, k, accumulate);
    }

    /// <summary>The blocked, packed product (see the file comment). Any strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunPacked<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, nint csB, ref float c,
        int m, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int rows = TV.Rows, cols = 2 * TV.Count;
        int kcMax = Math.Min(k, Kc);
        int aFloats = RoundUp(Math.Min(m, Mc), rows) * kcMax;
        ref float packed = ref Scratch(aFloats + RoundUp(Math.Min(n, Nc), cols) * kcMax);
        ref float ap = ref packed;
        ref float bp = ref Unsafe.Add(ref packed, aFloats);
        Span<float> tileSpan = stackalloc float[8 * 32];
        ref float tile = ref tileSpan[0];

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
                        int live = Math.Min(cols, nc - jr);
                        ref float bPanel = ref Unsafe.Add(ref bp, (nint)jr * kc);
                        for (int ir = 0; ir < mc; ir += rows)
                        {
                            ref float aPanel = ref Unsafe.Add(ref ap, (nint)ir * kc);
                            ref float cTile = ref Unsafe.Add(ref c, (nint)(ic + ir) * n + jc + jr);
                            int liveRows = Math.Min(rows, mc - ir);
                            if (liveRows == rows && live == cols) PackedTile<TV, TVec>(ref aPanel, ref bPanel, ref cTile, n, kc, load);
                            else EdgeTile<TV, TVec>(true, ref aPanel, 1, rows, ref bPanel, cols, ref cTile, n, liveRows, live, kc, load, ref tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The unpacked product for b row-major (<c>csB = 1</c>): full tiles read a and b where they lie; only the edges are
    /// copied (the last rows of a, the last strip of b narrower than a vector) into zero-padded scratch. Blocked over K
    /// by <see cref="Kc"/> so the b strip a tile walks (Kc × 2 vectors) stays in L1 across the row tiles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunDirect<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, ref float c,
        int m, int n, int k, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int rows = TV.Rows, w = TV.Count;
        int kcMax = Math.Min(k, Kc);
        int tailRows = m % rows, tailCols = n % w;
        // Scratch: the tail rows of a packed as one micro-panel (kc × rows), then the narrow tail strip of b (kc × w).
        int aFloats = tailRows > 0 ? kcMax * rows : 0;
        ref float scratch = ref Scratch(aFloats + (tailCols > 0 ? kcMax * w : 0));
        Span<float> tileSpan = stackalloc float[8 * 32];
        for (int pc = 0; pc < k; pc += Kc)
        {
            DirectBlock<TV, TVec>(ref Unsafe.Add(ref a, pc * csA), rsA, csA, ref Unsafe.Add(ref b, pc * rsB), rsB, ref c,
                m, n, Math.Min(Kc, k - pc), accumulate || pc > 0, ref scratch, ref Unsafe.Add(ref scratch, aFloats), ref tileSpan[0]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectBlock<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint rsB, ref float c,
        int m, int n, int kc, bool load, ref float aTail, ref float bTail, ref float tile)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int rows = TV.Rows, w = TV.Count;
        int fullRows = m - m % rows, tailRows = m - fullRows;
        if (tailRows > 0) PackA(ref Unsafe.Add(ref a, fullRows * rsA), rsA, csA, ref aTail, tailRows, kc, rows);
        ref float cTail = ref Unsafe.Add(ref c, (nint)fullRows * n);

        int j = 0;
        for (; j + 2 * w <= n; j += 2 * w)
        {
            ref float bStrip = ref Unsafe.Add(ref b, j);
            for (int i = 0; i < fullRows; i += rows)
                StridedTile<TV, TVec>(ref Unsafe.Add(ref a, i * rsA), rsA, csA, ref bStrip, rsB, ref Unsafe.Add(ref c, (nint)i * n + j), n, kc, load);
            if (tailRows > 0)
                EdgeTile<TV, TVec>(true, ref aTail, 1, rows, ref bStrip, rsB, ref Unsafe.Add(ref cTail, j), n, tailRows, 2 * w, kc, load, ref tile);
        }
        if (j + w <= n)
        {
            // One whole vector left (n = 16 filters on AVX-512): a Rows × 1-vector tile, still in place.
            ref float bStrip = ref Unsafe.Add(ref b, j);
            for (int i = 0; i < fullRows; i += rows)
                StridedTile1<TV, TVec>(ref Unsafe.Add(ref a, i * rsA), rsA, csA, ref bStrip, rsB, ref Unsafe.Add(ref c, (nint)i * n + j), n, kc, load);
            if (tailRows > 0)
                EdgeTile<TV, TVec>(false, ref aTail, 1, rows, ref bStrip, rsB, ref Unsafe.Add(ref cTail, j), n, tailRows, w, kc, load, ref tile);
            j += w;
        }
        int tailCols = n - j;
        if (tailCols == 0) return;

        // Fewer columns than a vector: copy that strip of b zero-padded to one vector, and go through the edge tile.
        ref float bSource = ref Unsafe.Add(ref b, j);
        for (int p = 0; p < kc; p++)
        {
            ref float row = ref Unsafe.Add(ref bSource, p * rsB);
            ref float d = ref Unsafe.Add(ref bTail, (nint)p * w);
            int q = 0;
            for (; q < tailCols; q++) Unsafe.Add(ref d, q) = Unsafe.Add(ref row, q);
            for (; q < w; q++) Unsafe.Add(ref d, q) = 0f;
        }
        for (int i = 0; i < fullRows; i += rows)
            EdgeTile<TV, TVec>(false, ref Unsafe.Add(ref a, i * rsA), rsA, csA, ref bTail, w, ref Unsafe.Add(ref c, (nint)i * n + j), n, rows, tailCols, kc, load, ref tile);
        if (tailRows > 0)
            EdgeTile<TV, TVec>(false, ref aTail, 1, rows, ref bTail, w, ref Unsafe.Add(ref cTail, j), n, tailRows, tailCols, kc, load, ref tile);
    }

    /// <summary>A full tile from packed panels: the strides are constants here, so the kernel's addressing folds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackedTile<TV, TVec>(ref float a, ref float b, ref float c, nint ldc, int kc, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => Tile2<TV, TVec>(ref a, 1, TV.Rows, ref b, 2 * TV.Count, ref c, ldc, kc, load);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedTile<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => Tile2<TV, TVec>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StridedTile1<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => Tile1<TV, TVec>(ref a, rsA, csA, ref b, ldb, ref c, ldc, kc, load);

    /// <summary>
    /// A partial tile (<paramref name="liveRows"/> × <paramref name="liveCols"/> of c): computed whole into
    /// <paramref name="tile"/> and copied out. <c>a</c> and <c>b</c> must be readable for the whole tile (zero-padded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile<TV, TVec>(bool wide, ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc,
        int liveRows, int liveCols, int kc, bool load, ref float tile)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int tileWidth = wide ? 2 * TV.Count : TV.Count;
        for (int i = 0; i < TV.Rows; i++)
            for (int j = 0; j < tileWidth; j++)
                Unsafe.Add(ref tile, i * tileWidth + j) = load && i < liveRows && j < liveCols ? Unsafe.Add(ref c, i * ldc + j) : 0f;
        if (wide) Tile2<TV, TVec>(ref a, rsA, csA, ref b, ldb, ref tile, tileWidth, kc, load: true);
        else Tile1<TV, TVec>(ref a, rsA, csA, ref b, ldb, ref tile, tileWidth, kc, load: true);
        for (int i = 0; i < liveRows; i++)
            for (int j = 0; j < liveCols; j++)
                Unsafe.Add(ref c, i * ldc + j) = Unsafe.Add(ref tile, i * tileWidth + j);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
