namespace GenNet;

/// <summary>
/// One compiled output: where it lives, its loss, loss weight and metrics, and where its labels sit in a packed label row.
/// Every compiled model has one head per output, so a model with one output has one head covering the whole label row.
/// </summary>
internal sealed record OutputHead(OutputInfo Output, Loss Loss, float Weight, Metric[] Metrics, int LabelOffset, int LabelSize)
{
    /// <summary>A head per output of <paramref name="info"/>, labels laid side by side in output order.</summary>
    public static OutputHead[] For(ModelInfo info, Loss[] losses, float[] weights, Metric[][] metrics)
    {
        var outputs = info.Outputs;
        var heads = new OutputHead[outputs.Length];
        int labelOffset = 0;
        for (int k = 0; k < heads.Length; k++)
        {
            int labelSize = losses[k].LabelSize(outputs[k].Size);
            heads[k] = new OutputHead(outputs[k], losses[k], weights[k], metrics[k], labelOffset, labelSize);
            labelOffset += labelSize;
        }
        return heads;
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
