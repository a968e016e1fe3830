using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GenNet.Kernels;

// The shapes a micro-tile can take, as type parameters so the JIT compiles one loop per shape with the unused
// accumulators removed: 1…8 rows (the last rows of a product run as a shorter tile, not as a padded full one) and
// 1 or 2 vectors wide, the last of which may be partial (masked loads and stores of c, so a 100-column product needs no
// copy of its last 4 columns through a scratch tile).
public static partial class Gemm
{
    /// <summary>Vectors across a micro-tile (1 or 2), a compile-time constant for the JIT.</summary>
    internal interface ITileWidth { static abstract bool Two { get; } }
    internal readonly struct OneVector : ITileWidth { public static bool Two => false; }
    internal readonly struct TwoVectors : ITileWidth { public static bool Two => true; }

    internal partial interface IGemmVector<TVector> where TVector : struct
    {
        /// <summary>The first <paramref name="live"/> floats at <c>source[offset]</c>, zeros after; nothing past them is read.</summary>
        static abstract TVector LoadPartial(ref float source, nint offset, int live);

        /// <summary>Writes the first <paramref name="live"/> lanes to <c>destination[offset]</c>; nothing past them is written.</summary>
        static abstract void StorePartial(TVector value, ref float destination, nint offset, int live);
    }

    internal readonly partial struct V512
    {
        public static unsafe Vector512<float> LoadPartial(ref float source, nint offset, int live)
        {
            if (!Avx512F.IsSupported) return Fallback.Load<Vector512<float>>(ref source, offset, live);
            fixed (float* p = &Unsafe.Add(ref source, offset))
                return Avx512F.MaskLoad(p, Mask(live), Vector512<float>.Zero);
        }

        public static unsafe void StorePartial(Vector512<float> value, ref float destination, nint offset, int live)
        {
            if (!Avx512F.IsSupported)
            {
                Fallback.Store(value, ref destination, offset, live);
                return;
            }
            fixed (float* p = &Unsafe.Add(ref destination, offset)) Avx512F.MaskStore(p, Mask(live), value);
        }

        private static Vector512<float> Mask(int live) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(live)).AsSingle();
    }

    internal readonly partial struct V256
    {
        public static unsafe Vector256<float> LoadPartial(ref float source, nint offset, int live)
        {
            if (!Avx.IsSupported) return Fallback.Load<Vector256<float>>(ref source, offset, live);
            fixed (float* p = &Unsafe.Add(ref source, offset)) return Avx.MaskLoad(p, Mask(live));
        }

        public static unsafe void StorePartial(Vector256<float> value, ref float destination, nint offset, int live)
        {
            if (!Avx.IsSupported)
            {
                Fallback.Store(value, ref destination, offset, live);
                return;
            }
            fixed (float* p = &Unsafe.Add(ref destination, offset)) Avx.MaskStore(p, Mask(live), value);
        }

        private static Vector256<float> Mask(int live) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(live)).AsSingle();
    }

    internal readonly partial struct V128
    {
        public static unsafe Vector128<float> LoadPartial(ref float source, nint offset, int live)
        {
            if (!Avx.IsSupported) return Fallback.Load<Vector128<float>>(ref source, offset, live);
            fixed (float* p = &Unsafe.Add(ref source, offset)) return Avx.MaskLoad(p, Mask(live));
        }

        public static unsafe void StorePartial(Vector128<float> value, ref float destination, nint offset, int live)
        {
            if (!Avx.IsSupported)
            {
                Fallback.Store(value, ref destination, offset, live);
                return;
            }
            fixed (float* p = &Unsafe.Add(ref destination, offset)) Avx.MaskStore(p, Mask(live), value);
        }

        private static Vector128<float> Mask(int live) => Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(live)).AsSingle();
    }

    internal readonly partial struct Scalar
    {
        // A one-float vector is never partial (live is 1).
        public static float LoadPartial(ref float source, nint offset, int live) => Unsafe.Add(ref source, offset);
        public static void StorePartial(float value, ref float destination, nint offset, int live) => Unsafe.Add(ref destination, offset) = value;
    }

    /// <summary>Partial loads and stores lane by lane, for machines without masked moves (NEON).</summary>
    private static class Fallback
    {
        public static TVector Load<TVector>(ref float source, nint offset, int live) where TVector : struct
        {
            TVector result = default;
            ref float lanes = ref Unsafe.As<TVector, float>(ref result);
            for (int i = 0; i < live; i++) Unsafe.Add(ref lanes, i) = Unsafe.Add(ref source, offset + i);
            return result;
        }

        public static void Store<TVector>(TVector value, ref float destination, nint offset, int live) where TVector : struct
        {
            ref float lanes = ref Unsafe.As<TVector, float>(ref value);
            for (int i = 0; i < live; i++) Unsafe.Add(ref destination, offset + i) = Unsafe.Add(ref lanes, i);
        }
    }
}
