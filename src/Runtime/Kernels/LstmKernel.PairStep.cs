using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// Two samples' steps in one pass over U: each load of a row vector of U feeds both samples' multiply-adds, so a
// sample-step issues half the loads of Step (whose FMAs each carry a load of U, and with the broadcasts of h the loads,
// not the FMAs, bound the step). Each sample's sums run in Step's order (even j into z, odd j into a second accumulator,
// added last), so a sample's bits do not depend on whether it was paired. 16 accumulators + 4 broadcasts: only the 32
// registers of AVX-512 hold them, so pairs run on Vector512 alone.
public static partial class LstmKernel
{
    /// <summary>Whether <see cref="Recur{TV, TVec, TSource}"/> pairs samples (an A/B switch for the benchmarks; results are the same either way).</summary>
    internal static bool PairSamples { get; set; } = true;

    /// <summary>Samples <paramref name="b"/> and <c>b + 1</c> at step <paramref name="s"/>: <see cref="StepPair{TV, TVec}"/>, or each alone when one is masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StepTwoSamples<TV, TVec, TSource>(in Chain chain, int s, int b, int batch, ReadOnlySpan<float> mask)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct where TSource : struct, IProjectionSource
    {
        int t = chain.G.Steps, u = chain.G.Units, ti = chain.G.InputStep(s);
        if (RecurrentKernel.IsMasked(mask, b, t, ti) || RecurrentKernel.IsMasked(mask, b + 1, t, ti))
        {
            StepSample<TV, TVec, TSource>(chain, s, b, batch, mask, default);
            StepSample<TV, TVec, TSource>(chain, s, b + 1, batch, mask, default);
            return;
        }
        nint current = ((nint)s * batch + b) * u, previous = s > 0 ? current - (nint)batch * u : current;
        ref float states = ref MemoryMarshal.GetReference(chain.States);
        ref float cells = ref MemoryMarshal.GetReference(chain.Cells);
        StepPair<TV, TVec>(ref ProjectionRow<TSource>(chain, b, ti), ref ProjectionRow<TSource>(chain, b + 1, ti), ref Unsafe.Add(ref states, previous),
            ref MemoryMarshal.GetReference(chain.RecurrentKernel), ref Unsafe.Add(ref cells, previous), ref Unsafe.Add(ref cells, current),
            ref Unsafe.Add(ref states, current), u, s > 0, storeGates: !TSource.FromTable);
    }

    /// <summary>
    /// <see cref="Step{TV, TVec}"/> for two consecutive samples: <paramref name="previousState"/>, <paramref name="previousCell"/>,
    /// <paramref name="c"/> and <paramref name="h"/> point at the first one's rows, the second's follow (<c>+u</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StepPair<TV, TVec>(ref float z0, ref float z1, ref float previousState, ref float recurrentKernel, ref float previousCell,
        ref float c, ref float h, int u, bool recurrent, bool storeGates)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        nint gu = 4 * u, u1 = u, u2 = 2 * u, u3 = 3 * u;
        ref float p0 = ref previousState, p1 = ref Unsafe.Add(ref previousState, u1);
        for (nint k = 0; k < u; k += TV.Count)
        {
            TVec ai = TV.Load(ref z0, k), af = TV.Load(ref z0, u1 + k), ag = TV.Load(ref z0, u2 + k), ao = TV.Load(ref z0, u3 + k);
            TVec bi = TV.Load(ref z1, k), bf = TV.Load(ref z1, u1 + k), bg = TV.Load(ref z1, u2 + k), bo = TV.Load(ref z1, u3 + k);
            if (recurrent)
            {
                TVec ai2 = TV.Zero, af2 = TV.Zero, ag2 = TV.Zero, ao2 = TV.Zero, bi2 = TV.Zero, bf2 = TV.Zero, bg2 = TV.Zero, bo2 = TV.Zero;
                // u is a multiple of the vector width (16) here, so even: no odd j is left over.
                ref float row = ref Unsafe.Add(ref recurrentKernel, k);
                for (nint j = 0; j < u; j += 2, row = ref Unsafe.Add(ref row, 2 * gu))
                {
                    TVec x0 = TV.Broadcast(Unsafe.Add(ref p0, j)), x1 = TV.Broadcast(Unsafe.Add(ref p1, j));
                    TVec y0 = TV.Broadcast(Unsafe.Add(ref p0, j + 1)), y1 = TV.Broadcast(Unsafe.Add(ref p1, j + 1));
                    TVec w = TV.Load(ref row, 0);
                    ai = TV.MultiplyAdd(x0, w, ai);
                    bi = TV.MultiplyAdd(x1, w, bi);
                    w = TV.Load(ref row, u1);
                    af = TV.MultiplyAdd(x0, w, af);
                    bf = TV.MultiplyAdd(x1, w, bf);
                    w = TV.Load(ref row, u2);
                    ag = TV.MultiplyAdd(x0, w, ag);
                    bg = TV.MultiplyAdd(x1, w, bg);
                    w = TV.Load(ref row, u3);
                    ao = TV.MultiplyAdd(x0, w, ao);
                    bo = TV.MultiplyAdd(x1, w, bo);
                    w = TV.Load(ref row, gu);
                    ai2 = TV.MultiplyAdd(y0, w, ai2);
                    bi2 = TV.MultiplyAdd(y1, w, bi2);
                    w = TV.Load(ref row, gu + u1);
                    af2 = TV.MultiplyAdd(y0, w, af2);
                    bf2 = TV.MultiplyAdd(y1, w, bf2);
                    w = TV.Load(ref row, gu + u2);
                    ag2 = TV.MultiplyAdd(y0, w, ag2);
                    bg2 = TV.MultiplyAdd(y1, w, bg2);
                    w = TV.Load(ref row, gu + u3);
                    ao2 = TV.MultiplyAdd(y0, w, ao2);
                    bo2 = TV.MultiplyAdd(y1, w, bo2);
                }
                ai = TV.Add(ai, ai2);
                af = TV.Add(af, af2);
                ag = TV.Add(ag, ag2);
                ao = TV.Add(ao, ao2);
                bi = TV.Add(bi, bi2);
                bf = TV.Add(bf, bf2);
                bg = TV.Add(bg, bg2);
                bo = TV.Add(bo, bo2);
            }
            Gates<TV, TVec>(ai, af, ag, ao, ref z0, k, u, ref previousCell, ref c, ref h, recurrent, storeGates);
            Gates<TV, TVec>(bi, bf, bg, bo, ref z1, k, u, ref Unsafe.Add(ref previousCell, u1), ref Unsafe.Add(ref c, u1), ref Unsafe.Add(ref h, u1),
                recurrent, storeGates);
        }
    }
}
