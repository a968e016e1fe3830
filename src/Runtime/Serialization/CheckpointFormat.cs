using System.Globalization;

namespace GenNet.Serialization;

/// <summary>
/// The names a training checkpoint uses (<see cref="CheckpointWriter"/>, <see cref="CheckpointReader"/>): a safetensors
/// file holding the weight file's tensors and metadata plus the optimizer's slots and the training progress.
/// </summary>
/// <remarks>
/// Tensors: every weight under its key (<c>dense.kernel</c>, <c>batch_normalization.moving_mean</c>), and slot k of every
/// trainable weight as <c>optimizer.slot{k}.{key}</c> in the weight's shape. Metadata (strings): the weight file's
/// (<c>format</c>, <c>model</c>, <c>fingerprint</c>, shapes), then <c>checkpoint</c> (the format version), <c>class</c>
/// (the .NET model class), <c>optimizer</c>, <c>optimizer_slots</c>, <c>iterations</c>, <c>learning_rate</c>,
/// <c>optimizer.{scalar}</c> (Nadam's <c>momentum_product</c>), <c>seed</c>, <c>training_steps</c>, <c>shuffle_state</c>
/// (four hexadecimal words, or <c>none</c>) and <c>epoch</c>. Numbers are invariant text that round-trips exactly.
/// </remarks>
internal static class CheckpointFormat
{
    public const string FormatVersion = "1";
    public const string VersionKey = "checkpoint";
    public const string ClassKey = "class";
    public const string OptimizerKey = "optimizer";
    public const string SlotsKey = "optimizer_slots";
    public const string IterationsKey = "iterations";
    public const string LearningRateKey = "learning_rate";
    public const string ScalarPrefix = "optimizer.";
    public const string SeedKey = "seed";
    public const string StepsKey = "training_steps";
    public const string ShuffleKey = "shuffle_state";
    public const string EpochKey = "epoch";
    public const string NoShuffle = "none";

    /// <summary>The key of slot <paramref name="slot"/> of weight <paramref name="weight"/>.</summary>
    public static string SlotName(int slot, string weight) => "optimizer.slot" + slot.ToString(CultureInfo.InvariantCulture) + "." + weight;

    /// <summary>Every weight, then every slot of every trainable weight, over copies the caller owns.</summary>
    public static List<TensorTarget> Targets(ModelInfo info, float[] parameters, float[] state, float[] slots, int slotCount)
    {
        var targets = WeightFileReader.Targets(info, parameters, state);
        for (int k = 0; k < slotCount; k++)
        {
            foreach (var w in info.Weights.Where(w => w.Trainable))
            {
                targets.Add(new TensorTarget(SlotName(k, w.Name), w.Shape, slots, k * info.ParameterCount + w.Offset));
            }
        }
        return targets;
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Text(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
