using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenNet.Serialization;

/// <summary>
/// Writes a model's weights as a safetensors file (layout in <see cref="SafetensorsHeader"/>): every
/// <see cref="WeightInfo"/> under its name as F32, in ordinal name order, with the architecture in the metadata.
/// Training checkpoints (<see cref="CheckpointWriter"/>) add tensors and metadata of their own.
/// </summary>
internal static class WeightFileWriter
{
    /// <summary>Metadata <c>format</c> value; the reference tools use it to say which framework wrote the file.</summary>
    public const string Format = "gennet";

    /// <summary>Writes header and data to <paramref name="stream"/>; the output depends only on the info and the weights.</summary>
    public static void Write(Stream stream, ModelInfo info, float[] parameters, float[] state) =>
        Write(stream, WeightFileReader.Targets(info, parameters, state), Metadata(info));

    /// <summary>
    /// Writes <paramref name="tensors"/> (each read from its buffer slice as F32, or its <see cref="TensorTarget.Raw"/>
    /// bytes) in the reference order — dtype alignment (largest first), then ordinal name; for F32 files simply the name
    /// order — after the header with <paramref name="metadata"/>.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<TensorTarget> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var ordered = tensors.OrderByDescending(t => t.ElementSize).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var entries = new List<SafetensorsEntry>(ordered.Length);
        ulong offset = 0;
        foreach (var t in ordered)
        {
            ulong bytes = (ulong)t.Length * (ulong)t.ElementSize;
            entries.Add(new SafetensorsEntry(t.Name, t.DType, t.Shape.Select(d => (ulong)d).ToArray(), offset, offset + bytes));
            offset += bytes;
        }

        stream.Write(SafetensorsHeader.Encode(entries, metadata));
        foreach (var t in ordered)
        {
            if (t.Raw is { } raw) stream.Write(raw.AsSpan(0, t.Length * t.ElementSize));
            else WriteLittleEndian(stream, t.Buffer.AsSpan(t.Offset, t.Length));
        }
    }

    /// <summary>
    /// What a reader needs to know where the file came from. Strings only (the format's rule); shapes are written
    /// as JSON-like text so a Python user can read them.
    /// </summary>
    public static Dictionary<string, string> Metadata(ModelInfo info) => new(StringComparer.Ordinal)
    {
        ["format"] = Format,
        ["model"] = info.Name,
        ["fingerprint"] = info.Fingerprint,
        ["input_shape"] = SafetensorsHeader.Format(info.InputShape),
        ["output_shape"] = SafetensorsHeader.Format(info.OutputShape),
    };

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> chunk = stackalloc byte[1024];
        while (!values.IsEmpty)
        {
            int n = Math.Min(values.Length, chunk.Length / sizeof(float));
            for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(chunk[(i * sizeof(float))..], values[i]);
            stream.Write(chunk[..(n * sizeof(float))]);
            values = values[n..];
        }
    }
}
