using System.Globalization;
using static GenNet.Serialization.CheckpointFormat;

namespace GenNet.Serialization;

/// <summary>Everything a checkpoint holds, read into new buffers and checked, ready to be swapped in.</summary>
internal sealed record CheckpointContent(float[] Parameters, float[] State, float[] Slots, long Iterations, float LearningRate,
    (string Name, double Value)[] Scalars, TrainingProgress Progress);

/// <summary>
/// Reads a training checkpoint (layout in <see cref="CheckpointFormat"/>) for a compiled model, checking first that it
/// comes from the same architecture and the same kind of optimizer, then every number in its metadata, then (through
/// <see cref="SafetensorsReader"/>) every tensor. Nothing is applied here, so a bad file changes nothing.
/// </summary>
internal static class CheckpointReader
{
    public static CheckpointContent Read(Stream stream, ModelInfo info, string modelClass, Optimizer optimizer, FileSource source)
    {
        var parameters = new float[info.ParameterCount];
        var state = new float[info.StateCount];
        var slots = new float[optimizer.SlotBuffer.Length];
        CheckpointContent? content = null;
        SafetensorsReader.Read(stream, source, $"model '{info.Name}' with optimizer '{optimizer.Name}'", metadata =>
        {
            content = ReadMetadata(metadata, info, modelClass, optimizer, source) with { Parameters = parameters, State = state, Slots = slots };
            return Targets(info, parameters, state, slots, optimizer.SlotsPerParameter);
        });
        return content!;
    }

    private static CheckpointContent ReadMetadata(Dictionary<string, string> metadata, ModelInfo info, string modelClass, Optimizer optimizer,
        FileSource source)
    {
        if (!metadata.TryGetValue(VersionKey, out string? version))
        {
            throw WeightFileError.Create(source, $"the file is not a training checkpoint (its {SafetensorsHeader.MetadataKey} has no '{VersionKey}'); a weight file saved by Model.Save loads with Model.Load.");
        }
        if (version != FormatVersion)
        {
            throw WeightFileError.Create(source, $"the checkpoint has format version '{version}'; this GenNet reads version {FormatVersion}.");
        }

        // The model first: a checkpoint of another class or layout is refused naming both.
        metadata.TryGetValue(ClassKey, out string? fileClass);
        metadata.TryGetValue("fingerprint", out string? fingerprint);
        if (fingerprint != info.Fingerprint)
        {
            throw WeightFileError.Create(source,
                $"the checkpoint was saved from model class '{fileClass ?? "?"}' (fingerprint {fingerprint ?? "none"}); this is '{modelClass}' (fingerprint {info.Fingerprint}), a different architecture.");
        }

        string fileOptimizer = Required(metadata, OptimizerKey, source);
        int fileSlots = (int)Integer(metadata, SlotsKey, 0, 3, source);
        if (fileOptimizer != optimizer.Name || fileSlots != optimizer.SlotsPerParameter)
        {
            throw WeightFileError.Create(source,
                $"the checkpoint was saved with optimizer '{fileOptimizer}' ({Slots(fileSlots)} per parameter); this model is compiled with '{optimizer.Name}' ({Slots(optimizer.SlotsPerParameter)} per parameter). Compile with the optimizer the checkpoint was saved with.");
        }

        long iterations = Integer(metadata, IterationsKey, 0, long.MaxValue, source);
        float learningRate = Float(metadata, LearningRateKey, source);
        var expectedScalars = optimizer.ScalarState.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var scalars = new List<(string, double)>();
        foreach (var (key, value) in metadata.Where(m => m.Key.StartsWith(ScalarPrefix, StringComparison.Ordinal)))
        {
            string name = key[ScalarPrefix.Length..];
            if (!expectedScalars.Remove(name))
            {
                throw WeightFileError.Create(source, $"the checkpoint has '{key}', which optimizer '{optimizer.Name}' does not keep.");
            }
            scalars.Add((name, Double(key, value, source)));
        }
        if (expectedScalars.Count > 0)
        {
            throw WeightFileError.Create(source, $"the checkpoint lacks '{ScalarPrefix}{expectedScalars.First()}', which optimizer '{optimizer.Name}' keeps.");
        }

        var progress = new TrainingProgress(
            (int)Integer(metadata, SeedKey, int.MinValue, int.MaxValue, source),
            Integer(metadata, StepsKey, 0, long.MaxValue, source),
            Shuffle(Required(metadata, ShuffleKey, source), source),
            (int)Integer(metadata, EpochKey, 0, int.MaxValue, source));
        return new CheckpointContent([], [], [], iterations, learningRate, scalars.ToArray(), progress);
    }

    private static string Slots(int count) => count == 1 ? "1 slot" : $"{count} slots";

    private static string Required(Dictionary<string, string> metadata, string key, FileSource source) =>
        metadata.TryGetValue(key, out string? value)
            ? value
            : throw WeightFileError.Create(source, $"the checkpoint's {SafetensorsHeader.MetadataKey} has no '{key}'.");

    private static long Integer(Dictionary<string, string> metadata, string key, long min, long max, FileSource source)
    {
        string text = Required(metadata, key, source);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            throw WeightFileError.Create(source, $"the checkpoint's '{key}' is '{text}'; expected an integer in [{min}, {max}].");
        }
        return value;
    }

    private static float Float(Dictionary<string, string> metadata, string key, FileSource source)
    {
        string text = Required(metadata, key, source);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value) || value < 0)
        {
            throw WeightFileError.Create(source, $"the checkpoint's '{key}' is '{text}'; expected a finite non-negative number.");
        }
        return value;
    }

    private static double Double(string key, string text, FileSource source)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw WeightFileError.Create(source, $"the checkpoint's '{key}' is '{text}'; expected a finite number.");
        }
        return value;
    }

    private static ulong[]? Shuffle(string text, FileSource source)
    {
        if (text == NoShuffle) return null;
        string[] parts = text.Split(',');
        var words = new ulong[4];
        bool valid = parts.Length == 4;
        for (int i = 0; valid && i < 4; i++)
        {
            valid = parts[i].Length == 16 && ulong.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]);
        }
        if (!valid || (words[0] | words[1] | words[2] | words[3]) == 0)
        {
            throw WeightFileError.Create(source, $"the checkpoint's '{ShuffleKey}' is '{Clip(text)}'; expected '{NoShuffle}' or four 16-digit hexadecimal words, not all zero, separated by commas.");
        }
        return words;
    }

    // A hostile file's metadata may be long: messages quote only its start.
    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
