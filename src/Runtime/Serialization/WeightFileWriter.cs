using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenNet.Serialization;

/// <summary>
/// Writes a model's weights as a safetensors file (layout in <see cref="SafetensorsHeader"/>): every
/// <see cref="WeightInfo"/> under its name as F32, in ordinal name order, with the architecture in the metadata.
/// </summary>
internal static class WeightFileWriter
{
    /// <summary>Metadata <c>format</c> value; the reference tools use it to say which framework wrote the file.</summary>
    public const string Format = "gennet";

    /// <summary>Writes header and data to <paramref name="stream"/>; the output depends only on the info and the weights.</summary>
    public static void Write(Stream stream, ModelInfo info, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        // All tensors are F32, so the reference order (dtype alignment, then name) is simply the name order.
        var weights = info.Weights.OrderBy(w => w.Name, StringComparer.Ordinal).ToArray();
        var entries = new List<SafetensorsEntry>(weights.Length);
        ulong offset = 0;
        foreach (var w in weights)
        {
            ulong bytes = (ulong)w.Length * sizeof(float);
            entries.Add(new SafetensorsEntry(w.Name, "F32", w.Shape.Select(d => (ulong)d).ToArray(), offset, offset + bytes));
            offset += bytes;
        }

        stream.Write(SafetensorsHeader.Encode(entries, Metadata(info)));
        foreach (var w in weights)
        {
            WriteLittleEndian(stream, (w.Trainable ? parameters : state).Slice(w.Offset, w.Length));
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
