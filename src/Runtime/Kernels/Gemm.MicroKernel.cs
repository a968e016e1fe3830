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
    internal interface IGemmVector<TVector> where TVector : struct
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
    internal readonly struct V512 : IGemmVector<Vector512<float>>
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
    internal readonly struct V256 : IGemmVector<Vector256<float>>
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
    internal readonly struct V128 : IGemmVector<Vector128<float>>
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
    internal readonly struct Scalar : IGemmVector<float>
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
    /// <c>C(i, j) (+)= Σ_{p &lt; kc} A(i, p) · B(p, j)</c> on one full tile, <c>i &lt; Rows</c>, <c>j &lt; 2·Count</c>, where
    /// <c>A(i, p) = a[i·rsA + p·csA]</c> (a packed micro-panel has <c>rsA = 1, csA = Rows</c>; an unpacked row-major or
    /// transposed matrix any strides), <c>B(p, j) = b[p·ldb + j]</c>, <c>C(i, j) = c[i·ldc + j]</c>.
    /// <paramref name="load"/> false overwrites <c>c</c>. Every reference must be valid for the whole tile: callers
    /// route edges through zero-padded buffers. The sum runs over <c>p</c> in order, so results are reproducible.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile2<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        nint w = TV.Count;
        bool eight = TV.Rows > 6, six = TV.Rows > 4;
        TVec c00 = TV.Zero, c01 = TV.Zero, c10 = TV.Zero, c11 = TV.Zero, c20 = TV.Zero, c21 = TV.Zero, c30 = TV.Zero, c31 = TV.Zero;
        TVec c40 = TV.Zero, c41 = TV.Zero, c50 = TV.Zero, c51 = TV.Zero, c60 = TV.Zero, c61 = TV.Zero, c70 = TV.Zero, c71 = TV.Zero;
        if (load)
        {
            c00 = TV.Load(ref c, 0); c01 = TV.Load(ref c, w);
            c10 = TV.Load(ref c, ldc); c11 = TV.Load(ref c, ldc + w);
            c20 = TV.Load(ref c, 2 * ldc); c21 = TV.Load(ref c, 2 * ldc + w);
            c30 = TV.Load(ref c, 3 * ldc); c31 = TV.Load(ref c, 3 * ldc + w);
            if (six)
            {
                c40 = TV.Load(ref c, 4 * ldc); c41 = TV.Load(ref c, 4 * ldc + w);
                c50 = TV.Load(ref c, 5 * ldc); c51 = TV.Load(ref c, 5 * ldc + w);
            }
            if (eight)
            {
                c60 = TV.Load(ref c, 6 * ldc); c61 = TV.Load(ref c, 6 * ldc + w);
                c70 = TV.Load(ref c, 7 * ldc); c71 = TV.Load(ref c, 7 * ldc + w);
            }
        }
        ref float ap = ref a;
        ref float bp = ref b;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TV.Load(ref bp, 0), b1 = TV.Load(ref bp, w);
            TVec x = TV.Broadcast(ap);
            c00 = TV.MultiplyAdd(x, b0, c00); c01 = TV.MultiplyAdd(x, b1, c01);
            x = TV.Broadcast(Unsafe.Add(ref ap, rsA));
            c10 = TV.MultiplyAdd(x, b0, c10); c11 = TV.MultiplyAdd(x, b1, c11);
            x = TV.Broadcast(Unsafe.Add(ref ap, 2 * rsA));
            c20 = TV.MultiplyAdd(x, b0, c20); c21 = TV.MultiplyAdd(x, b1, c21);
            x = TV.Broadcast(Unsafe.Add(ref ap, 3 * rsA));
            c30 = TV.MultiplyAdd(x, b0, c30); c31 = TV.MultiplyAdd(x, b1, c31);
            if (six)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 4 * rsA));
                c40 = TV.MultiplyAdd(x, b0, c40); c41 = TV.MultiplyAdd(x, b1, c41);
                x = TV.Broadcast(Unsafe.Add(ref ap, 5 * rsA));
                c50 = TV.MultiplyAdd(x, b0, c50); c51 = TV.MultiplyAdd(x, b1, c51);
            }
            if (eight)
            {
                x = TV.Broadcast(Unsafe.Add(ref ap, 6 * rsA));
                c60 = TV.MultiplyAdd(x, b0, c60); c61 = TV.MultiplyAdd(x, b1, c61);
                x = TV.Broadcast(Unsafe.Add(ref ap, 7 * rsA));
                c70 = TV.MultiplyAdd(x, b0, c70); c71 = TV.MultiplyAdd(x, b1, c71);
            }
            ap = ref Unsafe.Add(ref ap, csA);
            bp = ref Unsafe.Add(ref bp, ldb);
        }
        TV.Store(c00, ref c, 0); TV.Store(c01, ref c, w);
        TV.Store(c10, ref c, ldc); TV.Store(c11, ref c, ldc + w);
        TV.Store(c20, ref c, 2 * ldc); TV.Store(c21, ref c, 2 * ldc + w);
        TV.Store(c30, ref c, 3 * ldc); TV.Store(c31, ref c, 3 * ldc + w);
        if (six)
        {
            TV.Store(c40, ref c, 4 * ldc); TV.Store(c41, ref c, 4 * ldc + w);
            TV.Store(c50, ref c, 5 * ldc); TV.Store(c51, ref c, 5 * ldc + w);
        }
        if (eight)
        {
            TV.Store(c60, ref c, 6 * ldc); TV.Store(c61, ref c, 6 * ldc + w);
            TV.Store(c70, ref c, 7 * ldc); TV.Store(c71, ref c, 7 * ldc + w);
        }
    }

    /// <summary>As <see cref="Tile2{TV, TVec}"/> on a Rows × 1-vector tile: the last narrow column strip (n = 16 filters on AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1<TV, TVec>(ref float a, nint rsA, nint csA, ref float b, nint ldb, ref float c, nint ldc, int kc, bool load)
        where TV : struct, IGemmVector<TVec> where TVec : struct
    {
        bool eight = TV.Rows > 6, six = TV.Rows > 4;
        TVec c0 = TV.Zero, c1 = TV.Zero, c2 = TV.Zero, c3 = TV.Zero, c4 = TV.Zero, c5 = TV.Zero, c6 = TV.Zero, c7 = TV.Zero;
        if (load)
        {
            c0 = TV.Load(ref c, 0); c1 = TV.Load(ref c, ldc); c2 = TV.Load(ref c, 2 * ldc); c3 = TV.Load(ref c, 3 * ldc);
            if (six) { c4 = TV.Load(ref c, 4 * ldc); c5 = TV.Load(ref c, 5 * ldc); }
            if (eight) { c6 = TV.Load(ref c, 6 * ldc); c7 = TV.Load(ref c, 7 * ldc); }
        }
        ref float ap = ref a;
        ref float bp = ref b;
        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TV.Load(ref bp, 0);
            c0 = TV.MultiplyAdd(TV.Broadcast(ap), b0, c0);
            c1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, rsA)), b0, c1);
            c2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 2 * rsA)), b0, c2);
            c3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 3 * rsA)), b0, c3);
            if (six)
            {
                c4 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 4 * rsA)), b0, c4);
                c5 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 5 * rsA)), b0, c5);
            }
            if (eight)
            {
                c6 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 6 * rsA)), b0, c6);
                c7 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref ap, 7 * rsA)), b0, c7);
            }
            ap = ref Unsafe.Add(ref ap, csA);
            bp = ref Unsafe.Add(ref bp, ldb);
        }
        TV.Store(c0, ref c, 0); TV.Store(c1, ref c, ldc); TV.Store(c2, ref c, 2 * ldc); TV.Store(c3, ref c, 3 * ldc);
        if (six) { TV.Store(c4, ref c, 4 * ldc); TV.Store(c5, ref c, 5 * ldc); }
        if (eight) { TV.Store(c6, ref c, 6 * ldc); TV.Store(c7, ref c, 7 * ldc); }
    }
}
