namespace GenNet;

/// <summary>
/// Keras' <c>validation_freq</c>: validate every N epochs (<c>validationFreq: 2</c> → after epochs 2, 4, …) or after
/// the listed 1-based epochs (<c>validationFreq: new[] { 1, 5, 10 }</c>). The default validates after every epoch.
/// </summary>
public readonly struct ValidationFrequency
{
    private readonly int _every;
    private readonly int[]? _epochs;

    private ValidationFrequency(int every, int[]? epochs)
    {
        _every = every;
        _epochs = epochs;
    }

    /// <summary>Validate after every <paramref name="every"/>-th epoch (1-based: epoch numbers divisible by it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1.</exception>
    public static implicit operator ValidationFrequency(int every) =>
        every >= 1 ? new(every, null) : throw new ArgumentOutOfRangeException(nameof(every), every, "Expected validationFreq of at least 1 (validate every N epochs).");

    /// <summary>Validate after exactly the listed epochs, counted from 1 as Keras prints them.</summary>
    /// <exception cref="ArgumentException">The list is null or holds an epoch below 1.</exception>
    public static implicit operator ValidationFrequency(int[] epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        foreach (int e in epochs)
            if (e < 1) throw new ArgumentException($"Expected validationFreq epochs counted from 1, got {e}.", nameof(epochs));
        return new(0, (int[])epochs.Clone());
    }

    /// <summary>Whether to validate after the epoch with 0-based index <paramref name="epoch"/>.</summary>
    internal bool Includes(int epoch) =>
        _epochs is not null ? Array.IndexOf(_epochs, epoch + 1) >= 0 : (epoch + 1) % Math.Max(_every, 1) == 0;
}
