using System.Runtime.CompilerServices;

namespace GenNet.Kernels;

// The last few columns of a product whose a is row-major, as dot products. A 100-unit dense layer on AVX-512 is six
// vectors of columns and 4 left over; a broadcast tile spends a whole 16-lane vector (and a broadcast per row) on those
// 4, and they cost a sixth of the product. Here the lanes run along the shared dimension instead: each row of a is
// read as vectors, the 4 columns of b are copied once into 4 contiguous rows (bᵀ), every lane does useful work, and
// each output is one horizontal sum at the end. The sum is split over the lanes (p mod Count) and then added up in a
// fixed order, so results are reproducible, though rounded differently from the broadcast tiles' sequential sums.
public static partial class Gemm
{
    /// <summary>Columns a dot tile computes (fewer are copied in as zeros and not stored).</summary>
    internal const int DotColumnCount = 4;

    /// <summary>Floats of scratch <see cref="DotColumns{TV, TVec}"/> needs for a shared dimension of <paramref name="k"/>.</summary>
    internal static int DotScratchFloats<TV, TVec>(int k) where TV : struct, IGemmVector<TVec> where TVec : struct
        => DotColumnCount * RoundUp(k, TV.Count);

    /// <summary>
    /// <c>C[M, cols] (+)= A[M, K] · B[K, cols]</c> for <c>cols ≤ 4</c>, with <c>A(i, p) = a[i·rsA + p]</c> (row-major),
    /// <c>B(p, j) = b[p·rsB + j]</c>, <c>C(i, j) = c[i·ldc + j]</c>; <paramref name="bt"/> is scratch of
    /// <see cref="DotScratchFloats{TV, TVec}"/> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotColumns<TV, TVec>(ref float a, nint rsA, ref float b, nint rsB, ref float c, nint ldc,
        int m, int k, int cols, bool accumulate, ref float bt)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        // bᵀ, zero past k and past cols: bt[j·kPad + p] = B(p, j).
        int kPad = RoundUp(k, TV.Count);
        for (int j = 0; j < DotColumnCount; j++)
        {
            ref float row = ref Unsafe.Add(ref bt, (nint)j * kPad);
            int p = 0;
            if (j < cols)
                for (; p < k; p++) Unsafe.Add(ref row, p) = Unsafe.Add(ref b, p * rsB + j);
            for (; p < kPad; p++) Unsafe.Add(ref row, p) = 0f;
        }
        // Four rows per tile where the register file holds 16 accumulators beside 4 vectors of bᵀ (AVX-512), else two.
        int rows = TV.Rows >= 8 ? 4 : 2;
        for (int i = 0; i < m; i += rows)
        {
            ref float aRows = ref Unsafe.Add(ref a, i * rsA);
            ref float cRows = ref Unsafe.Add(ref c, (nint)i * ldc);
            switch (Math.Min(rows, m - i))
            {
                case 4: DotTile<TV, TVec, Const4>(ref aRows, rsA, ref bt, kPad, k, ref cRows, ldc, cols, accumulate); break;
                case 3: DotTile<TV, TVec, Const3>(ref aRows, rsA, ref bt, kPad, k, ref cRows, ldc, cols, accumulate); break;
                case 2: DotTile<TV, TVec, Const2>(ref aRows, rsA, ref bt, kPad, k, ref cRows, ldc, cols, accumulate); break;
                default: DotTile<TV, TVec, Const1>(ref aRows, rsA, ref bt, kPad, k, ref cRows, ldc, cols, accumulate); break;
            }
        }
    }

    /// <summary><c>TR</c> rows × 4 columns of c over the whole shared dimension: 4·TR vector accumulators, one per output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotTile<TV, TVec, TR>(ref float a, nint rsA, ref float bt, nint kPad, int k, ref float c, nint ldc,
        int cols, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TR : struct, IConstant
    {
        int rows = TR.Value, w = TV.Count;
        TVec s00 = TV.Zero, s01 = TV.Zero, s02 = TV.Zero, s03 = TV.Zero, s10 = TV.Zero, s11 = TV.Zero, s12 = TV.Zero, s13 = TV.Zero;
        TVec s20 = TV.Zero, s21 = TV.Zero, s22 = TV.Zero, s23 = TV.Zero, s30 = TV.Zero, s31 = TV.Zero, s32 = TV.Zero, s33 = TV.Zero;
        for (int p = 0; p < k; p += w)
        {
            // The last step reads only the k − p values left in each row of a (zeros beyond meet zeros in bᵀ).
            int live = Math.Min(w, k - p);
            TVec b0 = TV.Load(ref bt, p), b1 = TV.Load(ref bt, kPad + p), b2 = TV.Load(ref bt, 2 * kPad + p), b3 = TV.Load(ref bt, 3 * kPad + p);
            TVec x = RowVector<TV, TVec>(ref a, p, live);
            s00 = TV.MultiplyAdd(x, b0, s00); s01 = TV.MultiplyAdd(x, b1, s01); s02 = TV.MultiplyAdd(x, b2, s02); s03 = TV.MultiplyAdd(x, b3, s03);
            if (rows > 1)
            {
                x = RowVector<TV, TVec>(ref a, rsA + p, live);
                s10 = TV.MultiplyAdd(x, b0, s10); s11 = TV.MultiplyAdd(x, b1, s11); s12 = TV.MultiplyAdd(x, b2, s12); s13 = TV.MultiplyAdd(x, b3, s13);
            }
            if (rows > 2)
            {
                x = RowVector<TV, TVec>(ref a, 2 * rsA + p, live);
                s20 = TV.MultiplyAdd(x, b0, s20); s21 = TV.MultiplyAdd(x, b1, s21); s22 = TV.MultiplyAdd(x, b2, s22); s23 = TV.MultiplyAdd(x, b3, s23);
            }
            if (rows > 3)
            {
                x = RowVector<TV, TVec>(ref a, 3 * rsA + p, live);
                s30 = TV.MultiplyAdd(x, b0, s30); s31 = TV.MultiplyAdd(x, b1, s31); s32 = TV.MultiplyAdd(x, b2, s32); s33 = TV.MultiplyAdd(x, b3, s33);
            }
        }
        StoreDots<TV, TVec>(s00, s01, s02, s03, ref c, cols, accumulate);
        if (rows > 1) StoreDots<TV, TVec>(s10, s11, s12, s13, ref Unsafe.Add(ref c, ldc), cols, accumulate);
        if (rows > 2) StoreDots<TV, TVec>(s20, s21, s22, s23, ref Unsafe.Add(ref c, 2 * ldc), cols, accumulate);
        if (rows > 3) StoreDots<TV, TVec>(s30, s31, s32, s33, ref Unsafe.Add(ref c, 3 * ldc), cols, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec RowVector<TV, TVec>(ref float a, nint offset, int live)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => live == TV.Count ? TV.Load(ref a, offset) : TV.LoadPartial(ref a, offset, live);

    /// <summary>One row's outputs: the horizontal sum of each accumulator, the first <paramref name="cols"/> stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDots<TV, TVec>(TVec s0, TVec s1, TVec s2, TVec s3, ref float c, int cols, bool accumulate)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        StoreDot(TV.Sum(s0), ref c, accumulate);
        if (cols > 1) StoreDot(TV.Sum(s1), ref Unsafe.Add(ref c, 1), accumulate);
        if (cols > 2) StoreDot(TV.Sum(s2), ref Unsafe.Add(ref c, 2), accumulate);
        if (cols > 3) StoreDot(TV.Sum(s3), ref Unsafe.Add(ref c, 3), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDot(float sum, ref float c, bool accumulate) => c = accumulate ? c + sum : sum;
}
