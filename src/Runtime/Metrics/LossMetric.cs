namespace GenNet.Metrics;

/// <summary>
/// A loss used as a metric, as Keras wraps a loss function in <c>MeanMetricWrapper</c>: the weighted mean of the loss's
/// per-sample values <c>l_i</c> over everything seen since the reset. <c>Metric m = Loss.Huber;</c> makes one.
/// </summary>
public class LossMetric : MeanMetric
{
    private readonly string _name;

    /// <summary>Wraps <paramref name="loss"/>.</summary>
    /// <param name="loss">The loss whose per-sample values are averaged.</param>
    /// <param name="name">Display name; default the loss's Keras name.</param>
    public LossMetric(Loss loss, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Loss = loss;
        _name = name ?? loss.Name;
    }

    /// <summary>The wrapped loss.</summary>
    public Loss Loss { get; }

    /// <inheritdoc/>
    public override string Name => _name;

    /// <summary>Losses are minimized.</summary>
    public override bool HigherIsBetter => false;

    /// <inheritdoc/>
    public override void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n) =>
        Loss.PerSample(yTrue, yPred, values, batch, n);
}
