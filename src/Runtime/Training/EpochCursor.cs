namespace GenNet;

/// <summary>
/// Where training (or validation) stands in its passes over a <see cref="DataSource"/>, with the semantics of Keras'
/// epoch iterator: without a step count every epoch is one whole pass; with one, the pass goes on across epochs (each
/// epoch takes that many batches) and the next pass begins after the epoch in which this one ran out — an epoch that
/// runs out early ends early.
/// </summary>
internal sealed class EpochCursor
{
    private readonly Rng? _shuffle;
    private readonly int? _stepsPerEpoch;
    private int _position;
    private bool _inPass;

    public EpochCursor(DataSource source, int batchSize, int? stepsPerEpoch, Rng? shuffle)
    {
        Source = source;
        BatchSize = Math.Min(batchSize, source.Count);
        _stepsPerEpoch = stepsPerEpoch;
        _shuffle = shuffle;
        BatchesPerPass = (source.Count + batchSize - 1) / batchSize;
    }

    public DataSource Source { get; }

    /// <summary>Rows per batch (the last batch of a pass may hold fewer); never more than the source holds.</summary>
    public int BatchSize { get; }

    /// <summary>Batches in one whole pass.</summary>
    public int BatchesPerPass { get; }

    /// <summary>The steps an epoch is announced with (History's "steps", the progress bar).</summary>
    public int Steps => _stepsPerEpoch ?? BatchesPerPass;

    /// <summary>Whether the last epoch stopped before <see cref="Steps"/> because the pass ran out.</summary>
    public bool RanOut { get; private set; }

    /// <summary>Begins an epoch: a new pass unless a step count keeps the current one going.</summary>
    public void BeginEpoch()
    {
        RanOut = false;
        if (_inPass && _stepsPerEpoch is not null) return;
        Source.BeginPass(_shuffle);
        _position = 0;
        _inPass = true;
    }

    /// <summary>The next batch's first position and row count, or false when the pass has run out.</summary>
    public bool TryNext(out int start, out int count)
    {
        start = _position;
        count = Math.Min(BatchSize, Source.Count - _position);
        if (count <= 0)
        {
            RanOut = _stepsPerEpoch is not null;
            return false;
        }
        _position += count;
        return true;
    }

    /// <summary>Ends an epoch: a pass that is used up makes the next epoch begin a new one.</summary>
    public void EndEpoch()
    {
        if (_position >= Source.Count) _inPass = false;
    }
}
