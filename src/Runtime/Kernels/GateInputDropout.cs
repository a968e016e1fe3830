using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// The input projection of an LSTM or GRU trained with both <c>dropout</c> and <c>recurrent_dropout</c>. Keras then runs
/// the cell's "implementation 1" (keras/src/layers/rnn/lstm.py, gru.py: <c>recurrent_dropout ≠ 0</c> forces it) and drops
/// the input with one mask per gate: <c>x_g = (x·m_g)·kernel_g + b_g</c>, where <c>m_g = masks[b, g, :]</c> is drawn once
/// per sequence and <c>kernel_g</c> is the gate's block of columns. One GEMM over all gates cannot read a different input
/// per gate, so this path projects row by row: it runs in training only, where the recurrence dominates anyway.
/// </summary>
/// <remarks>
/// Layouts: <c>x[batch, steps, inputs]</c>, <c>masks[batch, gates, inputs]</c>, <c>kernel[inputs, gates·u]</c>,
/// <c>bias[gates·u]</c> (empty: none), <c>projection[batch, steps, gates·u]</c>. Every sum runs in a fixed order, so the
/// result does not depend on how the batch is split over threads.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GateInputDropout
{
    /// <summary><c>projection[b, t, gate block] = bias_g + Σ_i x[b, t, i]·m_g[b, i]·kernel[i, gate block]</c>, overwritten.</summary>
    public static void Project(ReadOnlySpan<float> x, ReadOnlySpan<float> masks, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> projection, int batch, in RecurrentGeometry g, int gates, string layer)
    {
        int t = g.Steps, n = g.Inputs, u = g.Units, width = gates * u;
        Check(x, masks, kernel, bias, batch, g, gates, layer);
        RecurrentKernel.CheckLength(projection, (long)batch * t * width, nameof(projection), layer);
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < t; s++)
            {
                ReadOnlySpan<float> xs = x.Slice((b * t + s) * n, n);
                Span<float> row = projection.Slice((b * t + s) * width, width);
                if (bias.IsEmpty) row.Clear();
                else bias.Slice(0, width).CopyTo(row);
                for (int gate = 0; gate < gates; gate++)
                {
                    ReadOnlySpan<float> m = masks.Slice((b * gates + gate) * n, n);
                    Span<float> block = row.Slice(gate * u, u);
                    for (int i = 0; i < n; i++)
                    {
                        float coefficient = xs[i] * m[i];
                        // A dropped input adds nothing; skipping it changes no bit of the sum.
                        if (coefficient != 0f) Gemm.Axpy(coefficient, kernel.Slice(i * width + gate * u, u), block);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gradients of <see cref="Project"/> given <c>dProjection</c> (dL/dz of every step): overwrites <paramref name="dKernel"/>,
    /// <paramref name="dBias"/> (empty: none) and <paramref name="dx"/> (empty when the input needs none):
    /// <c>dKernel[i, gate block] = Σ_{b,t} x[b, t, i]·m_g[b, i]·dz[b, t, gate block]</c>,
    /// <c>dx[b, t, i] = Σ_g m_g[b, i]·(dz[b, t, gate block] · kernel[i, gate block])</c>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> masks, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dProjection,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, int batch, in RecurrentGeometry g, int gates, string layer)
    {
        int t = g.Steps, n = g.Inputs, u = g.Units, width = gates * u;
        Check(x, masks, kernel, default, batch, g, gates, layer);
        RecurrentKernel.CheckLength(dProjection, (long)batch * t * width, nameof(dProjection), layer);
        RecurrentKernel.CheckLength(dKernel, (long)n * width, nameof(dKernel), layer);
        if (!dBias.IsEmpty) RecurrentKernel.CheckLength(dBias, width, nameof(dBias), layer);
        if (!dx.IsEmpty) RecurrentKernel.CheckLength(dx, (long)batch * t * n, nameof(dx), layer);
        dKernel.Slice(0, n * width).Clear();
        if (!dBias.IsEmpty) dBias.Slice(0, width).Clear();
        for (int b = 0; b < batch; b++)
        {
            for (int s = 0; s < t; s++)
            {
                ReadOnlySpan<float> xs = x.Slice((b * t + s) * n, n);
                ReadOnlySpan<float> dz = dProjection.Slice((b * t + s) * width, width);
                if (!dBias.IsEmpty) Gemm.Axpy(1f, dz, dBias.Slice(0, width));
                Span<float> dxs = dx.IsEmpty ? default : dx.Slice((b * t + s) * n, n);
                for (int i = 0; i < n; i++)
                {
                    float sum = 0f;
                    for (int gate = 0; gate < gates; gate++)
                    {
                        float keep = masks[(b * gates + gate) * n + i];
                        if (keep == 0f) continue;
                        ReadOnlySpan<float> dzGate = dz.Slice(gate * u, u);
                        Gemm.Axpy(xs[i] * keep, dzGate, dKernel.Slice(i * width + gate * u, u));
                        if (!dx.IsEmpty) sum += keep * TensorPrimitives.Dot(dzGate, kernel.Slice(i * width + gate * u, u));
                    }
                    if (!dx.IsEmpty) dxs[i] = sum;
                }
            }
        }
    }

    /// <summary>
    /// Draws the masks for one batch: <c>masks[b, g, i] = u ≥ rate ? 1/(1 − rate) : 0</c>, one draw per element in order
    /// (as <see cref="RecurrentKernel.DrawRecurrentMask"/>), independent per gate.
    /// </summary>
    public static void DrawMasks(Span<float> masks, float rate, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        RecurrentKernel.DrawRecurrentMask(masks, rate, rng);
    }

    private static void Check(ReadOnlySpan<float> x, ReadOnlySpan<float> masks, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        int batch, in RecurrentGeometry g, int gates, string layer)
    {
        int n = g.Inputs, width = gates * g.Units;
        RecurrentKernel.CheckLength(x, (long)batch * g.Steps * n, nameof(x), layer);
        if (masks.Length != (long)batch * gates * n)
        {
            throw new ArgumentException($"{layer}: expected input dropout masks of batch · {gates} gates · inputs = {(long)batch * gates * n} values " +
                $"(one mask per gate and sample), but the span has {masks.Length}.", nameof(masks));
        }
        RecurrentKernel.CheckLength(kernel, (long)n * width, nameof(kernel), layer);
        if (!bias.IsEmpty) RecurrentKernel.CheckLength(bias, width, nameof(bias), layer);
    }
}
