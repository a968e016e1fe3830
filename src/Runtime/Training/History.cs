namespace GenNet;

/// <summary>
/// What <see cref="O:GenNet.Model.Fit"/> returns, as Keras' <c>History</c>: one value per epoch for every logged key
/// (<c>loss</c>, metrics, <c>val_</c> ones), keys in ordinal order.
/// </summary>
public sealed partial class History : Callback
{
    private readonly SortedDictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly List<int> _epochs = new();

    /// <summary>Per-epoch values by key, e.g. <c>history.Values["val_loss"]</c>.</summary>
    public IReadOnlyDictionary<string, List<double>> Values => _values;

    /// <summary>The 0-based epoch indices that ran.</summary>
    public IReadOnlyList<int> Epoch => _epochs;

    /// <summary>The training parameters: <c>verbose</c>, <c>epochs</c>, <c>steps</c>.</summary>
    public IReadOnlyDictionary<string, int> Params { get; internal set; } = new Dictionary<string, int>();

    /// <summary>The values of <paramref name="key"/>, one per epoch.</summary>
    public IReadOnlyList<double> this[string key] =>
        _values.TryGetValue(key, out var list) ? list : throw new KeyNotFoundException($"No '{key}' in the history; it has: {string.Join(", ", _values.Keys)}.");

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<double>();
            list.Add(value);
        }
    }
}
