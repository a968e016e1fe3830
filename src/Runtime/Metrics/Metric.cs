namespace GenNet;

/// <summary>
/// A Keras metric with streaming state, Keras' <c>Metric</c> class: <see cref="ResetState"/> at the start of each epoch
/// (and of each evaluation), <see cref="UpdateState"/> after every batch, <see cref="Result"/> whenever the value is logged.
/// Means of per-sample values (the accuracy family, the error metrics) derive from <see cref="Metrics.MeanMetric"/>;
/// a metric with other state (confusion counts, sums per class) derives from this class directly.
/// </summary>
/// <remarks>
/// The training loop calls <see cref="Build"/> once when <c>Fit</c> or <c>Evaluate</c> starts, so state is allocated there
/// and never per step. Updates run on the calling thread in batch order, so results do not depend on
/// <see cref="Model.Threads"/>. A metric given to several outputs is copied member by member before <see cref="Build"/>:
/// allocate state in <see cref="Build"/>, not in the constructor, so each copy gets its own.
/// </remarks>
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
    /// Sizes the state for <paramref name="n"/> floats of <c>y_pred</c> and <paramref name="labelSize"/> floats of
    /// <c>y_true</c> per sample, and resets it. Called once per <c>Fit</c>/<c>Evaluate</c>; the default only resets.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not suit the metric (the message says what it expects).</exception>
    public virtual void Build(int n, int labelSize) => ResetState();

    /// <summary>Forgets everything accumulated (Keras <c>reset_state</c>).</summary>
    public abstract void ResetState();

    /// <summary>
    /// Accumulates one batch (Keras <c>update_state</c>): <c>yPred[batch, n]</c>, <c>yTrue[batch, labelSize]</c> and
    /// <paramref name="sampleWeight"/><c>[batch]</c> (empty: every sample weighs 1).
    /// </summary>
    public abstract void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n);

    /// <summary>The value over everything accumulated since the last reset (Keras <c>result</c>).</summary>
    /// <exception cref="InvalidOperationException">The result is a vector (<see cref="ResultCount"/> &gt; 1): use <see cref="Results"/>.</exception>
    public abstract double Result();

    /// <summary>
    /// How many numbers <see cref="Results"/> writes: 1 for a scalar metric; one per threshold or class for a metric
    /// that Keras reports as a vector (several thresholds, <c>average=None</c>). Known after <see cref="Build"/>.
    /// <c>Fit</c> and <c>Evaluate</c> log a vector one component at a time, as <c>"name_0"</c>, <c>"name_1"</c>, ….
    /// </summary>
    public virtual int ResultCount => 1;

    /// <summary>Writes the <see cref="ResultCount"/> values of the result into <paramref name="values"/>.</summary>
    public virtual void Results(Span<double> values)
    {
        if (values.Length < 1) throw new ArgumentException($"Expected room for {ResultCount} values, got {values.Length}.", nameof(values));
        values[0] = Result();
    }

    /// <summary>A member-by-member copy, made before <see cref="Build"/> when one instance serves several outputs.</summary>
    internal Metric CopyForOutput()
    {
        var copy = (Metric)MemberwiseClone();
        copy.DetachState();
        return copy;
    }

    /// <summary>After a member-by-member copy: replace state objects the copy would otherwise share with the original.</summary>
    private protected virtual void DetachState() { }

    /// <summary>The message a vector-valued metric's <see cref="Result"/> throws.</summary>
    private protected InvalidOperationException VectorResult() =>
        new($"Metric '{Name}' has {ResultCount} values (one per threshold or class); read them with Results, or configure it to give one number.");
}
