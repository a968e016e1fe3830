using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// The recurrence of LstmKernel.Forward for Keras' default activations (tanh, sigmoid), one fused pass per sample and
// step: the recurrent product h₋₁·U for one vector of units of each of the four gates, read from U in place (16 KB for
// 32 units: L1), then the gate math on those registers, then the next vector of units. No Gemm dispatch per step, no
// step buffer, no calls for σ and tanh (RecurrentMath). Written once over the vector width and specialised by the JIT.
public static partial class LstmKernel
{
    /// <summary>Whether <see cref="Forward"/> runs the fused step (Keras' default activations).</summary>
    private static bool HasFusedStep(in RecurrentGeometry g) =>
        g.Activation == RecurrentActivation.Tanh && g.RecurrentActivation == RecurrentActivation.Sigmoid;

    /// <summary>
    /// One recurrence for <see cref="Recur"/>: the gate rows (input projection in, gate values out), U, and the time-major
    /// cells and states; at inference from a projection table, the table and the token ids (the gate rows then unused).
    /// </summary>
    private readonly ref struct Chain(Span<float> gates, ReadOnlySpan<float> recurrentKernel, Span<float> cells, Span<float> states, RecurrentGeometry g)
    {
        public readonly Span<float> Gates = gates;
        public readonly ReadOnlySpan<float> RecurrentKernel = recurrentKernel;
        public readonly Span<float> Cells = cells;
        public readonly Span<float> States = states;
        public readonly RecurrentGeometry G = g;
        public ReadOnlySpan<float> Table { get; init; }
        public ReadOnlySpan<float> Ids { get; init; }
    }

    /// <summary>Where a step's input projection is read, a compile-time choice: its gate row (which then receives the gate values), or a table row.</summary>
    private interface IProjectionSource
    {
        static abstract bool FromTable { get; }
    }

    private readonly struct GateRows : IProjectionSource
    {
        public static bool FromTable => false;
    }

    private readonly struct TableRows : IProjectionSource
    {
        public static bool FromTable => true;
    }

    /// <summary>
    /// Every step after the input projection: for each processing step and sample, <see cref="Step{TV, TVec}"/>, then
    /// Keras' masking (a masked step keeps both states). The widest vector that divides the units is used.
    /// </summary>
    /// <remarks>
    /// Running both halves of a Bidirectional(LSTM) side by side in this loop (two independent dependency chains) was
    /// measured (spam-layers, 2026-12-07): 104.2 µs per sample against 49.6 + 51.3 µs for the two calls at batch 1, 97.9
    /// against 45.3 + 47.8 at batch 8, so the step is throughput-bound and the halves stay separate calls.
    /// </remarks>
    private static void Recur(in Chain chain, int batch, ReadOnlySpan<float> mask)
    {
        int u = chain.G.Units;
        if (Vector512.IsHardwareAccelerated && u % Vector512<float>.Count == 0)
            Recur<Gemm.V512, Vector512<float>>(chain, batch, mask);
        else if (Vector256.IsHardwareAccelerated && u % Vector256<float>.Count == 0)
            Recur<Gemm.V256, Vector256<float>>(chain, batch, mask);
        else if (Vector128.IsHardwareAccelerated && u % Vector128<float>.Count == 0)
            Recur<Gemm.V128, Vector128<float>>(chain, batch, mask);
        else
            Recur<Gemm.Scalar, float>(chain, batch, mask);
    }

    private static void Recur<TV, TVec>(in Chain chain, int batch, ReadOnlySpan<float> mask)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        if (chain.Table.IsEmpty) Recur<TV, TVec, GateRows>(chain, batch, mask);
        else Recur<TV, TVec, TableRows>(chain, batch, mask);
    }

    private static void Recur<TV, TVec, TSource>(in Chain chain, int batch, ReadOnlySpan<float> mask)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct where TSource : struct, IProjectionSource
    {
        for (int s = 0; s < chain.G.Steps; s++)
        {
            bool prefetch = TSource.FromTable && PrefetchTableRows && s + 1 < chain.G.Steps;
            for (int b = 0; b < batch; b++)
            {
                if (prefetch) PrefetchRow(chain, s + 1, b);
                StepSample<TV, TVec, TSource>(chain, s, b, batch, mask);
            }
        }
    }

    /// <summary>
    /// Sample <paramref name="b"/>'s processing step <paramref name="s"/> of <paramref name="chain"/>: <see cref="Step{TV, TVec}"/>,
    /// or, at a masked step, Keras' masking alone (both states kept; the gates are not computed: nothing reads them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StepSample<TV, TVec, TSource>(in Chain chain, int s, int b, int batch, ReadOnlySpan<float> mask)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct where TSource : struct, IProjectionSource
    {
        int t = chain.G.Steps, u = chain.G.Units, ti = chain.G.InputStep(s);
        if (RecurrentKernel.IsMasked(mask, b, t, ti))
        {
            RecurrentKernel.KeepPrevious(chain.Cells, s, b, batch, u);
            RecurrentKernel.KeepPrevious(chain.States, s, b, batch, u);
            return;
        }
        // At the first step h₋₁ and c₋₁ are zeros: nothing is read through the previous-step references (then the current rows).
        nint current = ((nint)s * batch + b) * u, previous = s > 0 ? current - (nint)batch * u : current;
        ref float states = ref MemoryMarshal.GetReference(chain.States);
        ref float cells = ref MemoryMarshal.GetReference(chain.Cells);
        Step<TV, TVec>(ref ProjectionRow<TSource>(chain, b, ti), ref Unsafe.Add(ref states, previous), ref MemoryMarshal.GetReference(chain.RecurrentKernel),
            ref Unsafe.Add(ref cells, previous), ref Unsafe.Add(ref cells, current), ref Unsafe.Add(ref states, current), u, s > 0, storeGates: !TSource.FromTable);
    }

    /// <summary>Sample <paramref name="b"/>'s input projection at input step <paramref name="ti"/>: its gate row, or its token's table row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref float ProjectionRow<TSource>(in Chain chain, int b, int ti) where TSource : struct, IProjectionSource
    {
        int t = chain.G.Steps;
        nint gu = 4 * chain.G.Units;
        return ref TSource.FromTable
            ? ref Unsafe.Add(ref MemoryMarshal.GetReference(chain.Table), (int)chain.Ids[b * t + ti] * gu)
            : ref Unsafe.Add(ref MemoryMarshal.GetReference(chain.Gates), ((nint)b * t + ti) * gu);
    }

    /// <summary>
    /// One sample's step: <c>z[4u]</c> holds <c>x_t·W + b</c> and receives the gate values (when <paramref name="storeGates"/>;
    /// a projection table's row is only read). For each vector of units
    /// <c>k…k+w</c>: <c>z_q += Σ_j h₋₁[j]·U[j, q·u + k…]</c> for the gates q = i, f, c, o (when <paramref name="recurrent"/>;
    /// the sum runs over even <c>j</c> in order into z and over odd <c>j</c> in order into a second accumulator, added
    /// last: eight independent chains), then <see cref="Gates{TV, TVec}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TV, TVec>(ref float z, ref float previousState, ref float recurrentKernel, ref float previousCell, ref float c, ref float h,
        int u, bool recurrent, bool storeGates)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        nint gu = 4 * u, u1 = u, u2 = 2 * u, u3 = 3 * u;
        for (nint k = 0; k < u; k += TV.Count)
        {
            TVec zi = TV.Load(ref z, k), zf = TV.Load(ref z, u1 + k), zg = TV.Load(ref z, u2 + k), zo = TV.Load(ref z, u3 + k);
            if (recurrent)
            {
                TVec oi = TV.Zero, of = TV.Zero, og = TV.Zero, oo = TV.Zero;
                ref float row = ref Unsafe.Add(ref recurrentKernel, k);
                nint j = 0;
                for (; j + 1 < u; j += 2, row = ref Unsafe.Add(ref row, 2 * gu))
                {
                    TVec a = TV.Broadcast(Unsafe.Add(ref previousState, j)), e = TV.Broadcast(Unsafe.Add(ref previousState, j + 1));
                    zi = TV.MultiplyAdd(a, TV.Load(ref row, 0), zi);
                    zf = TV.MultiplyAdd(a, TV.Load(ref row, u1), zf);
                    zg = TV.MultiplyAdd(a, TV.Load(ref row, u2), zg);
                    zo = TV.MultiplyAdd(a, TV.Load(ref row, u3), zo);
                    oi = TV.MultiplyAdd(e, TV.Load(ref row, gu), oi);
                    of = TV.MultiplyAdd(e, TV.Load(ref row, gu + u1), of);
                    og = TV.MultiplyAdd(e, TV.Load(ref row, gu + u2), og);
                    oo = TV.MultiplyAdd(e, TV.Load(ref row, gu + u3), oo);
                }
                if (j < u)
                {
                    TVec a = TV.Broadcast(Unsafe.Add(ref previousState, j));
                    zi = TV.MultiplyAdd(a, TV.Load(ref row, 0), zi);
                    zf = TV.MultiplyAdd(a, TV.Load(ref row, u1), zf);
                    zg = TV.MultiplyAdd(a, TV.Load(ref row, u2), zg);
                    zo = TV.MultiplyAdd(a, TV.Load(ref row, u3), zo);
                }
                zi = TV.Add(zi, oi);
                zf = TV.Add(zf, of);
                zg = TV.Add(zg, og);
                zo = TV.Add(zo, oo);
            }
            Gates<TV, TVec>(zi, zf, zg, zo, ref z, k, u, ref previousCell, ref c, ref h, recurrent, storeGates);
        }
    }

    /// <summary>
    /// The gate math of one vector of units <c>k…</c>: <c>i = σ(z_i)</c>, <c>f = σ(z_f)</c>, <c>g = tanh(z_c)</c>,
    /// <c>o = σ(z_o)</c> stored over z (when <paramref name="storeGates"/>: Backward reads them); <c>c = f·c₋₁ + i·g</c>
    /// (<c>i·g</c> at the first step); <c>h = o·tanh(c)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gates<TV, TVec>(TVec zi, TVec zf, TVec zg, TVec zo, ref float z, nint k, nint u, ref float previousCell, ref float c, ref float h,
        bool hasPrevious, bool storeGates = true)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        TVec i = RecurrentMath.Sigmoid<TV, TVec>(zi), f = RecurrentMath.Sigmoid<TV, TVec>(zf);
        TVec gg = RecurrentMath.Tanh<TV, TVec>(zg), o = RecurrentMath.Sigmoid<TV, TVec>(zo);
        if (storeGates)
        {
            TV.Store(i, ref z, k);
            TV.Store(f, ref z, u + k);
            TV.Store(gg, ref z, 2 * u + k);
            TV.Store(o, ref z, 3 * u + k);
        }
        TVec cell = TV.Multiply(i, gg);
        if (hasPrevious) cell = TV.MultiplyAdd(f, TV.Load(ref previousCell, k), cell);
        TV.Store(cell, ref c, k);
        TV.Store(TV.Multiply(o, RecurrentMath.Tanh<TV, TVec>(cell)), ref h, k);
    }

    /// <summary><see cref="Cell"/> for the default activations: <c>z += hU</c> (when given), then <see cref="Gates{TV, TVec}"/>.</summary>
    private static void CellVectors(Span<float> z, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> previousCell, Span<float> c, Span<float> h, int u)
    {
        bool hasRecurrent = !recurrent.IsEmpty, hasPrevious = !previousCell.IsEmpty;
        if (z.Length < 4 * u || (hasRecurrent && recurrent.Length < 4 * u) || (hasPrevious && previousCell.Length < u) || c.Length < u || h.Length < u)
            throw new ArgumentException($"LSTM: expected z (and h·U) of 4·{u} floats and c₋₁, c, h of {u}, but received {z.Length}, {recurrent.Length}, {previousCell.Length}, {c.Length}, {h.Length}.");
        if (Vector512.IsHardwareAccelerated && u % Vector512<float>.Count == 0) CellVectors<Gemm.V512, Vector512<float>>(z, recurrent, previousCell, c, h, u);
        else if (Vector256.IsHardwareAccelerated && u % Vector256<float>.Count == 0) CellVectors<Gemm.V256, Vector256<float>>(z, recurrent, previousCell, c, h, u);
        else if (Vector128.IsHardwareAccelerated && u % Vector128<float>.Count == 0) CellVectors<Gemm.V128, Vector128<float>>(z, recurrent, previousCell, c, h, u);
        else CellVectors<Gemm.Scalar, float>(z, recurrent, previousCell, c, h, u);
    }

    private static void CellVectors<TV, TVec>(Span<float> z, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> previousCell, Span<float> c, Span<float> h, int u)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float rr = ref MemoryMarshal.GetReference(recurrent);
        bool hasRecurrent = !recurrent.IsEmpty;
        nint u1 = u, u2 = 2 * u, u3 = 3 * u;
        for (nint k = 0; k < u; k += TV.Count)
        {
            TVec zi = TV.Load(ref zr, k), zf = TV.Load(ref zr, u1 + k), zg = TV.Load(ref zr, u2 + k), zo = TV.Load(ref zr, u3 + k);
            if (hasRecurrent)
            {
                zi = TV.Add(zi, TV.Load(ref rr, k));
                zf = TV.Add(zf, TV.Load(ref rr, u1 + k));
                zg = TV.Add(zg, TV.Load(ref rr, u2 + k));
                zo = TV.Add(zo, TV.Load(ref rr, u3 + k));
            }
            Gates<TV, TVec>(zi, zf, zg, zo, ref zr, k, u, ref MemoryMarshal.GetReference(previousCell), ref MemoryMarshal.GetReference(c),
                ref MemoryMarshal.GetReference(h), !previousCell.IsEmpty);
        }
    }
}

