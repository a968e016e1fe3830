namespace GenNet.Metrics;

// Keras' _ConfusionMatrixConditionCount metrics: the weighted count of one cell of the confusion matrix per threshold,
// over every element of y_pred (label positive when non-zero, predicted positive when p > threshold).

/// <summary>Keras <c>TruePositives</c>: the weighted count of positive labels predicted positive.</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5.</param>
/// <param name="name">Display name; default <c>"true_positives"</c>.</param>
public sealed class TruePositives(float[]? thresholds = null, string? name = null) : ConfusionMetric(thresholds, null, null, name, "true_positives")
{
    private protected override double Value(int t) => Counts.TruePositives[t];
}

/// <summary>Keras <c>FalsePositives</c>: the weighted count of negative labels predicted positive.</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5.</param>
/// <param name="name">Display name; default <c>"false_positives"</c>.</param>
public sealed class FalsePositives(float[]? thresholds = null, string? name = null) : ConfusionMetric(thresholds, null, null, name, "false_positives")
{
    /// <summary>Fewer false positives are better.</summary>
    public override bool HigherIsBetter => false;

    private protected override double Value(int t) => Counts.FalsePositives[t];
}

/// <summary>Keras <c>TrueNegatives</c>: the weighted count of negative labels predicted negative.</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5.</param>
/// <param name="name">Display name; default <c>"true_negatives"</c>.</param>
public sealed class TrueNegatives(float[]? thresholds = null, string? name = null) : ConfusionMetric(thresholds, null, null, name, "true_negatives")
{
    private protected override double Value(int t) => Counts.TrueNegatives[t];
}

/// <summary>Keras <c>FalseNegatives</c>: the weighted count of positive labels predicted negative.</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5.</param>
/// <param name="name">Display name; default <c>"false_negatives"</c>.</param>
public sealed class FalseNegatives(float[]? thresholds = null, string? name = null) : ConfusionMetric(thresholds, null, null, name, "false_negatives")
{
    /// <summary>Fewer false negatives are better.</summary>
    public override bool HigherIsBetter => false;

    private protected override double Value(int t) => Counts.FalseNegatives[t];
}
