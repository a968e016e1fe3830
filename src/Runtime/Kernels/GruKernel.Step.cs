using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GenNet.Kernels;

// The recurrence of GruKernel.Forward for Keras' defaults (reset_after=True, tanh, sigmoid) without recurrent dropout,
// one fused pass per sample and step as LstmKernel's: h₋₁·U for one vector of units of each of the three gates read from
// U in place, then the gate math on those registers (RecurrentMath's σ and tanh). No Gemm dispatch, no step buffer.
public static partial class GruKernel
{
    /// <summary>Whether <see cref="Forward"/> runs the fused step.</summary>
    private static bool HasFusedStep(in RecurrentGeometry g, bool resetAfter, bool dropped) =>
        resetAfter && !dropped && g.Activation == RecurrentActivation.Tanh && g.RecurrentActivation == RecurrentActivation.Sigmoid;

    /// <summary>
    /// Every step after the input projection (<paramref name="gates"/> holds <c>x·W + b_in</c>, or at inference the rows of
    /// <paramref name="table"/> named by <paramref name="ids"/> do, and the gate values are not stored): for each processing
    /// step and sample, <see cref="Step{TV, TVec}"/>, or at a masked step Keras' masking alone (the state kept; nothing reads
    /// that step's gates or candidate). The widest vector that divides the units is used.
    /// </summary>
    private static void Recur(Span<float> gates, ReadOnlySpan<float> table, ReadOnlySpan<float> ids, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> recurrentBias, Span<float> candidates, Span<float> states, int batch, in RecurrentGeometry g, ReadOnlySpan<float> mask)
    {
        int u = g.Units;
        if (Vector512.IsHardwareAccelerated && u % Vector512<float>.Count == 0)
            Recur<Gemm.V512, Vector512<float>>(gates, table, ids, recurrentKernel, recurrentBias, candidates, states, batch, g, mask);
        else if (Vector256.IsHardwareAccelerated && u % Vector256<float>.Count == 0)
            Recur<Gemm.V256, Vector256<float>>(gates, table, ids, recurrentKernel, recurrentBias, candidates, states, batch, g, mask);
        else if (Vector128.IsHardwareAccelerated && u % Vector128<float>.Count == 0)
            Recur<Gemm.V128, Vector128<float>>(gates, table, ids, recurrentKernel, recurrentBias, candidates, states, batch, g, mask);
        else
            Recur<Gemm.Scalar, float>(gates, table, ids, recurrentKernel, recurrentBias, candidates, states, batch, g, mask);
    }

    private static void Recur<TV, TVec>(Span<float> gates, ReadOnlySpan<float> table, ReadOnlySpan<float> ids, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> recurrentBias, Span<float> candidates, Span<float> states, int batch, in RecurrentGeometry g, ReadOnlySpan<float> mask)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        int t = g.Steps, u = g.Units, gu = 3 * u;
        ref float r = ref MemoryMarshal.GetReference(recurrentKernel);
        ref float rb = ref MemoryMarshal.GetReference(recurrentBias);
        ref float m0 = ref MemoryMarshal.GetReference(gates);
        ref float t0 = ref MemoryMarshal.GetReference(table);
        ref float c0 = ref MemoryMarshal.GetReference(candidates);
        ref float h0 = ref MemoryMarshal.GetReference(states);
        bool hasBias = !recurrentBias.IsEmpty, fromTable = !table.IsEmpty;
        for (int s = 0; s < t; s++)
        {
            int ti = g.InputStep(s);
            for (int b = 0; b < batch; b++)
            {
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    RecurrentKernel.KeepPrevious(states, s, b, batch, u);
                    continue;
                }
                // At the first step h₋₁ is zeros: nothing is read through the previous-step reference (then the current row).
                nint current = ((nint)s * batch + b) * u, previous = s > 0 ? current - (nint)batch * u : current;
                ref float m = ref fromTable ? ref Unsafe.Add(ref t0, (nint)(int)ids[b * t + ti] * gu) : ref Unsafe.Add(ref m0, ((nint)b * t + ti) * gu);
                Step<TV, TVec>(ref m, ref Unsafe.Add(ref h0, previous), ref r, ref rb, hasBias,
                    ref Unsafe.Add(ref c0, current), ref Unsafe.Add(ref h0, current), u, s > 0, storeGates: !fromTable);
            }
        }
    }

    /// <summary>
    /// One sample's step: <c>m[3u]</c> holds <c>x_t·W + b_in</c> and receives z, r, ĥ (when <paramref name="storeGates"/>). For each vector of units <c>k…</c>:
    /// <c>a_q = b_rec,q + Σ_j h₋₁[j]·U[j, q·u + k…]</c> for q = z, r, h (even <c>j</c> in order into one accumulator, odd
    /// <c>j</c> into a second, added last; zero products at the first step), <c>z = σ(m_z + a_z)</c>,
    /// <c>r = σ(m_r + a_r)</c>, candidate <c>= a_h</c>, <c>ĥ = tanh(m_h + r·a_h)</c>, <c>h = z·h₋₁ + (1 − z)·ĥ</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TV, TVec>(ref float m, ref float previousState, ref float recurrentKernel, ref float recurrentBias, bool hasBias,
        ref float candidate, ref float h, int u, bool recurrent, bool storeGates)
        where TV : struct, Gemm.IGemmVector<TVec>, IRecurrentVector<TVec> where TVec : struct
    {
        nint gu = 3 * u, u1 = u, u2 = 2 * u;
        for (nint k = 0; k < u; k += TV.Count)
        {
            TVec az = hasBias ? TV.Load(ref recurrentBias, k) : TV.Zero;
            TVec ar = hasBias ? TV.Load(ref recurrentBias, u1 + k) : TV.Zero;
            TVec ah = hasBias ? TV.Load(ref recurrentBias, u2 + k) : TV.Zero;
            TVec hPrevious = TV.Zero;
            if (recurrent)
            {
                TVec oz = TV.Zero, or = TV.Zero, oh = TV.Zero;
                ref float row = ref Unsafe.Add(ref recurrentKernel, k);
                nint j = 0;
                for (; j + 1 < u; j += 2, row = ref Unsafe.Add(ref row, 2 * gu))
                {
                    TVec a = TV.Broadcast(Unsafe.Add(ref previousState, j)), e = TV.Broadcast(Unsafe.Add(ref previousState, j + 1));
                    az = TV.MultiplyAdd(a, TV.Load(ref row, 0), az);
                    ar = TV.MultiplyAdd(a, TV.Load(ref row, u1), ar);
                    ah = TV.MultiplyAdd(a, TV.Load(ref row, u2), ah);
                    oz = TV.MultiplyAdd(e, TV.Load(ref row, gu), oz);
                    or = TV.MultiplyAdd(e, TV.Load(ref row, gu + u1), or);
                    oh = TV.MultiplyAdd(e, TV.Load(ref row, gu + u2), oh);
                }
                if (j < u)
                {
                    TVec a = TV.Broadcast(Unsafe.Add(ref previousState, j));
                    az = TV.MultiplyAdd(a, TV.Load(ref row, 0), az);
                    ar = TV.MultiplyAdd(a, TV.Load(ref row, u1), ar);
                    ah = TV.MultiplyAdd(a, TV.Load(ref row, u2), ah);
                }
                az = TV.Add(az, oz);
                ar = TV.Add(ar, or);
                ah = TV.Add(ah, oh);
                hPrevious = TV.Load(ref previousState, k);
            }
            TVec z = RecurrentMath.Sigmoid<TV, TVec>(TV.Add(TV.Load(ref m, k), az));
            TVec reset = RecurrentMath.Sigmoid<TV, TVec>(TV.Add(TV.Load(ref m, u1 + k), ar));
            TVec candidateState = RecurrentMath.Tanh<TV, TVec>(TV.MultiplyAdd(reset, ah, TV.Load(ref m, u2 + k)));
            if (storeGates)
            {
                TV.Store(z, ref m, k);
                TV.Store(reset, ref m, u1 + k);
                TV.Store(candidateState, ref m, u2 + k);
            }
            TV.Store(ah, ref candidate, k);
            TV.Store(TV.MultiplyAdd(z, hPrevious, TV.Multiply(TV.Subtract(TV.Broadcast(1f), z), candidateState)), ref h, k);
        }
    }
}
