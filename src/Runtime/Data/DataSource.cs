namespace GenNet;

/// <summary>
/// Samples that <c>Fit</c> and <c>Evaluate</c> read batch by batch into their own buffers, for data that does not fit
/// one array (files on disk, generated data). The array overloads of <c>Fit</c>/<c>Evaluate</c> wrap their arrays in a
/// source too, so both train through the same loop.
/// </summary>
/// <remarks>
/// A pass is one walk over the <see cref="Count"/> samples: <see cref="BeginPass"/>, then <see cref="Read"/> for
/// consecutive positions from 0 up (each batch's rows follow the previous batch's). Fit begins a pass every epoch, or,
/// with <c>stepsPerEpoch</c>, continues the pass across epochs and begins the next when this one has run out (Keras'
/// epoch iterator). <c>Evaluate</c> begins a pass of its own, so a source should support starting over at any time.
/// Reads happen on the thread that calls <c>Fit</c>; a source need not be thread-safe. After the first batch
/// <see cref="Read"/> should allocate nothing, like the rest of a training step.
/// </remarks>
public abstract class DataSource
{
    /// <summary>Input floats per sample (the model's <c>InputSize</c>; several inputs side by side, in declaration order).</summary>
    public abstract int InputSize { get; }

    /// <summary>Label floats per sample, as the compiled loss takes them (one-hot rows, or one class id for sparse losses).</summary>
    public abstract int LabelSize { get; }

    /// <summary>Samples in one pass.</summary>
    public abstract int Count { get; }

    /// <summary>Whether <see cref="Read"/> writes a weight per sample (scaling its loss and metrics in training).</summary>
    public virtual bool HasSampleWeights => false;

    /// <summary>
    /// Called before the first read of each pass. <paramref name="shuffle"/> is the model's shuffle stream when Fit
    /// shuffles (seeded from the model's seed, so runs repeat bit for bit), else null: a source that can reorders its
    /// samples with it, e.g. by <see cref="Rng.Permutation"/> of an index or file order: it draws the order afresh from the
    /// identity each pass (not from the previous pass's order), so a pass depends only on the stream's state, which a training
    /// checkpoint saves, and a resumed run reads the samples in the order an unbroken one would.
    /// </summary>
    public virtual void BeginPass(Rng? shuffle) { }

    /// <summary>
    /// Writes the samples at positions <c>[start, start + count)</c> of the current pass: <paramref name="x"/> holds
    /// <c>count × InputSize</c> floats and <paramref name="y"/> <c>count × LabelSize</c>, row-major;
    /// <paramref name="sampleWeights"/> holds <paramref name="count"/> floats when <see cref="HasSampleWeights"/>, else
    /// it is empty. Values must be finite (the trainer checks and names the position otherwise).
    /// </summary>
    public abstract void Read(int start, int count, Span<float> x, Span<float> y, Span<float> sampleWeights);

    /// <summary>
    /// Whether training chunks may read their own rows at once from several threads (the in-memory arrays do: each chunk
    /// gathers its shuffled rows in parallel). Other sources are read a batch at a time on the calling thread, and the
    /// trainer checks that what they wrote is finite.
    /// </summary>
    internal virtual bool ReadsConcurrently => false;
}
