using GenNet.Serialization;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Saves everything training needs to continue exactly where it stands: every weight (trainable and
    /// <see cref="State"/>, e.g. BatchNormalization's moving statistics), the optimizer's slots, step count
    /// (<see cref="Optimizer.Iterations"/>), learning rate and own scalars, the shuffle and dropout streams, and the number
    /// of epochs completed. Like Keras' <c>model.save()</c> with the optimizer, or a PyTorch checkpoint of
    /// <c>model</c>/<c>optimizer</c> <c>state_dict</c>s plus the RNG state.
    /// </summary>
    /// <remarks>
    /// The file is safetensors (the weights under their usual keys, the slots as <c>optimizer.slot{k}.{key}</c>, the rest in
    /// <c>__metadata__</c>), written atomically like <see cref="Save(string)"/>. Resume with a model of the same class, compiled
    /// with the same kind of optimizer: <c>int epoch = model.LoadCheckpoint(path); model.Fit(x, y, epochs: 10, initialEpoch: epoch)</c>
    /// gives the same weights, bit for bit, as a run that was never interrupted. The <see cref="BackupAndRestore"/> callback
    /// does this at every epoch's end. Save between epochs (after <c>Fit</c>, or from a callback's <c>OnEpochEnd</c>): a
    /// checkpoint records whole epochs, so one saved in the middle of an epoch resumes at that epoch's start with the weights
    /// of its middle, which no unbroken run has.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public void SaveCheckpoint(string path)
    {
        var trainer = Trainer; // throws before a file is created
        AtomicFile.Write(path, stream => WriteCheckpoint(stream, trainer));
    }

    /// <summary>Writes a checkpoint to <paramref name="stream"/> in the format of <see cref="SaveCheckpoint(string)"/>.</summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public void SaveCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteCheckpoint(stream, Trainer);
    }

    /// <summary>
    /// Restores a checkpoint saved by <see cref="SaveCheckpoint(string)"/> and returns the number of epochs it had completed,
    /// the <c>initialEpoch</c> for the <see cref="O:GenNet.Model.Fit"/> that continues it. The model must be compiled with
    /// an optimizer of the same kind (same Keras name and slots, e.g. Adam with the same <c>amsgrad</c>); its
    /// hyper-parameters are the compiled ones, its state (and the learning rate, which callbacks may have changed) the
    /// checkpoint's. Which layers are frozen (<see cref="Layer.Trainable"/>) is the model's, not the checkpoint's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid checkpoint, was saved from another model class or architecture, or with another optimizer
    /// (the message names both), or is truncated or corrupt. Nothing is loaded.
    /// </exception>
    public int LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var trainer = Trainer;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return ReadCheckpoint(file, trainer, path);
    }

    /// <summary>Restores a checkpoint from <paramref name="stream"/> (its position to its end); see <see cref="LoadCheckpoint(string)"/>.</summary>
    public int LoadCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadCheckpoint(stream, Trainer, stream is FileStream file ? file.Name : "stream");
    }

    private void WriteCheckpoint(Stream stream, Trainer trainer) =>
        CheckpointWriter.Write(stream, Info, ModelClass, ParameterSpan.ToArray(), StateSpan.ToArray(), trainer.Optimizer, trainer.CaptureProgress());

    private int ReadCheckpoint(Stream stream, Trainer trainer, string source)
    {
        var optimizer = trainer.Optimizer;
        var content = CheckpointReader.Read(stream, Info, ModelClass, optimizer, new FileSource(source, "checkpoint"));
        // Everything is read and checked: only now does anything change.
        content.Parameters.CopyTo(ParameterSpan);
        WeightsWritten();
        content.State.CopyTo(StateSpan);
        content.Slots.CopyTo(optimizer.SlotBuffer, 0);
        optimizer.RestoreIterations(content.Iterations);
        // A schedule's rate follows from the restored iterations; a fixed rate (ReduceLROnPlateau may have lowered it) is restored.
        if (optimizer.Schedule is null) optimizer.LearningRate = content.LearningRate;
        foreach (var (name, value) in content.Scalars) optimizer.RestoreScalar(name, value);
        trainer.RestoreProgress(content.Progress);
        return content.Progress.Epoch;
    }

    /// <summary>The generated model class, as checkpoints name it.</summary>
    private string ModelClass => GetType().FullName ?? GetType().Name;
}
