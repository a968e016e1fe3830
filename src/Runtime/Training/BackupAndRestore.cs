namespace GenNet;

/// <summary>
/// Keras <c>BackupAndRestore(backup_dir, save_freq="epoch", delete_checkpoint=True)</c>: makes a <c>Fit</c> that was
/// interrupted (an exception, a cancellation, a killed process) resumable. At every epoch's end it saves a training
/// checkpoint (<see cref="Model.SaveCheckpoint(string)"/>, atomic) to <see cref="CheckpointPath"/>; a <c>Fit</c> that starts
/// while that file exists restores it and continues from the epoch after the saved one, so the finished run's weights are
/// the same bit for bit as an uninterrupted run's. When training completes (the last epoch, or an early stop) the backup is
/// deleted, unless <paramref name="deleteCheckpoint"/> is false.
/// </summary>
/// <param name="backupDir">The folder for the backup (created when missing); use one folder per training run.</param>
/// <param name="deleteCheckpoint">Delete the backup once training completes (Keras' default).</param>
/// <remarks>
/// Only the epoch is saved as a unit (Keras' <c>save_freq="epoch"</c>): an interrupted epoch is run again from its start.
/// Other callbacks' own state (EarlyStopping's patience count, ReduceLROnPlateau's wait) is not part of the backup, as in
/// Keras; the learning rate they set is.
/// </remarks>
public sealed class BackupAndRestore(string backupDir, bool deleteCheckpoint = true) : Callback
{
    /// <summary>The file name of the backup inside <see cref="BackupDir"/>.</summary>
    public const string FileName = "latest.checkpoint.safetensors";

    /// <summary>The backup folder.</summary>
    public string BackupDir { get; } = string.IsNullOrEmpty(backupDir)
        ? throw new ArgumentException("Expected a backup folder for BackupAndRestore, got an empty path.", nameof(backupDir))
        : backupDir;

    /// <summary>Whether the backup is deleted when training completes.</summary>
    public bool DeleteCheckpoint { get; } = deleteCheckpoint;

    /// <summary>Where the backup is written: <see cref="BackupDir"/>/<see cref="FileName"/>.</summary>
    public string CheckpointPath => Path.Combine(BackupDir, FileName);

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        if (!File.Exists(CheckpointPath)) return;
        Model.Trainer.ResumeEpoch = Model.LoadCheckpoint(CheckpointPath);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        Directory.CreateDirectory(BackupDir);
        Model.SaveCheckpoint(CheckpointPath);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        // OnTrainEnd also runs after an exception or a cancellation: then the backup is exactly what must survive.
        if (DeleteCheckpoint && Model.Trainer.FitCompleted && File.Exists(CheckpointPath)) File.Delete(CheckpointPath);
    }
}
