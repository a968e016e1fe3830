namespace GenNet.Metrics;

/// <summary>Keras <c>Precision</c>: <c>TP / (TP + FP)</c> per threshold (0 when nothing is predicted positive).</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5 (with top_k: every kept score).</param>
/// <param name="topK">Only each row's k highest scores can count as positive (ties: lower index first).</param>
/// <param name="classId">Score only this class column.</param>
/// <param name="name">Display name; default <c>"precision"</c>.</param>
public sealed class Precision(float[]? thresholds = null, int? topK = null, int? classId = null, string? name = null)
    : ConfusionMetric(thresholds, topK, classId, name, "precision")
{
    private protected override double Value(int t) =>
        ConfusionCounts.Ratio(Counts.TruePositives[t], Counts.TruePositives[t] + Counts.FalsePositives[t]);
}

/// <summary>Keras <c>Recall</c>: <c>TP / (TP + FN)</c> per threshold (0 when there are no positive labels).</summary>
/// <param name="thresholds">Predictions above a threshold count as positive; each in [0, 1]; default 0.5 (with top_k: every kept score).</param>
/// <param name="topK">Only each row's k highest scores can count as positive (ties: lower index first).</param>
/// <param name="classId">Score only this class column.</param>
/// <param name="name">Display name; default <c>"recall"</c>.</param>
public sealed class Recall(float[]? thresholds = null, int? topK = null, int? classId = null, string? name = null)
    : ConfusionMetric(thresholds, topK, classId, name, "recall")
{
    private protected override double Value(int t) =>
        ConfusionCounts.Ratio(Counts.TruePositives[t], Counts.TruePositives[t] + Counts.FalseNegatives[t]);
}
