namespace GenNet;

/// <summary>
/// Keras <c>L1L2</c> on one weight tensor: a penalty <c>L1·Σ|w| + L2·Σw²</c> added to the loss while training and
/// evaluating, and its gradient <c>L1·sign(w) + 2·L2·w</c> added to the weight's before each optimizer step.
/// </summary>
/// <param name="L1">The L1 factor (non-negative).</param>
/// <param name="L2">The L2 factor (non-negative).</param>
public sealed record WeightRegularizer(float L1, float L2);

/// <summary>Which of Keras' weight constraints a <see cref="WeightConstraint"/> is.</summary>
public enum WeightConstraintKind
{
    /// <summary>Keras <c>MaxNorm(max_value, axis)</c>: <c>w · clip(‖w‖, 0, max) / (ε + ‖w‖)</c>.</summary>
    MaxNorm,

    /// <summary>Keras <c>MinMaxNorm(min_value, max_value, rate, axis)</c>: <c>w · (rate·clip(‖w‖, min, max) + (1 − rate)·‖w‖) / (ε + ‖w‖)</c>.</summary>
    MinMaxNorm,

    /// <summary>Keras <c>UnitNorm(axis)</c>: <c>w / (ε + ‖w‖)</c>.</summary>
    UnitNorm,

    /// <summary>Keras <c>NonNeg()</c>: <c>max(w, 0)</c>.</summary>
    NonNeg,
}

/// <summary>
/// A Keras weight constraint on one weight tensor, applied to the weight after every optimizer step. The norms
/// <c>‖w‖</c> are Euclidean over <paramref name="Axes"/> of the weight's shape (Keras' <c>axis</c>; the other axes are
/// kept, one norm per position of them), and ε is Keras' <c>backend.epsilon()</c>, 1e-7.
/// </summary>
/// <param name="Kind">Which constraint.</param>
/// <param name="MinValue">MinMaxNorm's lower bound (0 otherwise).</param>
/// <param name="MaxValue">MaxNorm's and MinMaxNorm's upper bound (0 otherwise).</param>
/// <param name="Rate">MinMaxNorm's rate (1 otherwise).</param>
/// <param name="Axes">The reduced axes, each in <c>[0, rank)</c> (empty for NonNeg).</param>
public sealed record WeightConstraint(WeightConstraintKind Kind, float MinValue, float MaxValue, float Rate, int[] Axes);
