using static GenNet.Serialization.CheckpointFormat;

namespace GenNet.Serialization;

/// <summary>Writes a training checkpoint (layout in <see cref="CheckpointFormat"/>).</summary>
internal static class CheckpointWriter
{
    /// <summary>Writes the model's weights, the optimizer's slots and scalars, and the trainer's progress.</summary>
    public static void Write(Stream stream, ModelInfo info, string modelClass, float[] parameters, float[] state, Optimizer optimizer,
        TrainingProgress progress)
    {
        var metadata = WeightFileWriter.Metadata(info);
        metadata[VersionKey] = FormatVersion;
        metadata[ClassKey] = modelClass;
        metadata[OptimizerKey] = optimizer.Name;
        metadata[SlotsKey] = Text(optimizer.SlotsPerParameter);
        metadata[IterationsKey] = Text(optimizer.Iterations);
        metadata[LearningRateKey] = Text(optimizer.LearningRate);
        foreach (var (name, value) in optimizer.ScalarState) metadata[ScalarPrefix + name] = Text(value);
        metadata[SeedKey] = Text(progress.Seed);
        metadata[StepsKey] = Text(progress.Steps);
        metadata[ShuffleKey] = progress.Shuffle is { } words ? string.Join(",", words.Select(w => w.ToString("x16"))) : NoShuffle;
        metadata[EpochKey] = Text(progress.Epoch);

        // The slots are read from the optimizer's own buffer: a checkpoint copies nothing it does not write.
        var slots = optimizer.SlotBuffer;
        WeightFileWriter.Write(stream, Targets(info, parameters, state, slots, optimizer.SlotsPerParameter), metadata);
    }
}
