namespace GenNet;

// Per-step losses and Keras' loss masking (keras/src/losses/loss.py: Loss.__call__ reads the mask of y_pred, apply_mask
// merges it into the sample weights, reduce_values divides by the number of values). For an output of shape (steps, n)
// the loss is taken over the last axis, l_it, and with the "sum_over_batch_size" reduction
//     loss = Σ_it w_i·s_it·l_it / (N·T),   s_it = 1 without a mask,   s_it = m_it·(N·T)/Σ m   with one,
// N samples, T steps, m_it = [id_it ≠ 0]; so a masked batch's loss is Σ w·m·l / Σ m (0 when every step is masked: Keras'
// divide_no_nan). Σ m runs over the whole batch, so it is counted before the chunks run (MaskScale), and a masked model
// stages its batches on the calling thread. Each sample's loss is (1/T)·Σ_t s_it·l_it, so the batch loss is still
// Σ_i w_i·loss_i / N. The metrics (reduction_metrics.py: MeanMetricWrapper) see the steps as rows with weights w_i·m_it
// (reduction "sum": no rescaling), so accuracy counts the unmasked steps only.
internal sealed partial class Trainer
{
    // N·T / Σ m for the batch in flight (1 without a mask); set before its chunks run, read by them.
    private float _maskScale = 1f;

    /// <summary>Whether the (single) head's steps are masked, so a batch's valid steps must be counted before its chunks.</summary>
    private bool IsMasked => _heads.Length == 1 && _heads[0].MaskOffset >= 0;

    /// <summary>Sets <see cref="_maskScale"/> for the <paramref name="count"/> rows staged in <paramref name="ws"/>.</summary>
    private void SetMaskScale(Workspace ws, int count)
    {
        if (!IsMasked) return;
        var head = _heads[0];
        int inputSize = _info.InputSize, steps = head.Steps;
        long valid = 0;
        for (int i = 0; i < count; i++)
        {
            var ids = ws.Inputs.AsSpan(i * inputSize + head.MaskOffset, steps);
            foreach (float id in ids) if (id != 0f) valid++;
        }
        _maskScale = valid == 0 ? 0f : (float)((double)count * steps / valid);
    }

    /// <summary><c>s_it</c> of step <paramref name="t"/> of batch row <paramref name="row"/>: 1, or the mask times <see cref="_maskScale"/>.</summary>
    private float StepFactor(OutputHead head, Workspace ws, int row, int t, float maskScale) =>
        head.MaskOffset < 0 ? 1f : ws.Inputs[row * _info.InputSize + head.MaskOffset + t] != 0f ? maskScale : 0f;

    /// <summary>
    /// Per-sample losses of a stepwise head for the chunk's rows: each step's loss into <c>ws.StepLosses</c>, then
    /// <c>loss_i = (1/T)·Σ_t s_it·l_it</c> into <paramref name="perSample"/>.
    /// </summary>
    private void StepwiseLosses(OutputHead head, Workspace ws, ReadOnlySpan<float> labels, ReadOnlySpan<float> output, Span<float> perSample,
        int start, int rows)
    {
        int steps = head.Steps;
        var losses = ws.StepLosses.AsSpan(start * steps, rows * steps);
        head.Loss.PerSample(labels, output, losses, rows * steps, head.StepSize);
        float scale = _maskScale;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0; // in step order: the same sum whichever thread runs the chunk
            for (int t = 0; t < steps; t++) sum += StepFactor(head, ws, start + r, t, scale) * (double)losses[r * steps + t];
            perSample[r] = (float)(sum / steps);
        }
    }

    /// <summary>
    /// The gradient of a stepwise head for the chunk's rows: every step a row of <c>StepSize</c> values with weight
    /// <c>w_i·s_it</c> and scale <c>lossWeight/(N·T)</c>; masked steps get exactly zero. Returns whether the loss fused
    /// with the output activation.
    /// </summary>
    private bool StepwiseGradient(OutputHead head, Workspace ws, ReadOnlySpan<float> labels, ReadOnlySpan<float> output,
        ReadOnlySpan<float> weights, Span<float> gradient, int start, int rows, int count, bool mayFuse)
    {
        int steps = head.Steps;
        ReadOnlySpan<float> stepWeights = default;
        if (head.MaskOffset >= 0 || !weights.IsEmpty)
        {
            var buffer = ws.StepWeights.AsSpan(start * steps, rows * steps);
            for (int r = 0; r < rows; r++)
            {
                float w = weights.IsEmpty ? 1f : weights[r];
                for (int t = 0; t < steps; t++) buffer[r * steps + t] = w * StepFactor(head, ws, start + r, t, _maskScale);
            }
            stepWeights = buffer;
        }
        float scale = (float)(head.Weight / ((double)count * steps));
        int n = head.StepSize, stepRows = rows * steps;
        bool fused = mayFuse && head.Loss.TryLogitGradient(_info.OutputActivation, labels, output, stepWeights, scale, gradient, stepRows, n);
        if (!fused) head.Loss.Gradient(labels, output, stepWeights, scale, gradient, stepRows, n);
        return fused;
    }

    /// <summary>
    /// Updates the metrics of a stepwise head with the batch staged in <paramref name="ws"/>: every step a row, weighted
    /// by <c>w_i·m_it</c> (no weights at all without a mask or sample weights).
    /// </summary>
    private void UpdateStepwiseMetrics(OutputHead head, Metric[] metrics, Workspace ws, int count, int labelSize, ReadOnlySpan<float> weights)
    {
        int steps = head.Steps;
        ReadOnlySpan<float> stepWeights = default;
        if (head.MaskOffset >= 0 || !weights.IsEmpty)
        {
            var buffer = ws.StepWeights.AsSpan(0, count * steps);
            for (int r = 0; r < count; r++)
            {
                float w = weights.IsEmpty ? 1f : weights[r];
                for (int t = 0; t < steps; t++) buffer[r * steps + t] = w * StepFactor(head, ws, r, t, 1f);
            }
            stepWeights = buffer;
        }
        var labels = ws.Labels.AsSpan(0, count * labelSize);
        var output = ws.Output.AsSpan(0, count * _info.OutputSize);
        foreach (var metric in metrics) metric.UpdateState(labels, output, stepWeights, count * steps, head.StepSize);
    }
}
