namespace GenNet.Metrics;

/// <summary>
/// A metric that is the weighted mean of per-sample values over everything seen since the reset: <c>Σ w·m / Σ w</c>
/// (Keras' <c>MeanMetricWrapper</c>; 0 before any weight is seen, as Keras' <c>divide_no_nan</c>). Subclasses only score a
/// batch in <see cref="PerSample"/>.
/// </summary>
public abstract class MeanMetric : Metric
{
    private double _total, _count;
    // Per-sample scratch; grows once to the largest batch, so steady-state updates allocate nothing.
    private float[] _values = [];

    /// <summary>
    /// Per-sample values <c>m_i</c> (1/0 for matches, errors for the error metrics) for <paramref name="batch"/> rows:
    /// <c>yPred[batch, n]</c>, <c>yTrue[batch, labelSize]</c>, <c>values[batch]</c>.
    /// </summary>
    public abstract void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n);

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        _values = [];
        ResetState();
    }

    /// <inheritdoc/>
    public override void ResetState() => (_total, _count) = (0, 0);

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        MetricChecks.Weights(sampleWeight, batch);
        if (_values.Length < batch) _values = new float[batch];
        var values = _values.AsSpan(0, batch);
        PerSample(yTrue, yPred, values, batch, n);
        for (int i = 0; i < batch; i++)
        {
            // w·m in float, then summed in double: the same bits the training loop produced before metrics kept state.
            _total += sampleWeight.IsEmpty ? values[i] : values[i] * sampleWeight[i];
            _count += sampleWeight.IsEmpty ? 1f : sampleWeight[i];
        }
    }

    /// <inheritdoc/>
    public override double Result() => _count == 0 ? 0 : _total / _count;
}
