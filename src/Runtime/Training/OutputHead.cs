namespace GenNet;

/// <summary>
/// One compiled output: where it lives, its loss, loss weight and metrics, and where its labels sit in a packed label row.
/// Every compiled model has one head per output, so a model with one output has one head covering the whole label row.
/// </summary>
/// <remarks>
/// Keras computes a loss over the last axis only: the one output of a model whose output has several steps
/// (<c>(steps, n)</c>, a per-step head of sequence labelling) gets one loss per step, <see cref="Steps"/> of them per
/// sample with <see cref="StepSize"/> values each, and labels <see cref="StepLabelSize"/> per step. When that output
/// carries Keras' mask (<see cref="ModelInfo.OutputMaskOffset"/>: <c>Embedding(MaskZero = true)</c> before it), the
/// loss is averaged over the unmasked steps of the batch and the metrics count only those (see Trainer.Masking.cs).
/// </remarks>
internal sealed record OutputHead(OutputInfo Output, Loss Loss, float Weight, Metric[] Metrics, int LabelOffset, int LabelSize)
{
    /// <summary>Losses per sample: the output's steps (one loss per step), or 1 (one loss over the whole output).</summary>
    public int Steps { get; init; } = 1;

    /// <summary>Output values one step's loss reads (the last axis); the whole output when <see cref="Steps"/> is 1.</summary>
    public int StepSize { get; init; } = Output.Size;

    /// <summary>Label floats of one step: <c>Loss.LabelSize(StepSize)</c>.</summary>
    public int StepLabelSize { get; init; } = LabelSize;

    /// <summary>Per-sample offset, in the packed input row, of the token ids whose zeros mask the steps; -1 without a mask.</summary>
    public int MaskOffset { get; init; } = -1;

    /// <summary>Whether the loss is computed per step (the output has several steps).</summary>
    public bool IsStepwise => Steps > 1;

    /// <summary>A head per output of <paramref name="info"/>, labels laid side by side in output order.</summary>
    public static OutputHead[] For(ModelInfo info, Loss[] losses, float[] weights, Metric[][] metrics)
    {
        var outputs = info.Outputs;
        var heads = new OutputHead[outputs.Length];
        int labelOffset = 0;
        int steps = StepsOf(info);
        for (int k = 0; k < heads.Length; k++)
        {
            if (steps > 1)
            {
                int stepSize = outputs[k].Size / steps, stepLabelSize = losses[k].LabelSize(stepSize);
                heads[k] = new OutputHead(outputs[k], losses[k], weights[k], metrics[k], labelOffset, steps * stepLabelSize)
                {
                    Steps = steps, StepSize = stepSize, StepLabelSize = stepLabelSize, MaskOffset = info.OutputMaskOffset,
                };
            }
            else
            {
                heads[k] = new OutputHead(outputs[k], losses[k], weights[k], metrics[k], labelOffset, losses[k].LabelSize(outputs[k].Size));
            }
            labelOffset += heads[k].LabelSize;
        }
        return heads;
    }

    /// <summary>
    /// Losses per sample of <paramref name="info"/>'s output: for a model with one output of rank 2 or more, the values
    /// before its last axis (Keras reduces a loss over the last axis only); 1 otherwise. (A model with several outputs
    /// scores each over the whole output; the generator refuses a masked output there, GN0278.)
    /// </summary>
    public static int StepsOf(ModelInfo info)
    {
        if (info.Outputs.Length != 1) return 1;
        var shape = info.Outputs[0].Shape;
        return shape.Length < 2 || shape[^1] == 0 ? 1 : info.Outputs[0].Size / shape[^1];
    }
}

/// <summary>
/// A metric (or an output's loss, as a <see cref="Metrics.LossMetric"/>) kept on one output's columns of the packed labels
/// and predictions, under the name <c>"&lt;output&gt;_…"</c>. Its column buffers grow once to the largest batch, so
/// steady-state steps allocate nothing.
/// </summary>
internal sealed class HeadMetric(OutputHead head, int outputSize, string name, Metric inner) : Metric
{
    private float[] _labels = [], _predictions = [];

    public override string Name => name;

    public override bool HigherIsBetter => inner.HigherIsBetter;

    public override int ResultCount => inner.ResultCount;

    public override void Build(int n, int labelSize) => inner.Build(head.Output.Size, head.LabelSize);

    public override void ResetState() => inner.ResetState();

    public override double Result() => inner.Result();

    public override void Results(Span<double> values) => inner.Results(values);

    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        int labelSize = yTrue.Length / Math.Max(batch, 1), size = head.Output.Size;
        if (_labels.Length < batch * head.LabelSize) _labels = new float[batch * head.LabelSize];
        if (_predictions.Length < batch * size) _predictions = new float[batch * size];
        for (int r = 0; r < batch; r++)
        {
            yTrue.Slice(r * labelSize + head.LabelOffset, head.LabelSize).CopyTo(_labels.AsSpan(r * head.LabelSize));
            yPred.Slice(r * outputSize + head.Output.GradientOffset, size).CopyTo(_predictions.AsSpan(r * size));
        }
        inner.UpdateState(_labels.AsSpan(0, batch * head.LabelSize), _predictions.AsSpan(0, batch * size), sampleWeight, batch, size);
    }
}
