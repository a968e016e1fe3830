namespace GenNet;

/// <summary>
/// A Keras metric that is a running mean of per-sample values over the epoch: <c>Σ w·m / Σ w</c>
/// (the accuracy family). The training loop keeps the running sums; a metric only scores a batch.
/// </summary>
public abstract partial class Metric
{
    /// <summary>Name shown in progress output and <c>History</c>, e.g. <c>"accuracy"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether larger is better (EarlyStopping's mode "auto").</summary>
    public virtual bool HigherIsBetter => true;

    /// <summary>
    /// Keras resolves <c>"accuracy"</c> by the shapes it sees; this returns the concrete metric for a model with
    /// <paramref name="outputSize"/> outputs and <paramref name="labelSize"/> label floats per sample. Concrete metrics return themselves.
    /// </summary>
    public virtual Metric Resolve(int outputSize, int labelSize) => this;

    /// <summary>
    /// Per-sample values <c>m_i</c> (1/0 for matches) for <paramref name="batch"/> rows: <c>yPred[batch, n]</c>,
    /// <c>yTrue[batch, labelSize]</c>, <c>values[batch]</c>.
    /// </summary>
    public abstract void PerSample(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, Span<float> values, int batch, int n);
}
