namespace GenNet;

/// <summary>
/// The trainer's part of a training checkpoint: where its random streams stand and how far training has come.
/// </summary>
/// <param name="Seed">The seed the shuffle and dropout streams derive from (the model's, unless a checkpoint set another).</param>
/// <param name="Steps">Training steps taken (the dropout masks of step s are drawn from (seed, s, chunk)).</param>
/// <param name="Shuffle">The shuffle stream's four state words, or null before the first Fit drew from it.</param>
/// <param name="Epoch">Epochs completed: the epoch a resumed Fit starts at.</param>
internal sealed record TrainingProgress(int Seed, long Steps, ulong[]? Shuffle, int Epoch);

// Saving and restoring the streams and counters (Model.Checkpoint.cs); the epoch loop (Trainer.Fit.cs) keeps them.
internal sealed partial class Trainer
{
    // The seed the shuffle and dropout streams derive from.
    private int _randomSeed;

    /// <summary>Epochs completed so far (set at each epoch's end, before the callbacks' OnEpochEnd, so a checkpoint saved there resumes after it).</summary>
    public int Epoch { get; private set; }

    /// <summary>Set by a callback's OnTrainBegin (BackupAndRestore) to start Fit at this epoch instead of its initialEpoch.</summary>
    public int? ResumeEpoch { get; set; }

    /// <summary>Whether the last Fit ran to its end (or an early stop) rather than ending in an exception or a cancellation.</summary>
    public bool FitCompleted { get; private set; }

    /// <summary>The shuffle stream, made from the seed on first use.</summary>
    private Rng ShuffleRng => _shuffleRng ??= new Rng(ShuffleSeed);

    private ulong ShuffleSeed => ((ulong)(uint)_randomSeed << 32) ^ 0x5348554646UL;

    /// <summary>Where the streams and counters stand now.</summary>
    public TrainingProgress CaptureProgress()
    {
        ulong[]? shuffle = null;
        if (_shuffleRng is { } rng)
        {
            shuffle = new ulong[4];
            rng.GetState(shuffle);
        }
        return new TrainingProgress(_randomSeed, _trainingSteps, shuffle, Epoch);
    }

    /// <summary>Continues from <paramref name="progress"/> (already validated).</summary>
    public void RestoreProgress(TrainingProgress progress)
    {
        _randomSeed = progress.Seed;
        _trainingSteps = progress.Steps;
        // In place: a Fit that restores from its OnTrainBegin (BackupAndRestore) already holds the stream.
        if (progress.Shuffle is { } words) ShuffleRng.SetState(words);
        else if (_shuffleRng is { } rng) rng.Reseed(ShuffleSeed);
        Epoch = progress.Epoch;
    }
}
