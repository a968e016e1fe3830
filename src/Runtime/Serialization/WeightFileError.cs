namespace GenNet.Serialization;

/// <summary>
/// Builds the exception for a weight file that cannot be loaded (corrupt, truncated, not safetensors, or from a
/// different architecture). It is an <see cref="InvalidDataException"/> (sealed, so GenNet has no subtype of its
/// own) whose message names the file, then what was expected and what was found.
/// </summary>
internal static class WeightFileError
{
    public static InvalidDataException Create(string source, string problem, Exception? innerException = null) =>
        new($"Cannot load weights from '{source}': {problem}", innerException);
}
