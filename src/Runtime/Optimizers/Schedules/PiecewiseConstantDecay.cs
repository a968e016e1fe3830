namespace GenNet;

/// <summary>
/// Keras <c>PiecewiseConstantDecay</c>: <c>values[0]</c> while <c>step ≤ boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i−1] &lt; step ≤ boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule: <c>new PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1])</c>.</summary>
    /// <exception cref="ArgumentException">Not one value more than boundaries, no boundary, boundaries not strictly
    /// increasing, or a value not finite.</exception>
    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Count != values.Count - 1)
            throw new ArgumentException(
                $"The length of boundaries should be 1 less than the length of values. Received: {boundaries.Count} boundaries and {values.Count} values.",
                nameof(values));
        if (boundaries.Count == 0) throw new ArgumentException("Expected at least one boundary (and two values).", nameof(boundaries));
        for (int i = 1; i < boundaries.Count; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
                throw new ArgumentException(
                    $"Expected strictly increasing boundaries. Received: boundaries[{i - 1}]={boundaries[i - 1]}, boundaries[{i}]={boundaries[i]}.",
                    nameof(boundaries));
        }
        for (int i = 0; i < values.Count; i++) Finite(values[i], $"values[{i}]");
        _boundaries = [.. boundaries];
        _values = [.. values];
    }

    /// <summary>The steps after which the next value applies (Keras <c>boundaries</c>).</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The rate of each interval (Keras <c>values</c>).</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override double LearningRateAt(long step)
    {
        int i = 0;
        while (i < _boundaries.Length && step > _boundaries[i]) i++;
        return _values[i];
    }
}
