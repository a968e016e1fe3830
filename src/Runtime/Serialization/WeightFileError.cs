namespace GenNet.Serialization;

/// <summary>
/// Builds the exception for a file that cannot be loaded (corrupt, truncated, not safetensors, or from a different
/// architecture). It is an <see cref="InvalidDataException"/> (sealed, so GenNet has no subtype of its own) whose message
/// names the file, then what was expected and what was found.
/// </summary>
internal static class WeightFileError
{
    public static InvalidDataException Create(FileSource source, string problem, Exception? innerException = null) =>
        new($"Cannot load {source.What} from '{source.Name}': {problem}", innerException);
}

/// <summary>The file being read, for messages: its name and what it holds ("weights", "checkpoint").</summary>
internal readonly record struct FileSource(string Name, string What)
{
    /// <summary>A weight file (the default, so a plain name reads as one).</summary>
    public static implicit operator FileSource(string name) => new(name, "weights");
}
