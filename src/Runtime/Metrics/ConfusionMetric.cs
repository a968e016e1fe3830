namespace GenNet.Metrics;

/// <summary>
/// A metric computed from <see cref="ConfusionCounts"/> per threshold (TruePositives … FalseNegatives, Precision, Recall):
/// one threshold (default 0.5) gives one number, several give one per threshold (<see cref="Metric.Results"/>).
/// Optionally only each row's top_k scores can be positive, or only one class column is scored.
/// </summary>
public abstract class ConfusionMetric : Metric
{
    private readonly string _name;

    private protected ConfusionMetric(float[]? thresholds, int? topK, int? classId, string? name, string defaultName)
    {
        if (topK is < 1) throw new ArgumentOutOfRangeException(nameof(topK), topK, "top_k must be >= 1 (or null).");
        if (classId is < 0) throw new ArgumentOutOfRangeException(nameof(classId), classId, "class_id must be >= 0 (or null).");
        // Keras: with top_k and no thresholds, every kept score counts as positive (threshold NEG_INF).
        float fallback = topK is null ? 0.5f : ConfusionCounts.NegativeInfinity;
        Counts = new ConfusionCounts(ConfusionCounts.Parse(thresholds, fallback, nameof(thresholds)), topK, classId);
        TopK = topK;
        ClassId = classId;
        _name = name ?? defaultName;
    }

    private protected ConfusionCounts Counts { get; private set; }

    /// <summary>Only each row's k highest scores can be positive (null: all).</summary>
    public int? TopK { get; }

    /// <summary>Only this column is scored (null: every element).</summary>
    public int? ClassId { get; }

    /// <summary>The thresholds, in the order of <see cref="Metric.Results"/>.</summary>
    public ReadOnlySpan<float> Thresholds => Counts.Thresholds;

    /// <inheritdoc/>
    public override string Name => _name;

    /// <inheritdoc/>
    public override int ResultCount => Counts.Count;

    /// <summary>The value at threshold <paramref name="t"/>.</summary>
    private protected abstract double Value(int t);

    private protected override void DetachState() => Counts = Counts.Copy();

    /// <inheritdoc/>
    public override void Build(int n, int labelSize)
    {
        Counts.Build(n, labelSize, Name);
        ResetState();
    }

    /// <inheritdoc/>
    public override void ResetState() => Counts.Reset();

    /// <inheritdoc/>
    public override void UpdateState(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, ReadOnlySpan<float> sampleWeight, int batch, int n) =>
        Counts.Update(yTrue, yPred, sampleWeight, batch, n);

    /// <inheritdoc/>
    public override double Result() => ResultCount == 1 ? Value(0) : throw VectorResult();

    /// <inheritdoc/>
    public override void Results(Span<double> values)
    {
        for (int t = 0; t < ResultCount; t++) values[t] = Value(t);
    }
}
