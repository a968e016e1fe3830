namespace GenNet.Serialization;

/// <summary>
/// Reads a safetensors weight file into new copies of a model's buffers (through <see cref="SafetensorsReader"/>, which
/// checks everything first), after checking the architecture fingerprint in its metadata. The caller swaps the copies in
/// only when this returns, so a bad file never leaves a model half loaded.
/// </summary>
internal static class WeightFileReader
{
    /// <summary>Returns the parameter and state buffers the file describes, or throws <see cref="InvalidDataException"/>.</summary>
    /// <param name="stream">Read from its current position to its end.</param>
    /// <param name="info">The model the file must match.</param>
    /// <param name="parameters">Current trainable buffer; the result starts as a copy, so floats no weight covers keep their values.</param>
    /// <param name="state">Current non-trainable buffer, likewise.</param>
    /// <param name="source">The file name for messages.</param>
    public static (float[] Parameters, float[] State) Read(Stream stream, ModelInfo info,
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> state, FileSource source)
    {
        float[] newParameters = parameters.ToArray();
        float[] newState = state.ToArray();
        SafetensorsReader.Read(stream, source, $"model '{info.Name}'", metadata =>
        {
            CheckArchitecture(metadata, info, source);
            return Targets(info, newParameters, newState);
        });
        return (newParameters, newState);
    }

    /// <summary>Every weight of <paramref name="info"/> under its key, into <paramref name="parameters"/> or <paramref name="state"/>.</summary>
    public static List<TensorTarget> Targets(ModelInfo info, float[] parameters, float[] state) =>
        info.Weights.Select(w => new TensorTarget(w.Name, w.Shape, w.Trainable ? parameters : state, w.Offset)).ToList();

    /// <summary>The file's fingerprint must be the model's: the most telling problem comes first.</summary>
    public static void CheckArchitecture(Dictionary<string, string> metadata, ModelInfo info, FileSource source)
    {
        metadata.TryGetValue("model", out string? fileModel);
        string fileModelText = fileModel is null ? "no model name" : $"model '{fileModel}'";
        if (!metadata.TryGetValue("fingerprint", out string? fingerprint))
        {
            throw WeightFileError.Create(source, $"the file has no architecture fingerprint in its {SafetensorsHeader.MetadataKey} (it was not saved by GenNet); expected fingerprint {info.Fingerprint} of model '{info.Name}'.");
        }
        if (fingerprint != info.Fingerprint)
        {
            throw WeightFileError.Create(source, $"this file was saved from a different architecture: expected fingerprint {info.Fingerprint} (model '{info.Name}'), found {fingerprint} ({fileModelText}).");
        }
    }
}
