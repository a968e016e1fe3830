namespace GenNet.Data;

/// <summary>Sliding windows over a time series, as Keras' <c>keras.utils.timeseries_dataset_from_array</c> (docs/DATA.md).</summary>
public static class Timeseries
{
    /// <summary>
    /// The windows of <paramref name="sequenceLength"/> steps over <paramref name="data"/> as a <see cref="DataSource"/>
    /// for <c>Fit</c>/<c>Evaluate</c>: window <c>i</c> starts at step <c>StartIndex + i·SequenceStride</c> and takes every
    /// <c>SamplingRate</c>-th step from there; its label is <c>targets</c> row <c>StartIndex + i·SequenceStride</c> (Keras:
    /// the target for window i is <c>targets[i]</c> of the same slice). Nothing is copied: each batch's windows are
    /// gathered from <paramref name="data"/> straight into the trainer's buffer.
    /// </summary>
    /// <remarks>
    /// The number of windows is Keras 3's: with <c>n = EndIndex − StartIndex − (sequenceLength − 1)·SamplingRate</c>
    /// window starts (at most the number of target rows), the windows are those starting at <c>0, SequenceStride, …</c> below
    /// n, relative to <c>StartIndex</c>. The target of the window starting at relative position p is
    /// <c>targets[StartIndex + p]</c>: Keras slices the targets from <c>start_index</c> as it slices the data.
    /// <para><c>Shuffle</c> reorders the windows once, here, with a GenNet <see cref="Rng"/> seeded by <c>Seed</c> (Keras:
    /// NumPy's <c>RandomState(seed).shuffle</c> of the start positions, so the order differs from Keras'; the windows do
    /// not); without a seed one is drawn at random, as Keras does. <see cref="TimeseriesDataSource.ReadBatch"/> then walks
    /// the windows in that order in batches of <c>BatchSize</c>, as iterating Keras' dataset does. <c>Fit</c> takes its own
    /// <c>batchSize</c> (pass <see cref="TimeseriesDataSource.BatchSize"/>) and, with its <c>shuffle</c>, draws a fresh window
    /// order every epoch from the model's shuffle stream (Keras' per-iteration local shuffle buffer has no counterpart).</para>
    /// <para>Keras' argument checks are kept (its end_index must be below the data's length when given); where Keras would
    /// return an empty data set (no window fits) this throws, naming the sizes.</para>
    /// </remarks>
    /// <param name="data">Row-major <c>timesteps × features</c> values. Kept by reference, not copied: do not change it while training.</param>
    /// <param name="features">Values per time step.</param>
    /// <param name="targets">Row-major <c>rows × targetSize</c> labels, row i belonging to the window that starts at step i; or null for windows without labels.</param>
    /// <param name="sequenceLength">Steps per window (Keras' <c>sequence_length</c>).</param>
    /// <param name="SequenceStride">Steps between the starts of successive windows.</param>
    /// <param name="SamplingRate">Steps between successive steps of a window.</param>
    /// <param name="BatchSize">Windows per batch of <see cref="TimeseriesDataSource.ReadBatch"/> (Keras' default 128); null: one window per batch, as Keras' unbatched dataset.</param>
    /// <param name="Shuffle">Reorder the windows once, with <paramref name="Seed"/>.</param>
    /// <param name="Seed">Seed of that order; null: drawn at random (Keras).</param>
    /// <param name="StartIndex">The first step windows may use (default 0).</param>
    /// <param name="EndIndex">The step after the last one windows may use (default: the data's length).</param>
    /// <param name="targetSize">Label values per target row.</param>
    /// <exception cref="ArgumentException">Sizes that do not fit the arrays, or Keras' invalid arguments (named in the message).</exception>
    public static TimeseriesDataSource Windows(float[] data, int features, float[]? targets, int sequenceLength,
        int SequenceStride = 1, int SamplingRate = 1, int? BatchSize = 128, bool Shuffle = false, int? Seed = null,
        int? StartIndex = null, int? EndIndex = null, int targetSize = 1)
        => new(data, features, targets, targetSize, sequenceLength, SequenceStride, SamplingRate, BatchSize, Shuffle, Seed, StartIndex, EndIndex);
}

/// <summary>The windows <see cref="Timeseries.Windows"/> makes: each sample is one window of <c>SequenceLength × Features</c> values.</summary>
public sealed class TimeseriesDataSource : DataSource
{
    private readonly float[] _data;
    private readonly float[]? _targets;
    private readonly int _features, _targetSize, _startIndex;
    private readonly int[] _windows; // position → window, in the order Shuffle fixed (else 0, 1, …)
    private readonly int[] _order;   // pass position → window: _windows, or Fit's per-pass permutation

    internal TimeseriesDataSource(float[] data, int features, float[]? targets, int targetSize, int sequenceLength,
        int sequenceStride, int samplingRate, int? batchSize, bool shuffle, int? seed, int? startIndex, int? endIndex)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "Expected at least one value per time step.");
        if (data.Length % features != 0)
            throw new ArgumentException($"Expected the data's length to be a multiple of features = {features}, got {data.Length}.", nameof(data));
        int steps = data.Length / features;
        if (sequenceLength < 1) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, "Expected sequence_length of at least 1.");
        if (samplingRate < 1 || samplingRate >= steps)
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, $"Expected sampling_rate above 0 and below the data's length ({steps} steps), as Keras.");
        if (sequenceStride < 1 || sequenceStride >= steps)
            throw new ArgumentOutOfRangeException(nameof(sequenceStride), sequenceStride, $"Expected sequence_stride above 0 and below the data's length ({steps} steps), as Keras.");
        if (batchSize is < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected batch_size of at least 1, or null for one window per batch.");
        int start = startIndex ?? 0;
        if (start < 0 || start >= steps)
            throw new ArgumentOutOfRangeException(nameof(startIndex), start, $"Expected start_index in [0, {steps}) (the data's length), as Keras.");
        if (endIndex is { } e && (e <= 0 || e <= start || e >= steps))
            throw new ArgumentOutOfRangeException(nameof(endIndex), e, $"Expected end_index above start_index = {start} and below the data's length ({steps} steps), as Keras (omit it to use every step).");
        int end = endIndex ?? steps;
        long starts = end - start - (long)(sequenceLength - 1) * samplingRate;
        int targetRows = 0;
        if (targets is not null)
        {
            if (targetSize < 1) throw new ArgumentOutOfRangeException(nameof(targetSize), targetSize, "Expected at least one value per target row.");
            if (targets.Length % targetSize != 0)
                throw new ArgumentException($"Expected the targets' length to be a multiple of targetSize = {targetSize}, got {targets.Length}.", nameof(targets));
            targetRows = targets.Length / targetSize;
            starts = Math.Min(starts, targetRows);
        }
        if (starts <= 0)
            throw new ArgumentException($"No window fits: {sequenceLength} steps at sampling_rate {samplingRate} span {(long)(sequenceLength - 1) * samplingRate + 1} steps, steps [{start}, {end}) hold {end - start}{(targets is null ? "" : $", targets hold {targetRows} rows")}.", nameof(sequenceLength));
        int count = (int)((starts + sequenceStride - 1) / sequenceStride);
        if (targets is not null && start + (long)(count - 1) * sequenceStride >= targetRows)
            throw new ArgumentException($"Expected a target row for every window: the last window starts at step {start + (long)(count - 1) * sequenceStride}, the targets hold {targetRows} rows.", nameof(targets));
        if ((long)sequenceLength * features > int.MaxValue)
            throw new ArgumentException($"Expected a window of at most {int.MaxValue} values, got {sequenceLength} × {features}.", nameof(sequenceLength));

        _data = data;
        _targets = targets;
        _features = features;
        _targetSize = targets is null ? 0 : targetSize;
        _startIndex = start;
        SequenceLength = sequenceLength;
        SequenceStride = sequenceStride;
        SamplingRate = samplingRate;
        Count = count;
        BatchSize = batchSize;
        Shuffle = shuffle;
        _windows = new int[count];
        _order = new int[count];
        for (int i = 0; i < count; i++) _windows[i] = i;
        if (shuffle)
        {
            Seed = seed ?? Random.Shared.Next();
            new Rng(unchecked((ulong)Seed.Value)).Shuffle(_windows);
        }
        else Seed = seed;
        _windows.CopyTo(_order, 0);
    }

    /// <summary>Steps per window.</summary>
    public int SequenceLength { get; }

    /// <summary>Steps between the starts of successive windows.</summary>
    public int SequenceStride { get; }

    /// <summary>Steps between successive steps of a window.</summary>
    public int SamplingRate { get; }

    /// <summary>Values per time step.</summary>
    public int Features => _features;

    /// <summary>Windows per batch of <see cref="ReadBatch"/> (and the <c>batchSize</c> to give <c>Fit</c>); null: one.</summary>
    public int? BatchSize { get; }

    /// <summary>Whether the windows were reordered once at construction.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed of that order (the one drawn when none was given), or the seed given without shuffling.</summary>
    public int? Seed { get; }

    /// <summary>Batches of <see cref="BatchSize"/> windows in one walk over the windows (the last may be smaller).</summary>
    public int BatchCount => (Count + (BatchSize ?? 1) - 1) / (BatchSize ?? 1);

    /// <summary>
    /// Writes batch <paramref name="batch"/> of the windows in their fixed order (unshuffled, or the order
    /// <see cref="Shuffle"/> drew), as the <paramref name="batch"/>-th element of Keras' dataset: <paramref name="x"/> gets
    /// <c>rows × SequenceLength × Features</c> values, <paramref name="y"/> <c>rows × targetSize</c> (empty without targets).
    /// Returns the rows written (<see cref="BatchSize"/>, fewer in the last batch). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> outside <c>[0, BatchCount)</c>.</exception>
    /// <exception cref="ArgumentException">Too little room in <paramref name="x"/> or <paramref name="y"/>.</exception>
    public int ReadBatch(int batch, Span<float> x, Span<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, BatchCount);
        int size = BatchSize ?? 1, first = batch * size, rows = Math.Min(size, Count - first);
        CheckRoom(rows, x, y);
        for (int k = 0; k < rows; k++) WriteWindow(_windows[first + k], k, x, y);
        return rows;
    }

    /// <summary>The data step where window <paramref name="window"/> (in unshuffled order) starts; its label is that target row.</summary>
    public int WindowStart(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(window, Count);
        return _startIndex + window * SequenceStride;
    }

    /// <inheritdoc/>
    public override int InputSize => SequenceLength * _features;

    /// <inheritdoc/>
    public override int LabelSize => _targetSize;

    /// <inheritdoc/>
    public override int Count { get; }

    /// <summary>Starts a pass: the windows in their fixed order, or in an order drawn from <paramref name="shuffle"/> (<see cref="Rng.Permutation"/>).</summary>
    public override void BeginPass(Rng? shuffle)
    {
        if (shuffle is not null) shuffle.Permutation(_order);
        else _windows.CopyTo(_order, 0);
    }

    /// <inheritdoc/>
    public override void Read(int start, int count, Span<float> x, Span<float> y, Span<float> sampleWeights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        CheckRoom(count, x, y);
        for (int k = 0; k < count; k++) WriteWindow(_order[start + k], k, x, y);
    }

    private void CheckRoom(int rows, Span<float> x, Span<float> y)
    {
        if (x.Length < rows * InputSize) throw new ArgumentException($"Expected room for {rows} windows of {InputSize} values, got {x.Length}.", nameof(x));
        if (y.Length < rows * _targetSize) throw new ArgumentException($"Expected room for {rows} labels of {_targetSize} values, got {y.Length}.", nameof(y));
    }

    /// <summary>Gathers window <paramref name="window"/> into row <paramref name="row"/> of x (and its target into y): the one copy.</summary>
    private void WriteWindow(int window, int row, Span<float> x, Span<float> y)
    {
        int first = WindowStart(window);
        Span<float> destination = x.Slice(row * InputSize, InputSize);
        for (int j = 0; j < SequenceLength; j++)
            _data.AsSpan((first + j * SamplingRate) * _features, _features).CopyTo(destination.Slice(j * _features, _features));
        if (_targets is not null)
            _targets.AsSpan(first * _targetSize, _targetSize).CopyTo(y.Slice(row * _targetSize, _targetSize));
    }
}
