using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>LSTM</c> on <c>x[batch, steps, inputs]</c> with <c>kernel[inputs, 4u]</c>, <c>recurrentKernel[u, 4u]</c>,
/// <c>bias[4u]</c>, gates in Keras' order i, f, c, o along the 4u axis; initial h and c are zeros. Per processing step
/// s (reading input step t, the last first with <c>go_backwards</c>):
/// <c>z = x_t·kernel + h·recurrentKernel + bias</c>; <c>i = σ(z_i)</c>, <c>f = σ(z_f)</c>, <c>g = tanh(z_c)</c>,
/// <c>o = σ(z_o)</c>; <c>c = f·c + i·g</c>; <c>h = o·tanh(c)</c> (σ = recurrent_activation, tanh = activation).
/// Forward and backward change together.
/// </summary>
/// <remarks>
/// Workspace (the generated code's tensors): <c>gates[batch, steps, 4u]</c> batch-major, by input step (x·kernel for all
/// steps is one GEMM; then the gate values i, f, g, o); <c>cells</c> and <c>states</c> time-major <c>[steps, batch, u]</c>
/// by processing step; <c>step[batch, 4u]</c> holds h·recurrentKernel for one step. Backward uses regions of the same sizes
/// for the gradients (<c>dGates</c> = dL/dz, <c>dStates</c> = dL/dh, <c>dCells</c> = dL/dc, <c>dStep</c>). Backpropagation
/// through time is exact; every sum runs in a fixed order.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class LstmKernel
{
    /// <summary>
    /// The forward pass; <paramref name="bias"/> may be empty (<c>use_bias=False</c>). At inference after an Embedding,
    /// <paramref name="projectionTable"/> (<see cref="ProjectionTableKernel"/>: <c>E·kernel + bias</c>, one row of 4u per
    /// token id) and the token <paramref name="ids"/> replace the input projection: step t reads row <c>ids[b, t]</c>,
    /// <paramref name="x"/>, <paramref name="kernel"/> and <paramref name="bias"/> are not read, and with the default
    /// activations the gate values are not stored.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> cells, Span<float> states, Span<float> step, Span<float> y, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default,
        ReadOnlySpan<float> projectionTable = default, ReadOnlySpan<float> ids = default, ReadOnlySpan<float> inputMasks = default)
    {
        Check(x, gates, cells, states, step, y, batch, g, mask, projectionTable.IsEmpty);
        GateRecurrentDropout.Check(recurrentMask, maskedStates, batch, g.Units, 4, 2, "LSTM");
        int t = g.Steps, u = g.Units, gu = 4 * u;

        bool fromTable = !projectionTable.IsEmpty;
        if (fromTable) ProjectionTableKernel.CheckIds(ids, projectionTable, batch, t, gu, "LSTM");
        // With dropout and recurrent_dropout, one input mask per gate (Keras' implementation 1); else one GEMM for all gates.
        else if (!inputMasks.IsEmpty) GateInputDropout.Project(x, inputMasks, kernel, bias, gates, batch, g, 4, "LSTM");
        else DenseKernel.Forward(x, kernel, bias, gates, batch * t, g.Inputs, gu);
        // Recurrent dropout masks each gate's product separately, which the fused step (one h·U for all gates) cannot.
        if (HasFusedStep(g) && recurrentMask.IsEmpty)
        {
            RecurrentKernel.CheckLength(recurrentKernel, (long)u * gu, nameof(recurrentKernel), "LSTM");
            // A/B: the rows gathered into the gate rows first (memory-level parallelism), then read from there.
            if (fromTable && GatherTableRows) ProjectionTableKernel.Gather(ids, projectionTable, gates, batch * t, gu);
            var chain = fromTable && GatherTableRows
                ? new Chain(gates, recurrentKernel, cells, states, g)
                : new Chain(gates, recurrentKernel, cells, states, g) { Table = projectionTable, Ids = ids };
            Recur(chain, batch, mask);
            RecurrentKernel.WriteOutput(states, y, batch, g, mask, zeroMaskedOutputs);
            return;
        }
        if (fromTable) ProjectionTableKernel.Gather(ids, projectionTable, gates, batch * t, gu);
        for (int s = 0; s < t; s++)
        {
            int ti = g.InputStep(s);
            if (s > 0)
            {
                ReadOnlySpan<float> previous = states.Slice((s - 1) * batch * u, batch * u);
                if (recurrentMask.IsEmpty) Gemm.Multiply(previous, recurrentKernel, step.Slice(0, batch * gu), batch, u, gu, accumulate: false);
                else
                {
                    // Keras' implementation 1: gate g reads (h·m_g)·U_g, one product per gate.
                    step.Slice(0, batch * gu).Clear();
                    for (int gate = 0; gate < 4; gate++)
                        GateRecurrentDropout.AddProduct(previous, recurrentMask, recurrentKernel, gate, step, maskedStates, batch, u, 4);
                }
            }
            for (int b = 0; b < batch; b++)
            {
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    // A masked step keeps both states (Keras: the state and the output stay the previous step's); its gates
                    // are not computed, since Backward gives them no gradient and reads none of them.
                    RecurrentKernel.KeepPrevious(cells, s, b, batch, u);
                    RecurrentKernel.KeepPrevious(states, s, b, batch, u);
                    continue;
                }
                Cell(gates.Slice((b * t + ti) * gu, gu), s > 0 ? step.Slice(b * gu, gu) : default,
                    s > 0 ? cells.Slice(((s - 1) * batch + b) * u, u) : default, cells.Slice((s * batch + b) * u, u), states.Slice((s * batch + b) * u, u), g);
            }
        }
        RecurrentKernel.WriteOutput(states, y, batch, g, mask, zeroMaskedOutputs);
    }

    private static void Check(ReadOnlySpan<float> x, Span<float> gates, Span<float> cells, Span<float> states, Span<float> step, Span<float> y,
        int batch, in RecurrentGeometry g, ReadOnlySpan<float> mask, bool readsX)
    {
        g.Validate("LSTM");
        RecurrentKernel.CheckMask(mask, batch, g, "LSTM");
        int t = g.Steps, u = g.Units, gu = 4 * u;
        if (readsX) RecurrentKernel.CheckLength(x, (long)batch * t * g.Inputs, nameof(x), "LSTM");
        RecurrentKernel.CheckLength(gates, (long)batch * t * gu, nameof(gates), "LSTM");
        RecurrentKernel.CheckLength(cells, (long)batch * t * u, nameof(cells), "LSTM");
        RecurrentKernel.CheckLength(states, (long)batch * t * u, nameof(states), "LSTM");
        RecurrentKernel.CheckLength(step, (long)batch * gu, nameof(step), "LSTM");
        RecurrentKernel.CheckLength(y, (long)batch * g.OutputSize, nameof(y), "LSTM");
    }

    /// <summary>
    /// One sample's step of <see cref="Forward"/> after the products: <c>z += hU</c> (<paramref name="recurrent"/>; empty
    /// at the first step), the gate values <c>i, f, g, o</c> in place of <c>z[4u]</c>, <c>c = f·c₋₁ + i·g</c>
    /// (<paramref name="previousCell"/>; empty: zeros) and <c>h = o·act(c)</c>.
    /// </summary>
    public static void Cell(Span<float> z, ReadOnlySpan<float> recurrent, ReadOnlySpan<float> previousCell, Span<float> c, Span<float> h, in RecurrentGeometry g)
    {
        int u = g.Units;
        if (HasFusedStep(g))
        {
            CellVectors(z, recurrent, previousCell, c, h, u);
            return;
        }
        if (!recurrent.IsEmpty) Gemm.Axpy(1f, recurrent, z);
        RecurrentKernel.Apply(g.RecurrentActivation, z.Slice(0, 2 * u));   // i, f
        RecurrentKernel.Apply(g.Activation, z.Slice(2 * u, u));             // g
        RecurrentKernel.Apply(g.RecurrentActivation, z.Slice(3 * u, u));    // o
        for (int k = 0; k < u; k++)
        {
            float previous = previousCell.IsEmpty ? 0f : previousCell[k];
            c[k] = z[u + k] * previous + z[k] * z[2 * u + k];
            h[k] = c[k];
        }
        RecurrentKernel.Apply(g.Activation, h);
        for (int k = 0; k < u; k++) h[k] *= z[3 * u + k];
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy</c>: overwrites <paramref name="dKernel"/>, <paramref name="dRecurrentKernel"/>,
    /// <paramref name="dBias"/> (empty without a bias) and <paramref name="dx"/> (empty when the input needs none). The
    /// gradient regions <paramref name="dGates"/>, <paramref name="dStates"/>, <paramref name="dCells"/>, <paramref name="dStep"/>
    /// are work space, the sizes of their forward counterparts. With <c>ReturnState</c>, <paramref name="dFinalState"/> and
    /// <paramref name="dFinalCell"/> are the gradients of the returned h and c (<c>[batch, u]</c>, empty when nothing reads
    /// them); <paramref name="dy"/> is empty when nothing reads the output.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> cells, ReadOnlySpan<float> states, ReadOnlySpan<float> dy,
        Span<float> dGates, Span<float> dStates, Span<float> dCells, Span<float> dStep,
        Span<float> dx, Span<float> dKernel, Span<float> dRecurrentKernel, Span<float> dBias, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default,
        Span<float> dMaskedStates = default, ReadOnlySpan<float> dFinalState = default, ReadOnlySpan<float> dFinalCell = default,
        ReadOnlySpan<float> inputMasks = default)
    {
        g.Validate("LSTM");
        RecurrentKernel.CheckMask(mask, batch, g, "LSTM");
        GateRecurrentDropout.Check(recurrentMask, maskedStates, batch, g.Units, 4, 1, "LSTM");
        GateRecurrentDropout.Check(recurrentMask, dMaskedStates, batch, g.Units, 4, 1, "LSTM");
        int t = g.Steps, u = g.Units, gu = 4 * u;
        RecurrentKernel.CheckLength(dGates, (long)batch * t * gu, nameof(dGates), "LSTM");
        RecurrentKernel.CheckLength(dStates, (long)batch * t * u, nameof(dStates), "LSTM");
        RecurrentKernel.CheckLength(dCells, (long)batch * t * u, nameof(dCells), "LSTM");
        RecurrentKernel.CheckLength(dStep, (long)batch * gu, nameof(dStep), "LSTM");
        if (!dy.IsEmpty) RecurrentKernel.CheckLength(dy, (long)batch * g.OutputSize, nameof(dy), "LSTM");

        RecurrentKernel.SeedStateGradients(dy, dStates, batch, g, mask, zeroMaskedOutputs, dFinalState);
        dRecurrentKernel.Slice(0, u * gu).Clear();
        // Nothing flows into the last cell from a later step; with ReturnState, the final cell state's own gradient does.
        if (dFinalCell.IsEmpty) dCells.Slice((t - 1) * batch * u, batch * u).Clear();
        else dFinalCell.Slice(0, batch * u).CopyTo(dCells.Slice((t - 1) * batch * u, batch * u));
        for (int s = t - 1; s >= 0; s--)
        {
            int ti = g.InputStep(s);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> z = gates.Slice((b * t + ti) * gu, gu);
                ReadOnlySpan<float> c = cells.Slice((s * batch + b) * u, u);
                Span<float> dh = dStates.Slice((s * batch + b) * u, u), dc = dCells.Slice((s * batch + b) * u, u);
                Span<float> dz = dStep.Slice(b * gu, gu);
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    // h_s = h_{s−1}, c_s = c_{s−1}: both gradients pass on whole; the gates get none.
                    RecurrentKernel.PassMaskedGradient(dStates, s, b, batch, u);
                    if (s > 0) dc.CopyTo(dCells.Slice(((s - 1) * batch + b) * u, u));
                    dz.Clear();
                    dGates.Slice((b * t + ti) * gu, gu).Clear();
                    continue;
                }
                for (int k = 0; k < u; k++)
                {
                    float i = z[k], f = z[u + k], gg = z[2 * u + k], o = z[3 * u + k];
                    // h = o·act(c): act(c) = h/o would divide by a gate near 0, so act(c) is recomputed from c.
                    float ac = Activate(g.Activation, c[k]);
                    float dcTotal = dc[k] + dh[k] * o * RecurrentKernel.Derivative(g.Activation, ac);
                    float previous = s > 0 ? cells[((s - 1) * batch + b) * u + k] : 0f;
                    dz[k] = dcTotal * gg * RecurrentKernel.Derivative(g.RecurrentActivation, i);
                    dz[u + k] = dcTotal * previous * RecurrentKernel.Derivative(g.RecurrentActivation, f);
                    dz[2 * u + k] = dcTotal * i * RecurrentKernel.Derivative(g.Activation, gg);
                    dz[3 * u + k] = dh[k] * ac * RecurrentKernel.Derivative(g.RecurrentActivation, o);
                    if (s > 0) dCells[((s - 1) * batch + b) * u + k] = dcTotal * f;
                }
                dz.CopyTo(dGates.Slice((b * t + ti) * gu, gu));
            }
            if (s > 0)
            {
                ReadOnlySpan<float> previous = states.Slice((s - 1) * batch * u, batch * u);
                Span<float> dPrevious = dStates.Slice((s - 1) * batch * u, batch * u);
                if (recurrentMask.IsEmpty)
                {
                    Gemm.MultiplyTransposedB(dStep.Slice(0, batch * gu), recurrentKernel, dPrevious, batch, gu, u, accumulate: true);
                    Gemm.MultiplyTransposedA(previous, dStep.Slice(0, batch * gu), dRecurrentKernel, batch, u, gu, accumulate: true);
                }
                else
                {
                    for (int gate = 0; gate < 4; gate++)
                        GateRecurrentDropout.ProductBackward(previous, recurrentMask, recurrentKernel, gate, dStep, dPrevious, dRecurrentKernel, maskedStates, dMaskedStates, batch, u, 4);
                }
            }
        }
        if (inputMasks.IsEmpty) DenseKernel.Backward(x, kernel, dGates.Slice(0, batch * t * gu), dx, dKernel, dBias, batch * t, g.Inputs, gu);
        else GateInputDropout.Backward(x, inputMasks, kernel, dGates, dx, dKernel, dBias, batch, g, 4, "LSTM");
    }

    /// <summary>One value of <paramref name="f"/>, as <see cref="RecurrentKernel.Apply"/> computes it.</summary>
    private static float Activate(RecurrentActivation f, float v) => f switch
    {
        RecurrentActivation.Tanh => MathF.Tanh(v),
        RecurrentActivation.Sigmoid => 1f / (1f + MathF.Exp(-v)),
        RecurrentActivation.Relu => MathF.Max(v, 0f),
        _ => v,
    };
}
