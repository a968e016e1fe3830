using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// The element-wise functions a recurrent layer may use for its <c>activation</c> and <c>recurrent_activation</c>. Each
/// has a derivative that is a function of its output alone (<c>tanh' = 1 − y²</c>, <c>σ' = y(1 − y)</c>,
/// <c>relu' = [y &gt; 0]</c>, <c>linear' = 1</c>), so the backward pass needs only the stored outputs.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum RecurrentActivation
{
    /// <summary><c>y = x</c>.</summary>
    Linear,

    /// <summary><c>y = tanh(x)</c> (Keras' default <c>activation</c>).</summary>
    Tanh,

    /// <summary><c>y = 1 / (1 + e^−x)</c> (Keras' default <c>recurrent_activation</c>).</summary>
    Sigmoid,

    /// <summary><c>y = max(x, 0)</c>.</summary>
    Relu,
}

/// <summary>
/// The compile-time shape of one recurrent layer (SimpleRNN, LSTM, GRU) on <c>(batch, Steps, Inputs)</c> sequences:
/// units, direction, what it returns and its two activations. Generated code writes <c>new RecurrentGeometry(...)</c>
/// with constants.
/// </summary>
/// <param name="Steps">Time steps per sample.</param>
/// <param name="Inputs">Features per step.</param>
/// <param name="Units">Hidden units (the state's length).</param>
/// <param name="GoBackwards">Keras <c>go_backwards</c>: steps are read last to first; outputs stay in processing order.</param>
/// <param name="ReturnSequences">Keras <c>return_sequences</c>: output <c>(Steps, Units)</c> per sample, else the last state <c>(Units)</c>.</param>
/// <param name="Activation">Keras <c>activation</c> (tanh).</param>
/// <param name="RecurrentActivation">Keras <c>recurrent_activation</c> (sigmoid; unused by SimpleRNN).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct RecurrentGeometry(
    int Steps, int Inputs, int Units, bool GoBackwards, bool ReturnSequences,
    RecurrentActivation Activation, RecurrentActivation RecurrentActivation)
{
    /// <summary>Floats per output sample: <c>Steps·Units</c> with sequences, else <c>Units</c>.</summary>
    public int OutputSize => ReturnSequences ? Steps * Units : Units;

    /// <summary>The input step that processing step <paramref name="s"/> reads.</summary>
    public int InputStep(int s) => GoBackwards ? Steps - 1 - s : s;

    internal void Validate(string layer)
    {
        if (Steps < 1 || Inputs < 1 || Units < 1)
            throw new ArgumentException($"{layer}: expected positive steps, inputs and units, but received {Steps}, {Inputs}, {Units}.");
    }
}

/// <summary>
/// What SimpleRNN, LSTM and GRU share: the activations (forward in place, derivative from the output), the output copy and
/// the seeding of the state gradients from <c>dy</c>. Layouts: states are time-major <c>[Steps, batch, Units]</c> (a step's
/// rows are contiguous, so <c>h·recurrent_kernel</c> is one GEMM over the batch); <c>y</c> and <c>dy</c> are batch-major.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RecurrentKernel
{
    /// <summary><c>v = f(v)</c> in place.</summary>
    public static void Apply(RecurrentActivation f, Span<float> v)
    {
        switch (f)
        {
            case RecurrentActivation.Tanh: TensorPrimitives.Tanh(v, v); break;
            case RecurrentActivation.Sigmoid: if (!v.IsEmpty) TensorPrimitives.Sigmoid(v, v); break;
            case RecurrentActivation.Relu: TensorPrimitives.Max(v, 0f, v); break;
        }
    }

    /// <summary><c>f'(x)</c> written as a function of <c>y = f(x)</c>.</summary>
    public static float Derivative(RecurrentActivation f, float y) => f switch
    {
        RecurrentActivation.Tanh => (1f - y) * (1f + y),
        RecurrentActivation.Sigmoid => y * (1f - y),
        RecurrentActivation.Relu => y > 0f ? 1f : 0f,
        _ => 1f,
    };

    /// <summary>
    /// <c>y</c> from the time-major states: every state at <c>y[b, s]</c> (processing order, as Keras returns it with
    /// <c>go_backwards</c>), or the last one at <c>y[b]</c>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="zeroMaskedOutputs"/> (Keras' <c>zero_output_for_mask</c>, which Bidirectional sets with
    /// <c>return_sequences</c>) a step that <paramref name="mask"/> masks outputs zeros instead of the carried state.
    /// </remarks>
    public static void WriteOutput(ReadOnlySpan<float> states, Span<float> y, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false)
    {
        int u = g.Units, t = g.Steps;
        if (!g.ReturnSequences)
        {
            states.Slice((t - 1) * batch * u, batch * u).CopyTo(y);
            return;
        }
        for (int s = 0; s < t; s++)
            for (int b = 0; b < batch; b++)
            {
                if (zeroMaskedOutputs && IsMasked(mask, b, t, g.InputStep(s))) y.Slice((b * t + s) * u, u).Clear();
                else states.Slice((s * batch + b) * u, u).CopyTo(y.Slice((b * t + s) * u, u));
            }
    }

    /// <summary>
    /// Keras' masking (<c>Embedding(mask_zero=True)</c> before the layer): whether input step <paramref name="inputStep"/>
    /// of sample <paramref name="b"/> is masked, i.e. its id in <paramref name="mask"/> (<c>[batch, steps]</c>, the token
    /// ids themselves) is 0. An empty mask masks nothing.
    /// </summary>
    public static bool IsMasked(ReadOnlySpan<float> mask, int b, int steps, int inputStep) => !mask.IsEmpty && mask[b * steps + inputStep] == 0f;

    /// <summary>
    /// A masked step keeps the previous step's value: <c>buffer[s, b] = buffer[s − 1, b]</c> (zeros, the initial state, at
    /// <c>s = 0</c>) in a time-major <c>[steps, batch, units]</c> buffer (states, and LSTM's cells).
    /// </summary>
    public static void KeepPrevious(Span<float> buffer, int s, int b, int batch, int units)
    {
        Span<float> row = buffer.Slice((s * batch + b) * units, units);
        if (s == 0) row.Clear();
        else buffer.Slice(((s - 1) * batch + b) * units, units).CopyTo(row);
    }

    /// <summary>
    /// Backward of <see cref="KeepPrevious"/> for one row at processing step <paramref name="s"/>: the row's gradient passes
    /// whole to the previous step (<c>dBuffer[s − 1, b] += dBuffer[s, b]</c>, or to the constant initial state at
    /// <c>s = 0</c>), and the step's own computation gets none (the caller zeroes its gate gradients).
    /// </summary>
    public static void PassMaskedGradient(Span<float> dBuffer, int s, int b, int batch, int units)
    {
        if (s > 0) TensorPrimitives.Add(dBuffer.Slice(((s - 1) * batch + b) * units, units), dBuffer.Slice((s * batch + b) * units, units),
            dBuffer.Slice(((s - 1) * batch + b) * units, units));
    }

    /// <summary>
    /// Keras' <c>recurrent_dropout</c> (training only): one mask per sample and unit, drawn once per sequence
    /// (<c>mask[b, k] = u ≥ rate ? 1/(1 − rate) : 0</c>, one <see cref="Rng.NextSingle"/> per element in order) and applied
    /// to the previous state where it enters <c>h·recurrent_kernel</c> at every step.
    /// </summary>
    public static void DrawRecurrentMask(Span<float> mask, float rate, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a recurrent dropout rate in [0, 1).");
        float scale = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextSingle() >= rate ? scale : 0f;
    }

    /// <summary>
    /// The previous states <c>[batch, units]</c> as the recurrent product reads them: themselves, or — with a recurrent
    /// dropout mask — <c>masked = previous · mask</c>, written to <paramref name="masked"/>.
    /// </summary>
    internal static ReadOnlySpan<float> RecurrentInput(ReadOnlySpan<float> previous, ReadOnlySpan<float> mask, Span<float> masked)
    {
        if (mask.IsEmpty) return previous;
        TensorPrimitives.Multiply(previous, mask, masked.Slice(0, previous.Length));
        return masked.Slice(0, previous.Length);
    }

    /// <summary>
    /// <c>dPrevious += (dz·Rᵀ)</c>, or with a recurrent dropout mask <c>dPrevious += (dz·Rᵀ) · mask</c> (through
    /// <paramref name="work"/>): the previous states' share of the recurrent product's gradient.
    /// </summary>
    internal static void RecurrentInputBackward(ReadOnlySpan<float> dz, ReadOnlySpan<float> recurrentKernel, Span<float> dPrevious,
        ReadOnlySpan<float> mask, Span<float> work, int batch, int width, int units)
    {
        if (mask.IsEmpty)
        {
            Gemm.MultiplyTransposedB(dz, recurrentKernel, dPrevious, batch, width, units, accumulate: true);
            return;
        }
        Span<float> product = work.Slice(0, batch * units);
        Gemm.MultiplyTransposedB(dz, recurrentKernel, product, batch, width, units, accumulate: false);
        TensorPrimitives.MultiplyAdd(product, mask, dPrevious, dPrevious);
    }

    internal static void CheckRecurrentMask(ReadOnlySpan<float> mask, Span<float> masked, int batch, int units, string layer)
    {
        if (mask.IsEmpty) return;
        if (mask.Length != batch * units || masked.Length < batch * units)
            throw new ArgumentException($"{layer}: expected a recurrent dropout mask and work space of batch · units = {batch * units} values, " +
                $"but their lengths are {mask.Length} and {masked.Length}.", nameof(mask));
    }

    internal static void CheckMask(ReadOnlySpan<float> mask, int batch, in RecurrentGeometry g, string layer)
    {
        if (!mask.IsEmpty && mask.Length != batch * g.Steps)
            throw new ArgumentException($"{layer}: expected the mask to hold batch · steps = {batch * g.Steps} values, but its length is {mask.Length}.", nameof(mask));
    }

    /// <summary>
    /// <c>dStates[s, b] = dL/dh_s</c> from the output alone (<c>dy[b, s]</c>, or <c>dy[b]</c> at the last step and zero
    /// elsewhere); each step's backward then adds what flows back from the step after it.
    /// </summary>
    /// <remarks>
    /// With <paramref name="zeroMaskedOutputs"/> a masked step's output was a constant zero, so its <c>dy</c> is dropped. An
    /// empty <paramref name="dy"/> (a ReturnState layer whose output nothing reads) seeds zeros; <paramref name="dFinalState"/>
    /// (the returned final state's gradient, <c>[batch, u]</c>) is then added at the last processing step.
    /// </remarks>
    public static void SeedStateGradients(ReadOnlySpan<float> dy, Span<float> dStates, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask = default, bool zeroMaskedOutputs = false, ReadOnlySpan<float> dFinalState = default)
    {
        SeedOutputGradients(dy, dStates, batch, g, mask, zeroMaskedOutputs);
        if (dFinalState.IsEmpty) return;
        CheckLength(dFinalState, (long)batch * g.Units, nameof(dFinalState), "recurrent state");
        Span<float> last = dStates.Slice((g.Steps - 1) * batch * g.Units, batch * g.Units);
        TensorPrimitives.Add(last, dFinalState.Slice(0, last.Length), last);
    }

    /// <summary>
    /// The returned final state (Keras' <c>return_state</c>): the last processing step's row of a time-major
    /// <c>[steps, batch, units]</c> buffer (the states, or LSTM's cells), <c>final[b] = sequence[steps − 1, b]</c>.
    /// </summary>
    public static void WriteFinalState(ReadOnlySpan<float> sequence, Span<float> final, int batch, in RecurrentGeometry g)
    {
        int rows = batch * g.Units;
        CheckLength(sequence, (long)g.Steps * rows, nameof(sequence), "recurrent state");
        CheckLength(final, rows, nameof(final), "recurrent state");
        sequence.Slice((g.Steps - 1) * rows, rows).CopyTo(final);
    }

    private static void SeedOutputGradients(ReadOnlySpan<float> dy, Span<float> dStates, int batch, in RecurrentGeometry g,
        ReadOnlySpan<float> mask, bool zeroMaskedOutputs)
    {
        int u = g.Units, t = g.Steps;
        if (dy.IsEmpty)
        {
            dStates.Slice(0, t * batch * u).Clear();
            return;
        }
        if (!g.ReturnSequences)
        {
            dStates.Slice(0, (t - 1) * batch * u).Clear();
            dy.Slice(0, batch * u).CopyTo(dStates.Slice((t - 1) * batch * u, batch * u));
            return;
        }
        for (int s = 0; s < t; s++)
            for (int b = 0; b < batch; b++)
            {
                if (zeroMaskedOutputs && IsMasked(mask, b, t, g.InputStep(s))) dStates.Slice((s * batch + b) * u, u).Clear();
                else dy.Slice((b * t + s) * u, u).CopyTo(dStates.Slice((s * batch + b) * u, u));
            }
    }

    /// <summary>
    /// Keras' <c>dropout</c> of a recurrent layer (training only): one mask per sample and feature, the same for every step
    /// (<c>mask[b, i] = u ≥ rate ? 1/(1 − rate) : 0</c>, one <see cref="Rng.NextSingle"/> per element in order), and
    /// <c>dropped[b, t, i] = x[b, t, i]·mask[b, i]</c>; the layer's kernels then read <paramref name="dropped"/>.
    /// </summary>
    public static void DropInputs(ReadOnlySpan<float> x, Span<float> mask, Span<float> dropped, float rate, Rng rng, int batch, in RecurrentGeometry g)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        int t = g.Steps, n = g.Inputs;
        CheckLength(x, (long)batch * t * n, nameof(x), "recurrent dropout");
        CheckLength(mask, (long)batch * n, nameof(mask), "recurrent dropout");
        CheckLength(dropped, (long)batch * t * n, nameof(dropped), "recurrent dropout");
        float scale = 1f / (1f - rate);
        for (int i = 0; i < batch * n; i++) mask[i] = rng.NextSingle() >= rate ? scale : 0f;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> m = mask.Slice(b * n, n);
            for (int s = 0; s < t; s++) TensorPrimitives.Multiply(x.Slice((b * t + s) * n, n), m, dropped.Slice((b * t + s) * n, n));
        }
    }

    /// <summary>Gradient of <see cref="DropInputs"/>: <c>dx[b, t, i] = dDropped[b, t, i]·mask[b, i]</c>.</summary>
    public static void DropInputsBackward(ReadOnlySpan<float> dDropped, ReadOnlySpan<float> mask, Span<float> dx, int batch, in RecurrentGeometry g)
    {
        int t = g.Steps, n = g.Inputs;
        CheckLength(dDropped, (long)batch * t * n, nameof(dDropped), "recurrent dropout");
        CheckLength(mask, (long)batch * n, nameof(mask), "recurrent dropout");
        CheckLength(dx, (long)batch * t * n, nameof(dx), "recurrent dropout");
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> m = mask.Slice(b * n, n);
            for (int s = 0; s < t; s++) TensorPrimitives.Multiply(dDropped.Slice((b * t + s) * n, n), m, dx.Slice((b * t + s) * n, n));
        }
    }

    internal static void CheckLength(ReadOnlySpan<float> span, long needed, string name, string layer)
    {
        if (span.Length < needed) throw new ArgumentException($"{layer}: expected {name} to hold at least {needed} values, but its length is {span.Length}.", name);
    }
}
