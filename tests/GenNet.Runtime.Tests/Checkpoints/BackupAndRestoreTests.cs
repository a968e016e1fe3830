using static GenNet.Tests.Checkpoints.CheckpointData;

namespace GenNet.Tests.Checkpoints;

/// <summary>
/// <see cref="BackupAndRestore"/>: a Fit interrupted by an exception or a cancellation and run again (by a fresh model, as a
/// restarted process would) finishes with the weights of a run that was never interrupted, and the backup is gone.
/// </summary>
public sealed class BackupAndRestoreTests : IDisposable
{
    private const int Epochs = 5;
    private static readonly (float[] X, float[] Y) Data = Classes(150, seed: 21);
    private readonly string _directory = Directory.CreateTempSubdirectory("gennet-backup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CheckpointBatchNormModel Compiled(int seed)
    {
        var model = new CheckpointBatchNormModel(seed);
        model.Compile(Loss.CategoricalCrossentropy, new RMSprop(0.01f, momentum: 0.5f));
        return model;
    }

    private static History Fit(Model model, IEnumerable<Callback> callbacks, CancellationToken token = default) =>
        model.Fit(Data.X, Data.Y, epochs: Epochs, batchSize: 64, verbose: 0, callbacks: callbacks, cancellationToken: token);

    /// <summary>Throws at a given batch of a given epoch, like a crash in the middle of training.</summary>
    private sealed class Crash(int epoch, int batch) : Callback
    {
        private int _epoch;

        public override void OnEpochBegin(int epoch) => _epoch = epoch;

        public override void OnBatchEnd(int batch1, IReadOnlyDictionary<string, double> logs)
        {
            if (_epoch == epoch && batch1 == batch) throw new IOException("simulated crash");
        }
    }

    [Fact]
    public void Fit_InterruptedByAnExceptionThenRunAgain_SameWeightsAsUnbrokenRun_AndBackupDeleted()
    {
        var unbroken = Compiled(seed: 4);
        Fit(unbroken, []);

        var backup = new BackupAndRestore(_directory);
        var crashed = Compiled(seed: 4);
        Assert.Throws<IOException>(() => Fit(crashed, [backup, new Crash(epoch: 3, batch: 1)]));
        Assert.True(File.Exists(backup.CheckpointPath)); // three epochs were backed up; the crash kept the file

        var restarted = Compiled(seed: 123);
        var history = Fit(restarted, [new BackupAndRestore(_directory)]);

        Assert.Equal([3, 4], history.Epoch);
        Assert.Equal(Bits(unbroken.Parameters), Bits(restarted.Parameters));
        Assert.Equal(Bits(unbroken.State), Bits(restarted.State));
        Assert.Equal(Bits(unbroken.Optimizer.Slots), Bits(restarted.Optimizer.Slots));
        Assert.False(File.Exists(backup.CheckpointPath));
    }

    [Fact]
    public void Fit_CancelledThenRunAgainOnTheSameModel_SameWeightsAsUnbrokenRun()
    {
        var unbroken = Compiled(seed: 8);
        Fit(unbroken, []);

        var model = Compiled(seed: 8);
        using var cancel = new CancellationTokenSource();
        var stopper = new CancelAt(cancel, epoch: 2, batch: 0);
        Assert.ThrowsAny<OperationCanceledException>(() => Fit(model, [new BackupAndRestore(_directory), stopper], cancel.Token));

        Fit(model, [new BackupAndRestore(_directory)]);

        Assert.Equal(Bits(unbroken.Parameters), Bits(model.Parameters));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Fit_WithoutDeleteCheckpoint_KeepsTheLastEpochsBackup()
    {
        var model = Compiled(seed: 1);
        var backup = new BackupAndRestore(Path.Combine(_directory, "nested"), deleteCheckpoint: false);

        Fit(model, [backup]);

        Assert.True(File.Exists(backup.CheckpointPath));
        var reloaded = Compiled(seed: 2);
        Assert.Equal(Epochs, reloaded.LoadCheckpoint(backup.CheckpointPath));
        Assert.Equal(Bits(model.Parameters), Bits(reloaded.Parameters));
    }

    [Fact]
    public void Constructor_EmptyFolder_Throws() =>
        Assert.Throws<ArgumentException>(() => new BackupAndRestore(""));

    /// <summary>Cancels the token at a given batch of a given epoch (Fit checks it before the next batch).</summary>
    private sealed class CancelAt(CancellationTokenSource source, int epoch, int batch) : Callback
    {
        private int _epoch;

        public override void OnEpochBegin(int epoch1) => _epoch = epoch1;

        public override void OnBatchEnd(int batch1, IReadOnlyDictionary<string, double> logs)
        {
            if (_epoch == epoch && batch1 == batch) source.Cancel();
        }
    }
}
