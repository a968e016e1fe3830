namespace GenNet.Serialization.Keras;

/// <summary>The runtime's file-path entry to the Keras reader (src/Shared/Keras/KerasFile.cs, shared with the generator, does no file IO).</summary>
internal static partial class KerasFile
{
    /// <summary>
    /// The file's layers. With a config: every layer but <c>InputLayer</c>, in config order. Bare weights: one entry per
    /// <paramref name="keysForBareWeights"/> key (the model's layers), named by key, class null.
    /// </summary>
    public static List<KerasLayer> Read(string path, IReadOnlyList<string> keysForBareWeights) =>
        Read(File.ReadAllBytes(path), Path.GetFileName(path), keysForBareWeights);
}
