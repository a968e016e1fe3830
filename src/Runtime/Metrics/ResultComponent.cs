namespace GenNet.Metrics;

/// <summary>
/// One number of a vector-valued metric (several thresholds, a per-class average of None), so Fit and Evaluate can log it
/// like any scalar: component k is named <c>"&lt;name&gt;_&lt;k&gt;"</c> (Keras logs the whole vector under one name; History
/// here holds numbers). Component 0 owns the inner metric's updates and resets; the others only read its result.
/// </summary>
internal sealed class ResultComponent : Metric
{
    private readonly Metric _inner;
    private readonly int _index;
    private readonly double[] _values; // shared by every component of one inner metric

    private ResultComponent(Metric inner, int index, double[] values)
    {
        _inner = inner;
        _index = index;
        _values = values;
    }

    /// <summary>The components of <paramref name="inner"/> (already built), in order.</summary>
    public static IEnumerable<Metric> Of(Metric inner)
    {
        var values = new double[inner.ResultCount];
        for (int k = 0; k < values.Length; k++) yield return new ResultComponent(inner, k, values);
    }

    public override string Name => _inner.Name + "_" + _index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override bool HigherIsBetter => _inner.HigherIsBetter;

    // The inner metric was built by the trainer before it was split; building again would only reset it.
    public override void Build(int n, int labelSize) { }

    public override void ResetState()
    {
        if (_index == 0) _inner.ResetState();
    }

    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n)
    {
        if (_index == 0) _inner.UpdateState(yTrue, yPred, sampleWeight, batch, n);
    }

    public override double Result()
    {
        _inner.Results(_values);
        return _values[_index];
    }
}
