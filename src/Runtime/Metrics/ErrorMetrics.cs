namespace GenNet.Metrics;

// Keras' regression metrics that are the mean of a loss function (keras/src/metrics/regression_metrics.py):
// each is the loss's per-sample value averaged with sample weights, under the metric's own default name.

/// <summary>Keras <c>MeanSquaredError</c> metric ("mse"): the weighted mean of <c>mean_j (t − p)²</c>.</summary>
/// <param name="name">Display name; default <c>"mean_squared_error"</c>.</param>
public sealed class MeanSquaredError(string? name = null)
    : LossMetric(new Losses.MeanSquaredError(), name ?? "mean_squared_error");

/// <summary>Keras <c>MeanAbsoluteError</c> metric ("mae"): the weighted mean of <c>mean_j |t − p|</c>.</summary>
/// <param name="name">Display name; default <c>"mean_absolute_error"</c>.</param>
public sealed class MeanAbsoluteError(string? name = null)
    : LossMetric(new Losses.MeanAbsoluteError(), name ?? "mean_absolute_error");

/// <summary>Keras <c>MeanAbsolutePercentageError</c> metric ("mape"): the weighted mean of <c>100·mean_j |t − p|/max(|t|, ε)</c>.</summary>
/// <param name="name">Display name; default <c>"mean_absolute_percentage_error"</c>.</param>
public sealed class MeanAbsolutePercentageError(string? name = null)
    : LossMetric(new Losses.MeanAbsolutePercentageError(), name ?? "mean_absolute_percentage_error");

/// <summary>Keras <c>MeanSquaredLogarithmicError</c> metric ("msle"): the weighted mean of <c>mean_j (log(1 + p) − log(1 + t))²</c>.</summary>
/// <param name="name">Display name; default <c>"mean_squared_logarithmic_error"</c>.</param>
public sealed class MeanSquaredLogarithmicError(string? name = null)
    : LossMetric(new Losses.MeanSquaredLogarithmicError(), name ?? "mean_squared_logarithmic_error");

/// <summary>Keras <c>LogCoshError</c> metric: the weighted mean of <c>mean_j log cosh(p − t)</c>. Keras' default name is <c>"logcosh"</c>.</summary>
/// <param name="name">Display name; default <c>"logcosh"</c>.</param>
public sealed class LogCoshError(string? name = null)
    : LossMetric(new Losses.LogCosh(), name ?? "logcosh");
