namespace GenNet;

public abstract partial class Model
{
    // Bumped by every writer of the trainable weights: each optimizer step, Load, LoadKeras, checkpoint restores, embedded
    // weights, and every get of Parameters (whoever takes the writable span may write through it).
    private long _weightsVersion;

    // The projection tables (generated BuildProjectionTables), the weights version they were built from (-1: none, or being
    // rebuilt), and the lock that lets one thread build them while concurrent Predicts wait.
    private float[]? _projectionTables;
    private long _projectionTablesVersion = -1;
    private readonly object _projectionTablesLock = new();

    /// <summary>
    /// A counter of writes to the trainable weights: every optimizer step of Fit/TrainOnBatch, <c>Load</c>,
    /// <c>LoadKeras</c>, checkpoint restores and embedded weights bump it, and so does every get of
    /// <see cref="Parameters"/>. What inference derives from the weights is rebuilt when it changes.
    /// </summary>
    public long WeightsVersion => Interlocked.Read(ref _weightsVersion);

    /// <summary>Records a write to the trainable weights (see <see cref="WeightsVersion"/>).</summary>
    internal void WeightsWritten() => Interlocked.Increment(ref _weightsVersion);

    /// <summary>
    /// Floats of the model's projection tables, 0 for none. Written by the generator for a model whose Embedding feeds an
    /// LSTM or GRU: one table per such layer, <c>[input_dim, gates·units]</c>, within the generator's size limit.
    /// </summary>
    protected virtual int ProjectionTablesLength => 0;

    /// <summary>
    /// Fills <paramref name="tables"/> (<see cref="ProjectionTablesLength"/> floats) from <paramref name="parameters"/>:
    /// for each Embedding → LSTM/GRU pair, row <c>id</c> is <c>embeddings[id]·kernel + input bias</c>, the layer's input
    /// projection of that token. Written by the generator.
    /// </summary>
    protected virtual void BuildProjectionTables(ReadOnlySpan<float> parameters, Span<float> tables) { }

    /// <summary>
    /// The projection tables when they were built from the current weights, else empty: the generated inference
    /// <see cref="Forward"/> reads a recurrent layer's input projection from them by token id, and computes it when empty.
    /// </summary>
    protected ReadOnlySpan<float> ProjectionTables =>
        _projectionTables is { } tables && Interlocked.Read(ref _projectionTablesVersion) == WeightsVersion ? tables : default;

    /// <summary>
    /// Before inference: (re)builds the projection tables when the weights changed since they were built. The buffer is
    /// allocated on the first build and reused; concurrent callers wait for one build.
    /// </summary>
    internal void PrepareProjectionTables()
    {
        int length = ProjectionTablesLength;
        if (length == 0 || Interlocked.Read(ref _projectionTablesVersion) == WeightsVersion) return;
        lock (_projectionTablesLock)
        {
            long version = WeightsVersion;
            if (Interlocked.Read(ref _projectionTablesVersion) == version) return;
            // Invalid while the rows are written, so a concurrent inference computes its projections instead.
            Interlocked.Exchange(ref _projectionTablesVersion, -1);
            _projectionTables ??= new float[length];
            BuildProjectionTables(ParameterSpan, _projectionTables);
            Interlocked.Exchange(ref _projectionTablesVersion, version);
        }
    }
}
