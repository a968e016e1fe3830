using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>GRU</c> on <c>x[batch, steps, inputs]</c> with <c>kernel[inputs, 3u]</c>, <c>recurrentKernel[u, 3u]</c>, gates
/// in Keras' order z, r, h; initial h zeros. With <c>reset_after=True</c> (Keras' default) <c>bias[2, 3u]</c> is the input
/// bias then the recurrent bias: <c>m_x = x_t·kernel + b_in</c>, <c>m_h = h·recurrentKernel + b_rec</c>,
/// <c>z = σ(m_x,z + m_h,z)</c>, <c>r = σ(m_x,r + m_h,r)</c>, <c>ĥ = tanh(m_x,h + r·m_h,h)</c>. With <c>reset_after=False</c>
/// <c>bias[3u]</c> is on the input side only and <c>ĥ = tanh(m_x,h + (r·h)·recurrentKernel_h)</c>. Both:
/// <c>h = z·h_prev + (1 − z)·ĥ</c> (σ = recurrent_activation, tanh = activation). Forward and backward change together.
/// </summary>
/// <remarks>
/// Workspace: <c>gates[batch, steps, 3u]</c> batch-major by input step (m_x for all steps in one GEMM, then z, r, ĥ);
/// <c>states</c> and <c>candidates</c> time-major <c>[steps, batch, u]</c> by processing step — a candidate is m_h,h
/// (reset_after) or r·h_prev (reset_before), whichever the gradient of the reset gate needs; <c>step[batch, 7u]</c> per
/// step products. The gradient regions of the same sizes are the backward pass's work space.
/// <para>
/// Keras' <c>recurrent_dropout</c> (training only; keras/src/layers/rnn/gru.py, which then runs its "implementation 1"):
/// <c>recurrentMask[batch, 3u]</c> holds one mask per gate (z, r, h) over the units of each sample, drawn once per
/// sequence; gate g's recurrent product reads <c>h_prev·m_g</c>: <c>m_h,g = (h_prev·m_g)·R_g</c> (+ b_rec,g with
/// reset_after), and without reset_after the candidate is <c>(r·h_prev·m_h)·R_h</c>. The update
/// <c>h = z·h_prev + (1 − z)·ĥ</c> keeps the unmasked state, as Keras does. <c>maskedStates</c> (forward) and
/// <c>dMaskedStates</c> (backward) are <c>2·batch·u</c> floats of work space.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class GruKernel
{
    /// <summary>Floats per sample of the step buffer: two <c>[3u]</c> products and one <c>[u]</c> row.</summary>
    public static int StepSize(int units) => 7 * units;

    /// <summary>
    /// The forward pass; <paramref name="bias"/> may be empty (<c>use_bias=False</c>). At inference after an Embedding,
    /// <paramref name="projectionTable"/> (<see cref="ProjectionTableKernel"/>: <c>E·kernel + b_in</c>, one row of 3u per
    /// token id) and the token <paramref name="ids"/> replace the input projection (<paramref name="x"/> and
    /// <paramref name="kernel"/> are not read; the recurrent bias still is).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> candidates, Span<float> states, Span<float> step, Span<float> y, int batch, in RecurrentGeometry g, bool resetAfter,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default,
        ReadOnlySpan<float> projectionTable = default, ReadOnlySpan<float> ids = default, ReadOnlySpan<float> inputMasks = default)
    {
        g.Validate("GRU");
        RecurrentKernel.CheckMask(mask, batch, g, "GRU");
        GateRecurrentDropout.Check(recurrentMask, maskedStates, batch, g.Units, 3, 2, "GRU");
        bool dropped = !recurrentMask.IsEmpty;
        int t = g.Steps, u = g.Units, gu = 3 * u;
        bool fromTable = !projectionTable.IsEmpty;
        if (!fromTable) RecurrentKernel.CheckLength(x, (long)batch * t * g.Inputs, nameof(x), "GRU");
        RecurrentKernel.CheckLength(gates, (long)batch * t * gu, nameof(gates), "GRU");
        RecurrentKernel.CheckLength(candidates, (long)batch * t * u, nameof(candidates), "GRU");
        RecurrentKernel.CheckLength(states, (long)batch * t * u, nameof(states), "GRU");
        RecurrentKernel.CheckLength(step, (long)batch * StepSize(u), nameof(step), "GRU");
        RecurrentKernel.CheckLength(y, (long)batch * g.OutputSize, nameof(y), "GRU");

        bool hasBias = !bias.IsEmpty;
        ReadOnlySpan<float> inputBias = hasBias ? bias.Slice(0, gu) : default;
        ReadOnlySpan<float> recurrentBias = hasBias && resetAfter ? bias.Slice(gu, gu) : default;
        Span<float> a = step.Slice(0, batch * gu), a2 = step.Slice(batch * gu, batch * gu);
        if (fromTable) ProjectionTableKernel.CheckIds(ids, projectionTable, batch, t, gu, "GRU");
        // With dropout and recurrent_dropout, one input mask per gate (Keras' implementation 1); else one GEMM for all gates.
        else if (!inputMasks.IsEmpty) GateInputDropout.Project(x, inputMasks, kernel, inputBias, gates, batch, g, 3, "GRU");
        else DenseKernel.Forward(x, kernel, inputBias, gates, batch * t, g.Inputs, gu);
        if (HasFusedStep(g, resetAfter, dropped))
        {
            RecurrentKernel.CheckLength(recurrentKernel, (long)u * gu, nameof(recurrentKernel), "GRU");
            Recur(gates, projectionTable, ids, recurrentKernel, recurrentBias, candidates, states, batch, g, mask);
            RecurrentKernel.WriteOutput(states, y, batch, g, mask, zeroMaskedOutputs);
            return;
        }
        if (fromTable) ProjectionTableKernel.Gather(ids, projectionTable, gates, batch * t, gu);
        for (int s = 0; s < t; s++)
        {
            int ti = g.InputStep(s);
            ReadOnlySpan<float> previous = s > 0 ? states.Slice((s - 1) * batch * u, batch * u) : default;
            Span<float> candidate = candidates.Slice(s * batch * u, batch * u);
            // a = h_prev·recurrentKernel (+ the recurrent bias with reset_after); zero at the first step.
            // With recurrent dropout each gate's block reads h_prev·m_g instead (a product per gate).
            if (resetAfter && hasBias)
            {
                for (int b = 0; b < batch; b++) recurrentBias.CopyTo(a.Slice(b * gu, gu));
                if (s > 0 && !dropped) Gemm.Multiply(previous, recurrentKernel, a, batch, u, gu, accumulate: true);
            }
            else if (s > 0 && !dropped) Gemm.Multiply(previous, recurrentKernel, a, batch, u, gu, accumulate: false);
            else a.Clear();
            if (s > 0 && dropped)
            {
                for (int gate = 0; gate < (resetAfter ? 3 : 2); gate++)
                    GateRecurrentDropout.AddProduct(previous, recurrentMask, recurrentKernel, gate, a, maskedStates, batch, u, 3);
            }

            for (int b = 0; b < batch; b++)
            {
                Span<float> m = gates.Slice((b * t + ti) * gu, gu);
                ReadOnlySpan<float> ab = a.Slice(b * gu, gu);
                for (int k = 0; k < 2 * u; k++) m[k] += ab[k];
                RecurrentKernel.Apply(g.RecurrentActivation, m.Slice(0, 2 * u));     // z, r
                Span<float> cb = candidate.Slice(b * u, u);
                for (int k = 0; k < u; k++)
                {
                    float hPrevious = s > 0 ? previous[b * u + k] : 0f;
                    // Reset-before reads the h gate's masked state: r·(h_prev·m_h).
                    float hMasked = dropped ? hPrevious * recurrentMask[b * gu + 2 * u + k] : hPrevious;
                    cb[k] = resetAfter ? ab[2 * u + k] : m[u + k] * hMasked;
                    if (resetAfter) m[2 * u + k] += m[u + k] * ab[2 * u + k];
                }
            }
            if (!resetAfter && s > 0) Gemm.Multiply(candidate, recurrentKernel, a2, batch, u, gu, accumulate: false);
            for (int b = 0; b < batch; b++)
            {
                Span<float> m = gates.Slice((b * t + ti) * gu, gu);
                if (!resetAfter && s > 0) for (int k = 0; k < u; k++) m[2 * u + k] += a2[b * gu + 2 * u + k];
                RecurrentKernel.Apply(g.Activation, m.Slice(2 * u, u));                // ĥ
                Span<float> h = states.Slice((s * batch + b) * u, u);
                for (int k = 0; k < u; k++)
                {
                    float hPrevious = s > 0 ? previous[b * u + k] : 0f, z = m[k];
                    h[k] = z * hPrevious + (1f - z) * m[2 * u + k];
                }
                if (RecurrentKernel.IsMasked(mask, b, t, ti)) RecurrentKernel.KeepPrevious(states, s, b, batch, u);
            }
        }
        RecurrentKernel.WriteOutput(states, y, batch, g, mask, zeroMaskedOutputs);
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy</c>: overwrites <paramref name="dKernel"/>, <paramref name="dRecurrentKernel"/>,
    /// <paramref name="dBias"/> (empty without a bias; <c>[2, 3u]</c> with reset_after) and <paramref name="dx"/> (empty
    /// when the input needs none). <paramref name="dGates"/>, <paramref name="dStates"/>, <paramref name="dStep"/> are work space.
    /// With <c>ReturnState</c>, <paramref name="dFinalState"/> is the returned h's gradient (<c>[batch, u]</c>, empty when
    /// nothing reads it); <paramref name="dy"/> is empty when nothing reads the output.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> candidates, ReadOnlySpan<float> states, ReadOnlySpan<float> dy,
        Span<float> dGates, Span<float> dStates, Span<float> dStep,
        Span<float> dx, Span<float> dKernel, Span<float> dRecurrentKernel, Span<float> dBias, int batch, in RecurrentGeometry g, bool resetAfter,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default,
        Span<float> dMaskedStates = default, ReadOnlySpan<float> dFinalState = default, ReadOnlySpan<float> inputMasks = default)
    {
        g.Validate("GRU");
        RecurrentKernel.CheckMask(mask, batch, g, "GRU");
        GateRecurrentDropout.Check(recurrentMask, maskedStates, batch, g.Units, 3, 1, "GRU");
        GateRecurrentDropout.Check(recurrentMask, dMaskedStates, batch, g.Units, 3, 1, "GRU");
        bool dropped = !recurrentMask.IsEmpty;
        int t = g.Steps, u = g.Units, gu = 3 * u;
        RecurrentKernel.CheckLength(dGates, (long)batch * t * gu, nameof(dGates), "GRU");
        RecurrentKernel.CheckLength(dStates, (long)batch * t * u, nameof(dStates), "GRU");
        RecurrentKernel.CheckLength(dStep, (long)batch * StepSize(u), nameof(dStep), "GRU");
        if (!dy.IsEmpty) RecurrentKernel.CheckLength(dy, (long)batch * g.OutputSize, nameof(dy), "GRU");

        bool hasBias = !dBias.IsEmpty;
        Span<float> dRecurrentBias = hasBias && resetAfter ? dBias.Slice(gu, gu) : default;
        if (hasBias && resetAfter) dRecurrentBias.Clear();
        Span<float> da = dStep.Slice(0, batch * gu), dc = dStep.Slice(batch * gu, batch * gu), q = dStep.Slice(2 * batch * gu, batch * u);
        RecurrentKernel.SeedStateGradients(dy, dStates, batch, g, mask, zeroMaskedOutputs, dFinalState);
        dRecurrentKernel.Slice(0, u * gu).Clear();
        for (int s = t - 1; s >= 0; s--)
        {
            int ti = g.InputStep(s);
            ReadOnlySpan<float> previous = s > 0 ? states.Slice((s - 1) * batch * u, batch * u) : default;
            ReadOnlySpan<float> candidate = candidates.Slice(s * batch * u, batch * u);
            Span<float> dPrevious = s > 0 ? dStates.Slice((s - 1) * batch * u, batch * u) : default;
            // da = dL/d(h_prev·R + b_rec) for the z and r columns (and the ĥ column with reset_after); dc = dL/d((r·h)·R), ĥ column only.
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> m = gates.Slice((b * t + ti) * gu, gu), dh = dStates.Slice((s * batch + b) * u, u);
                Span<float> dm = dGates.Slice((b * t + ti) * gu, gu), dab = da.Slice(b * gu, gu), dcb = dc.Slice(b * gu, gu);
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    // h_s = h_{s−1}: dh passes on whole; the gates (and, through da and dc, R and h_{s−1}) get nothing from this step.
                    RecurrentKernel.PassMaskedGradient(dStates, s, b, batch, u);
                    dm.Clear();
                    dab.Clear();
                    dcb.Clear();
                    continue;
                }
                for (int k = 0; k < u; k++)
                {
                    float hPrevious = s > 0 ? previous[b * u + k] : 0f, z = m[k], r = m[u + k], candidateH = m[2 * u + k];
                    float dz = dh[k] * (hPrevious - candidateH) * RecurrentKernel.Derivative(g.RecurrentActivation, z);
                    float dCandidate = dh[k] * (1f - z) * RecurrentKernel.Derivative(g.Activation, candidateH);
                    dm[k] = dab[k] = dz;
                    dm[2 * u + k] = dCandidate;
                    if (resetAfter)
                    {
                        float dr = dCandidate * candidate[b * u + k] * RecurrentKernel.Derivative(g.RecurrentActivation, r);
                        dm[u + k] = dab[u + k] = dr;
                        dab[2 * u + k] = dCandidate * r;
                    }
                    else
                    {
                        dab[u + k] = dab[2 * u + k] = 0f;
                        dcb[k] = dcb[u + k] = 0f;
                        dcb[2 * u + k] = dCandidate;
                        dm[u + k] = 0f;   // set below, once dL/d(r·h) is known
                    }
                    if (s > 0) dPrevious[b * u + k] += dh[k] * z;
                }
            }
            if (!resetAfter && s > 0)
            {
                // q = dL/d(r·h_prev) = dc·Rᵀ; then dr = q·h_prev and h_prev gets q·r.
                Gemm.MultiplyTransposedB(dc, recurrentKernel, q, batch, gu, u, accumulate: false);
                for (int b = 0; b < batch; b++)
                {
                    ReadOnlySpan<float> m = gates.Slice((b * t + ti) * gu, gu);
                    Span<float> dm = dGates.Slice((b * t + ti) * gu, gu);
                    for (int k = 0; k < u; k++)
                    {
                        // The candidate read r·(h_prev·m_h): its mask scales both shares.
                        float r = m[u + k], qk = q[b * u + k], keep = dropped ? recurrentMask[b * gu + 2 * u + k] : 1f;
                        dm[u + k] = da[b * gu + u + k] = qk * previous[b * u + k] * keep * RecurrentKernel.Derivative(g.RecurrentActivation, r);
                        dPrevious[b * u + k] += qk * r * keep;
                    }
                }
                Gemm.MultiplyTransposedA(candidate, dc, dRecurrentKernel, batch, u, gu, accumulate: true);
            }
            if (s > 0 && !dropped)
            {
                Gemm.MultiplyTransposedB(da, recurrentKernel, dPrevious, batch, gu, u, accumulate: true);
                Gemm.MultiplyTransposedA(previous, da, dRecurrentKernel, batch, u, gu, accumulate: true);
            }
            else if (s > 0)
            {
                for (int gate = 0; gate < (resetAfter ? 3 : 2); gate++)
                    GateRecurrentDropout.ProductBackward(previous, recurrentMask, recurrentKernel, gate, da, dPrevious, dRecurrentKernel, maskedStates, dMaskedStates, batch, u, 3);
            }
            if (hasBias && resetAfter) for (int b = 0; b < batch; b++) Gemm.Axpy(1f, da.Slice(b * gu, gu), dRecurrentBias);
        }
        Span<float> dInputBias = hasBias ? dBias.Slice(0, gu) : default;
        if (inputMasks.IsEmpty) DenseKernel.Backward(x, kernel, dGates.Slice(0, batch * t * gu), dx, dKernel, dInputBias, batch * t, g.Inputs, gu);
        else GateInputDropout.Backward(x, inputMasks, kernel, dGates, dx, dKernel, dInputBias, batch, g, 3, "GRU");
    }
}
