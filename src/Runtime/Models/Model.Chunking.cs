namespace GenNet;

// How training and evaluation cut a batch into row chunks (the trainer runs them: Training/Trainer.Chunks.cs). The
// boundaries depend only on the batch size and these settings, never on the thread count, so results are the same bit
// for bit with 1, 2 or 64 threads.
public abstract partial class Model
{
    // The chunking rule (independent of the thread count): rows / MinChunkRows chunks, at most MaxChunks, rounded down
    // to a power of two (so 2, 4, 8 threads share the work evenly), rows spread evenly. Small batches stay one chunk:
    // every chunk repeats per-call work (packing the weights for the GEMMs), which small chunks do not amortize.
    internal const int DefaultMinChunkRows = 32;
    internal const int DefaultMaxChunks = 8;

    /// <summary>Fewest rows that make a chunk (tests and benchmarks change it to compare chunkings).</summary>
    internal int MinChunkRows { get; set; } = DefaultMinChunkRows;

    /// <summary>Most chunks a batch is cut into (1 turns chunking off: tests compare against it).</summary>
    internal int MaxChunks { get; set; } = DefaultMaxChunks;

    private int _threads = Environment.ProcessorCount;
    private bool? _trainsWholeBatch;

    /// <summary>
    /// Threads a training step (<see cref="O:GenNet.Model.Fit"/>, <see cref="TrainOnBatch"/>) and <see cref="O:GenNet.Model.Evaluate"/> may use: the
    /// calling thread plus <c>Threads − 1</c> shared background workers. Defaults to
    /// <see cref="Environment.ProcessorCount"/>; set 1 to stay on the calling thread. Results do not depend on it: the
    /// batch is cut into the same chunks and their gradients summed in the same order whatever the thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int Threads
    {
        get => _threads;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Expected at least 1 thread.");
            _threads = value;
        }
    }

    /// <summary>
    /// True when a layer needs the statistics of the whole batch (<see cref="LayerInfo.NeedsWholeBatch"/>, which the
    /// generator sets for BatchNormalization): such a model trains each batch as one chunk, on one thread.
    /// </summary>
    internal bool TrainsWholeBatch => _trainsWholeBatch ??= Info.Layers.Any(l => l.NeedsWholeBatch);

    /// <summary>Chunks a batch of <paramref name="rows"/> rows is cut into; depends on nothing else.</summary>
    internal int ChunkCount(int rows) =>
        1 << System.Numerics.BitOperations.Log2((uint)Math.Clamp(rows / Math.Max(MinChunkRows, 1), 1, Math.Max(MaxChunks, 1)));

    /// <summary>Rows of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over <paramref name="rows"/> rows: the first <c>rows % chunks</c> get one more.</summary>
    internal static (int Start, int Rows) ChunkRange(int rows, int chunks, int chunk)
    {
        int q = rows / chunks, r = rows % chunks;
        return (chunk * q + Math.Min(chunk, r), q + (chunk < r ? 1 : 0));
    }
}
