using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>SimpleRNN</c> on <c>x[batch, steps, inputs]</c> with <c>kernel[inputs, u]</c>, <c>recurrentKernel[u, u]</c>,
/// <c>bias[u]</c>; initial h zeros. Per processing step s (reading input step t, the last first with
/// <c>go_backwards</c>): <c>h = tanh(x_t·kernel + h·recurrentKernel + bias)</c> (tanh = activation). Forward and
/// backward change together.
/// </summary>
/// <remarks>
/// Workspace: <c>gates[batch, steps, u]</c> batch-major by input step (x·kernel for all steps in one GEMM, then h);
/// <c>states[steps, batch, u]</c> time-major by processing step; <c>step[batch, u]</c> holds h·recurrentKernel. The
/// gradient regions of the same sizes are the backward pass's work space.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SimpleRnnKernel
{
    /// <summary>The forward pass; <paramref name="bias"/> may be empty (<c>use_bias=False</c>).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias,
        Span<float> gates, Span<float> states, Span<float> step, Span<float> y, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default)
    {
        g.Validate("SimpleRNN");
        RecurrentKernel.CheckMask(mask, batch, g, "SimpleRNN");
        RecurrentKernel.CheckRecurrentMask(recurrentMask, maskedStates, batch, g.Units, "SimpleRNN");
        int t = g.Steps, u = g.Units;
        RecurrentKernel.CheckLength(x, (long)batch * t * g.Inputs, nameof(x), "SimpleRNN");
        RecurrentKernel.CheckLength(gates, (long)batch * t * u, nameof(gates), "SimpleRNN");
        RecurrentKernel.CheckLength(states, (long)batch * t * u, nameof(states), "SimpleRNN");
        RecurrentKernel.CheckLength(step, (long)batch * u, nameof(step), "SimpleRNN");
        RecurrentKernel.CheckLength(y, (long)batch * g.OutputSize, nameof(y), "SimpleRNN");

        DenseKernel.Forward(x, kernel, bias, gates, batch * t, g.Inputs, u);
        for (int s = 0; s < t; s++)
        {
            int ti = g.InputStep(s);
            if (s > 0)
            {
                ReadOnlySpan<float> previous = RecurrentKernel.RecurrentInput(states.Slice((s - 1) * batch * u, batch * u), recurrentMask, maskedStates);
                Gemm.Multiply(previous, recurrentKernel, step.Slice(0, batch * u), batch, u, u, accumulate: false);
            }
            for (int b = 0; b < batch; b++)
            {
                // A masked step keeps the state; its activation is not computed (Backward gives it no gradient).
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    RecurrentKernel.KeepPrevious(states, s, b, batch, u);
                    continue;
                }
                Span<float> z = gates.Slice((b * t + ti) * u, u);
                if (s > 0) Gemm.Axpy(1f, step.Slice(b * u, u), z);
                RecurrentKernel.Apply(g.Activation, z);
                z.CopyTo(states.Slice((s * batch + b) * u, u));
            }
        }
        RecurrentKernel.WriteOutput(states, y, batch, g, mask, zeroMaskedOutputs);
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy</c>: overwrites <paramref name="dKernel"/>, <paramref name="dRecurrentKernel"/>,
    /// <paramref name="dBias"/> (empty without a bias) and <paramref name="dx"/> (empty when the input needs none).
    /// <paramref name="dGates"/>, <paramref name="dStates"/>, <paramref name="dStep"/> are work space.
    /// With <c>ReturnState</c>, <paramref name="dFinalState"/> is the returned h's gradient (<c>[batch, u]</c>, empty when
    /// nothing reads it); <paramref name="dy"/> is empty when nothing reads the output.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> states, ReadOnlySpan<float> dy, Span<float> dGates, Span<float> dStates, Span<float> dStep,
        Span<float> dx, Span<float> dKernel, Span<float> dRecurrentKernel, Span<float> dBias, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> recurrentMask = default, Span<float> maskedStates = default,
        Span<float> dMaskedStates = default, ReadOnlySpan<float> dFinalState = default)
    {
        g.Validate("SimpleRNN");
        RecurrentKernel.CheckMask(mask, batch, g, "SimpleRNN");
        RecurrentKernel.CheckRecurrentMask(recurrentMask, maskedStates, batch, g.Units, "SimpleRNN");
        int t = g.Steps, u = g.Units;
        RecurrentKernel.CheckLength(dGates, (long)batch * t * u, nameof(dGates), "SimpleRNN");
        RecurrentKernel.CheckLength(dStates, (long)batch * t * u, nameof(dStates), "SimpleRNN");
        RecurrentKernel.CheckLength(dStep, (long)batch * u, nameof(dStep), "SimpleRNN");
        if (!dy.IsEmpty) RecurrentKernel.CheckLength(dy, (long)batch * g.OutputSize, nameof(dy), "SimpleRNN");

        RecurrentKernel.SeedStateGradients(dy, dStates, batch, g, mask, zeroMaskedOutputs, dFinalState);
        dRecurrentKernel.Slice(0, u * u).Clear();
        for (int s = t - 1; s >= 0; s--)
        {
            int ti = g.InputStep(s);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> h = states.Slice((s * batch + b) * u, u), dh = dStates.Slice((s * batch + b) * u, u);
                Span<float> dz = dStep.Slice(b * u, u);
                if (RecurrentKernel.IsMasked(mask, b, t, ti))
                {
                    // h_s = h_{s−1}: dh passes on whole, the step's own computation gets nothing.
                    RecurrentKernel.PassMaskedGradient(dStates, s, b, batch, u);
                    dz.Clear();
                    dGates.Slice((b * t + ti) * u, u).Clear();
                    continue;
                }
                for (int k = 0; k < u; k++) dz[k] = dh[k] * RecurrentKernel.Derivative(g.Activation, h[k]);
                dz.CopyTo(dGates.Slice((b * t + ti) * u, u));
            }
            if (s > 0)
            {
                RecurrentKernel.RecurrentInputBackward(dStep.Slice(0, batch * u), recurrentKernel, dStates.Slice((s - 1) * batch * u, batch * u),
                    recurrentMask, dMaskedStates, batch, u, u);
                ReadOnlySpan<float> previous = RecurrentKernel.RecurrentInput(states.Slice((s - 1) * batch * u, batch * u), recurrentMask, maskedStates);
                Gemm.MultiplyTransposedA(previous, dStep.Slice(0, batch * u), dRecurrentKernel, batch, u, u, accumulate: true);
            }
        }
        DenseKernel.Backward(x, kernel, dGates.Slice(0, batch * t * u), dx, dKernel, dBias, batch * t, g.Inputs, u);
    }
}
