using GenNet.Serialization;

namespace GenNet;

public abstract partial class Model
{
    /// <summary>
    /// Saves every weight (<see cref="ModelInfo.Weights"/>, trainable and not) to <paramref name="path"/> in the
    /// safetensors format: F32 little-endian tensors named like <c>dense_1.kernel</c> (Dense kernels
    /// <c>[inputs, units]</c>, row-major), with <c>format</c>, <c>model</c>, <c>fingerprint</c>, <c>input_shape</c> and
    /// <c>output_shape</c> in the <c>__metadata__</c>. Files load in Python with <c>safetensors.safe_open</c>.
    /// </summary>
    /// <remarks>
    /// Atomic: the file is written next to <paramref name="path"/> under a temporary name, flushed to disk and then
    /// renamed over it, so a crash or error leaves either the old file or the new one, never a mix.
    /// </remarks>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes the weights to <paramref name="stream"/> in the format of <see cref="Save(string)"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WeightFileWriter.Write(stream, Info, ParameterSpan.ToArray(), StateSpan.ToArray());
    }

    /// <summary>
    /// Loads weights saved by <see cref="Save(string)"/> from a model of the same architecture.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid safetensors file, was saved from a different architecture (its fingerprint differs),
    /// or its tensors do not match this model's names, dtype (F32) and shapes. Nothing is loaded.
    /// </exception>
    public void Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Load(file, path);
    }

    /// <summary>
    /// Loads weights from <paramref name="stream"/> (from its position to its end) in the format of
    /// <see cref="Save(string)"/>; see <see cref="Load(string)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is not a matching weight file; nothing is loaded.</exception>
    public void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Load(stream, stream is FileStream file ? file.Name : "stream");
    }

    private void Load(Stream stream, string source)
    {
        // Read and check everything into copies first; only a fully valid file reaches the model's buffers.
        var (parameters, state) = WeightFileReader.Read(stream, Info, ParameterSpan, StateSpan, source);
        parameters.CopyTo(ParameterSpan);
        state.CopyTo(StateSpan);
        WeightsWritten();
    }
}
