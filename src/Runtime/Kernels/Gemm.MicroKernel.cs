using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// The register-blocked micro-kernels, written once over a vector width (IGemmVector) and specialized by the JIT for
// Vector512, Vector256, Vector128 and plain float. The tile is Rows × 2 vectors of c (8 × 32 floats on AVX-512),
// kept in registers while the shared dimension is walked: each step loads two vectors of b, broadcasts Rows values of
// a, and issues 2·Rows fused multiply-adds. This is the micro-kernel of Goto and van de Geijn, "Anatomy of
// high-performance matrix multiplication" (ACM TOMS 34(3), 2008) and of BLIS (Van Zee and van de Geijn, "BLIS: A
// framework for rapidly instantiating BLAS functionality", ACM TOMS 41(3), 2015).
public static partial class Gemm
{
    /// <summary>One vector width for the micro-kernels: the operations they need, and the tile height that fits its register file.</summary>
    internal partial interface IGemmVector<TVector> where TVector : struct
    {
        /// <summary>Floats per vector.</summary>
        static abstract int Count { get; }

        /// <summary>Rows of the micro-tile: 2·Rows accumulators + 2 loads of b + 1 broadcast must fit the register file.</summary>
        static abstract int Rows { get; }

        static abstract TVector Zero { get; }
        static abstract TVector Load(ref float source, nint offset);
        static abstract void Store(TVector value, ref float destination, nint offset);
        static abstract TVector Broadcast(float value);

        /// <summary><c>a·b + c</c>, fused where the hardware has FMA (deterministic on one machine either way).</summary>
        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
        static abstract TVector Add(TVector a, TVector b);
        static abstract float Sum(TVector value);
    }

    /// <summary>AVX-512 (32 zmm registers): 8 × 32 tiles, 16 accumulators.</summary>
    internal readonly partial struct V512 : IGemmVector<Vector512<float>>
    {
        public static int Count => 16;
        public static int Rows => 8;
        public static Vector512<float> Zero => Vector512<float>.Zero;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> value) => Vector512.Sum(value);
    }

    /// <summary>AVX2 / 16 ymm registers: 6 × 16 tiles, 12 accumulators (the classic Haswell shape).</summary>
    internal readonly partial struct V256 : IGemmVector<Vector256<float>>
    {
        public static int Count => 8;
        public static int Rows => 6;
        public static Vector256<float> Zero => Vector256<float>.Zero;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> value) => Vector256.Sum(value);
    }

    /// <summary>SSE / NEON: 6 × 8 tiles, 12 accumulators.</summary>
    internal readonly partial struct V128 : IGemmVector<Vector128<float>>
    {
        public static int Count => 4;
        public static int Rows => 6;
        public static Vector128<float> Zero => Vector128<float>.Zero;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> value) => Vector128.Sum(value);
    }

    /// <summary>No SIMD: a "vector" of one float, 4 × 2 tiles.</summary>
    internal readonly partial struct Scalar : IGemmVector<float>
    {
        public static int Count => 1;
        public static int Rows => 4;
        public static float Zero => 0f;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float source, nint offset) => Unsafe.Add(ref source, offset);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => float.MultiplyAddEstimate(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float value) => value;
    }

    /// <summary>
    /// <c>C(i, j) (+)= Σ_{p &lt; kc} A(i, p) · B(p, j)</c> on one tile of <c>TR</c> rows (at most <c>Rows</c>) and one or
    /// two vectors (<c>TW</c>), the last holding <paramref name="lastLive"/> columns of c (<c>1 … Count</c>), where
    /// <c>A(i, p) = a[i·rsA + p·csA]</c> (a packed micro-panel has <c>rsA = 1, csA = Rows</c>; an unpacked row-major or
    /// transposed matrix any strides), <c>B(p, j) = b[p·ldb + j]</c>, <c>C(i, j) = c[i·ldc + j]</c>.
    /// <paramref name="load"/> false overwrites <c>c</c>. <c>b</c> must be readable for whole vectors (callers pass a
    /// zero-padded copy of a strip narrower than the tile); <c>c</c> is read and written only where it lies. The sum
    /// runs over <c>p</c> in order, so results are reproducible.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TV, TVec, TR, TW>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TR : struct, IConstant where TW : struct, ITileWidth
    {
        nint w = TV.Count;
        int rows = TR.Value;
        bool two = TW.Two;
        TVec c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        TVec c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero, c60 = TV.Zero, c61 = TV.Zero, c70 = TV.Zero, c71 = TV.Zero;
        if (load)
        {
            c00 = First<TV, TVec, TW>(ref c, 0, lastLive); c01 = Second<TV, TVec, TW>(ref c, 0, lastLive);
            if (rows > 1) { c10 = First<TV, TVec, TW>(ref c, ldc, lastLive); c11 = Second<TV, TVec, TW>(ref c, ldc, lastLive); }
            if (rows > 2) { c20 = First<TV, TVec, TW>(ref c, 2 * ldc, lastLive); c21 = Second<TV, TVec, TW>(ref c, 2 * ldc, lastLive); }
            if (rows > 3) { c30 = First<TV, TVec, TW>(ref c, 3 * ldc, lastLive); c31 = Second<TV, TVec, TW>(ref c, 3 * ldc, lastLive); }
            if (rows > 4) { c40 = First<TV, TVec, TW>(ref c, 4 * ldc, lastLive); c41 = Second<TV, TVec, TW>(ref c, 4 * ldc, lastLive); }
            if (rows > 5) { c50 = First<TV, TVec, TW>(ref c, 5 * ldc, lastLive); c51 = Second<TV, TVec, TW>(ref c, 5 * ldc, lastLive); }
            if (rows > 6) { c60 = First<TV, TVec, TW>(ref c, 6 * ldc, lastLive); c61 = Second<TV, TVec, TW>(ref c, 6 * ldc, lastLive); }
            if (rows > 7) { c70 = First<TV, TVec, TW>(ref c, 7 * ldc, lastLive); c71 = Second<TV, TVec, TW>(ref c, 7 * ldc, lastLive); }
        }
        ref float ap = ref a;
        ref float bp = ref b;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TV.Load(ref bp, 0), b1 = two ? TV.Load(ref bp, w) : TV.Zero;
            TVec x = TV.Broadcast(ap);
            c00 = TV.MultiplyAdd(x, b0, c00); if (two) c01 = TV.MultiplyAdd(x, b1, c01);
            if (rows > 1)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, rsA));
                c10 = TV.MultiplyAdd(x, b0, c10); if (two) c11 = TV.MultiplyAdd(x, b1, c11);
            }
            if (rows > 2)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 2 * rsA));
                c20 = TV.MultiplyAdd(x, b0, c20); if (two) c21 = TV.MultiplyAdd(x, b1, c21);
            }
            if (rows > 3)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 3 * rsA));
                c30 = TV.MultiplyAdd(x, b0, c30); if (two) c31 = TV.MultiplyAdd(x, b1, c31);
            }
            if (rows > 4)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 4 * rsA));
                c40 = TV.MultiplyAdd(x, b0, c40); if (two) c41 = TV.MultiplyAdd(x, b1, c41);
            }
            if (rows > 5)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 5 * rsA));
                c50 = TV.MultiplyAdd(x, b0, c50); if (two) c51 = TV.MultiplyAdd(x, b1, c51);
            }
            if (rows > 6)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 6 * rsA));
                c60 = TV.MultiplyAdd(x, b0, c60); if (two) c61 = TV.MultiplyAdd(x, b1, c61);
            }
            if (rows > 7)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 7 * rsA));
                c70 = TV.MultiplyAdd(x, b0, c70); if (two) c71 = TV.MultiplyAdd(x, b1, c71);
            }
            ap = ref Unsafe.Add(ref ap, csA);
            bp = ref Unsafe.Add(ref bp, ldb);
        }
        StoreRow<TV, TVec, TW>(c00, c01, ref c, 0, lastLive);
        if (rows > 1) StoreRow<TV, TVec, TW>(c10, c11, ref c, ldc, lastLive);
        if (rows > 2) StoreRow<TV, TVec, TW>(c20, c21, ref c, 2 * ldc, lastLive);
        if (rows > 3) StoreRow<TV, TVec, TW>(c30, c31, ref c, 3 * ldc, lastLive);
        if (rows > 4) StoreRow<TV, TVec, TW>(c40, c41, ref c, 4 * ldc, lastLive);
        if (rows > 5) StoreRow<TV, TVec, TW>(c50, c51, ref c, 5 * ldc, lastLive);
        if (rows > 6) StoreRow<TV, TVec, TW>(c60, c61, ref c, 6 * ldc, lastLive);
        if (rows > 7) StoreRow<TV, TVec, TW>(c70, c71, ref c, 7 * ldc, lastLive);
    }

    /// <summary>The first vector of a tile row of c: whole in a two-vector tile, else the (possibly partial) last one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec First<TV, TVec, TW>(ref float c, nint offset, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
        => TW.Two ? TV.Load(ref c, offset) : Last<TV, TVec>(ref c, offset, lastLive);

    /// <summary>The second vector of a tile row of c (zero in a one-vector tile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Second<TV, TVec, TW>(ref float c, nint offset, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
        => TW.Two ? Last<TV, TVec>(ref c, offset + TV.Count, lastLive) : TV.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Last<TV, TVec>(ref float c, nint offset, int live)
        where TV : struct, IGemmVector<TVec> where TVec : struct
        => live == TV.Count ? TV.Load(ref c, offset) : TV.LoadPartial(ref c, offset, live);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV, TVec, TW>(TVec v0, TVec v1, ref float c, nint offset, int lastLive)
        where TV : struct, IGemmVector<TVec> where TVec : struct where TW : struct, ITileWidth
    {
        if (TW.Two)
        {
            TV.Store(v0, ref c, offset);
            offset += TV.Count;
            v0 = v1;
        }
        if (lastLive == TV.Count) TV.Store(v0, ref c, offset);
        else TV.StorePartial(v0, ref c, offset, lastLive);
    }
}
