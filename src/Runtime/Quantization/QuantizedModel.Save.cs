using GenNet.Quantization;
using GenNet.Serialization;

namespace GenNet;

public sealed partial class QuantizedModel
{
    /// <summary>
    /// Saves this quantized model to <paramref name="path"/> as safetensors (the stored int8 weights, their scales, the
    /// int32 or float biases and the activation scales; layout in docs/QUANTIZATION.md), atomically like
    /// <see cref="Model.Save(string)"/>. <see cref="Load(Model, string)"/> rebuilds it bit for bit.
    /// </summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Writes this model to <paramref name="stream"/> in the format of <see cref="Save(string)"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        QuantizedWeightFile.Write(stream, this);
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save(string)"/> onto the float model's class: <paramref name="model"/> supplies
    /// the layers and shapes (its own weights are not used) and must have the architecture the file was saved from.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid safetensors file, was saved from another architecture, is not a quantized model, or holds
    /// a tensor of the wrong name, dtype or shape, a non-positive scale or an int8 weight of −128.
    /// </exception>
    /// <exception cref="NotSupportedException">The model has a layer that quantization does not support.</exception>
    public static QuantizedModel Load(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return QuantizedWeightFile.Read(model, file, new FileSource(path, "quantized weights"));
    }

    /// <summary>Loads a model from <paramref name="stream"/> (its position to its end); see <see cref="Load(Model, string)"/>.</summary>
    public static QuantizedModel Load(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        return QuantizedWeightFile.Read(model, stream, new FileSource(stream is FileStream f ? f.Name : "stream", "quantized weights"));
    }
}
