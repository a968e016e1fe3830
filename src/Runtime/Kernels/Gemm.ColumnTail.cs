using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

// The last 1–4 columns of a product whose a is read transposed (rsA = 1): the weight gradient xᵀ·dy of a 100-unit dense
// layer has 4 columns past six vectors on AVX-512. A broadcast tile spends a whole 16-lane vector on those 4 and costs
// half a full strip for a 25th of the columns. A transposed a has its rows side by side (A(i, p) = a[p·csA + i]), so here
// the lanes run down the rows instead: each step loads up to 4 vectors of rows and broadcasts the ≤ 4 values of b, and the
// tile reaches c through a small transposed scratch at the start and the end. Every element is the broadcast tile's sum —
// the same start (0 or c), the same multiply-adds in the same order — so the results are the same bits.
public static partial class Gemm
{
    /// <summary>
    /// <c>C(i, j) (+)= Σ_{p &lt; kc} a[p·csA + i] · bTail[p·ldb + j]</c> for <c>i &lt; m</c>, <c>j &lt; cols ≤ 4</c>, into
    /// <c>c[i·ldc + j]</c>; <paramref name="bTail"/> is zero past <paramref name="cols"/> up to 4 columns. <paramref name="load"/>
    /// false overwrites c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnTail<TV, TVec>(ref float a, nint csA, ref float bTail, nint ldb, ref float c, nint ldc,
        int m, int kc, int cols, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        int w = TV.Count, step = DotColumnCount * w;
        // Column j, row r of a tile at [j·step + r]: 4 columns × 4 vectors of at most 16 lanes.
        Span<float> transposed = stackalloc float[DotColumnCount * DotColumnCount * 16];
        ref float t = ref MemoryMarshal.GetReference(transposed);
        for (int i = 0; i < m; i += step)
        {
            int live = Math.Min(step, m - i);
            ref float ai = ref Unsafe.Add(ref a, i);
            ref float ci = ref Unsafe.Add(ref c, (nint)i * ldc);
            if (load) Transpose(ref ci, ldc, ref t, step, live, cols, toTile: true);
            switch ((live + w - 1) / w)
            {
                case 4: ColumnTailTile<TV, TVec, Const4>(ref ai, csA, ref bTail, ldb, ref t, step, kc, live, load); break;
                case 3: ColumnTailTile<TV, TVec, Const3>(ref ai, csA, ref bTail, ldb, ref t, step, kc, live, load); break;
                case 2: ColumnTailTile<TV, TVec, Const2>(ref ai, csA, ref bTail, ldb, ref t, step, kc, live, load); break;
                default: ColumnTailTile<TV, TVec, Const1>(ref ai, csA, ref bTail, ldb, ref t, step, kc, live, load); break;
            }
            Transpose(ref ci, ldc, ref t, step, live, cols, toTile: false);
        }
    }

    /// <summary>Copies the tile's <paramref name="rows"/> × <paramref name="cols"/> block of c into the scratch (column-major) or back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref float c, nint ldc, ref float t, int step, int rows, int cols, bool toTile)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
            {
                ref float cell = ref Unsafe.Add(ref t, j * step + r);
                if (toTile) cell = Unsafe.Add(ref row, j);
                else Unsafe.Add(ref row, j) = cell;
            }
        }
    }

    /// <summary>
    /// <c>TR</c> vectors of rows × 4 columns: 4·TR accumulators, started from the scratch when <paramref name="load"/>, left
    /// in it at the end. <paramref name="live"/> rows are read from a (the last vector partially).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnTailTile<TV, TVec, TR>(ref float a, nint csA, ref float b, nint ldb, ref float t, nint step, int kc, int live, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TR : struct, IConstant
    {
        int vectors = TR.Value;
        nint w = TV.Count;
        int lastLive = live - (vectors - 1) * (int)w;
        TVec s00 = TV.Zero, s01 = TV.Zero, s02 = TV.Zero, s03 = TV.Zero, s10 = TV.Zero, s11 = TV.Zero, s12 = TV.Zero, s13 = TV.Zero;
        TVec s20 = TV.Zero, s21 = TV.Zero, s22 = TV.Zero, s23 = TV.Zero, s30 = TV.Zero, s31 = TV.Zero, s32 = TV.Zero, s33 = TV.Zero;
        if (load)
        {
            s00 = TV.Load(ref t, 0); s01 = TV.Load(ref t, step); s02 = TV.Load(ref t, 2 * step); s03 = TV.Load(ref t, 3 * step);
            if (vectors > 1) { s10 = TV.Load(ref t, w); s11 = TV.Load(ref t, step + w); s12 = TV.Load(ref t, 2 * step + w); s13 = TV.Load(ref t, 3 * step + w); }
            if (vectors > 2) { s20 = TV.Load(ref t, 2 * w); s21 = TV.Load(ref t, step + 2 * w); s22 = TV.Load(ref t, 2 * step + 2 * w); s23 = TV.Load(ref t, 3 * step + 2 * w); }
            if (vectors > 3) { s30 = TV.Load(ref t, 3 * w); s31 = TV.Load(ref t, step + 3 * w); s32 = TV.Load(ref t, 2 * step + 3 * w); s33 = TV.Load(ref t, 3 * step + 3 * w); }
        }
        ref float ap = ref a;
        ref float bp = ref b;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TV.Broadcast(bp), b1 = TV.Broadcast(Unsafe.Add(ref bp, 1)), b2 = TV.Broadcast(Unsafe.Add(ref bp, 2)), b3 = TV.Broadcast(Unsafe.Add(ref bp, 3));
            TVec x = vectors == 1 ? RowVector<TV, TVec>(ref ap, 0, lastLive) : TV.Load(ref ap, 0);
            s00 = TV.MultiplyAdd(x, b0, s00); s01 = TV.MultiplyAdd(x, b1, s01); s02 = TV.MultiplyAdd(x, b2, s02); s03 = TV.MultiplyAdd(x, b3, s03);
            if (vectors > 1)
            {
                x = vectors == 2 ? RowVector<TV, TVec>(ref ap, w, lastLive) : TV.Load(ref ap, w);
                s10 = TV.MultiplyAdd(x, b0, s10); s11 = TV.MultiplyAdd(x, b1, s11); s12 = TV.MultiplyAdd(x, b2, s12); s13 = TV.MultiplyAdd(x, b3, s13);
            }
            if (vectors > 2)
            {
                x = vectors == 3 ? RowVector<TV, TVec>(ref ap, 2 * w, lastLive) : TV.Load(ref ap, 2 * w);
                s20 = TV.MultiplyAdd(x, b0, s20); s21 = TV.MultiplyAdd(x, b1, s21); s22 = TV.MultiplyAdd(x, b2, s22); s23 = TV.MultiplyAdd(x, b3, s23);
            }
            if (vectors > 3)
            {
                x = RowVector<TV, TVec>(ref ap, 3 * w, lastLive);
                s30 = TV.MultiplyAdd(x, b0, s30); s31 = TV.MultiplyAdd(x, b1, s31); s32 = TV.MultiplyAdd(x, b2, s32); s33 = TV.MultiplyAdd(x, b3, s33);
            }
            ap = ref Unsafe.Add(ref ap, csA);
            bp = ref Unsafe.Add(ref bp, ldb);
        }
        TV.Store(s00, ref t, 0); TV.Store(s01, ref t, step); TV.Store(s02, ref t, 2 * step); TV.Store(s03, ref t, 3 * step);
        if (vectors > 1) { TV.Store(s10, ref t, w); TV.Store(s11, ref t, step + w); TV.Store(s12, ref t, 2 * step + w); TV.Store(s13, ref t, 3 * step + w); }
        if (vectors > 2) { TV.Store(s20, ref t, 2 * w); TV.Store(s21, ref t, step + 2 * w); TV.Store(s22, ref t, 2 * step + 2 * w); TV.Store(s23, ref t, 3 * step + 2 * w); }
        if (vectors > 3) { TV.Store(s30, ref t, 3 * w); TV.Store(s31, ref t, step + 3 * w); TV.Store(s32, ref t, 2 * step + 3 * w); TV.Store(s33, ref t, 3 * step + 3 * w); }
    }
}
