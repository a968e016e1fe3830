using System.Buffers.Binary;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using GenNet.Shared;

namespace GenNet.Serialization;

/// <summary>One tensor entry of a safetensors header, as written in the file (not yet checked against a model).</summary>
/// <param name="Name">The key, e.g. <c>"dense_1.kernel"</c>.</param>
/// <param name="DType">The dtype string as found (<c>"F32"</c>, <c>"F16"</c>, …).</param>
/// <param name="Shape">Dimensions, outermost first (row-major).</param>
/// <param name="Begin">First byte in the data region.</param>
/// <param name="End">One past the last byte in the data region.</param>
internal sealed record SafetensorsEntry(string Name, string DType, ulong[] Shape, ulong Begin, ulong End);

/// <summary>
/// The JSON header of a safetensors file: reading (strict, every malformation a <see cref="InvalidDataException"/>)
/// and writing (the byte layout the reference implementation writes).
/// </summary>
/// <remarks>
/// File layout:
/// <code>
/// [0, 8)          N: header length in bytes, unsigned 64-bit little-endian
/// [8, 8 + N)      UTF-8 JSON object: {"__metadata__": {string: string}, "name": {"dtype": "F32",
///                 "shape": [d0, d1, …], "data_offsets": [begin, end]}, …}, padded with spaces
/// [8 + N, end)    data region: each tensor's bytes at [begin, end), little-endian, row-major;
///                 the tensors tile the region exactly (sorted by begin: first at 0, each starts where the
///                 previous ends, the last ends at the end of the file)
/// </code>
/// Writing follows huggingface/safetensors (<c>safetensors/src/tensor.rs</c>, <c>prepare</c>): compact JSON with
/// <c>__metadata__</c> first, tensors ordered by dtype alignment then by name (ordinal), and the header padded with
/// spaces to a multiple of 8 so the data region starts 8-byte aligned. Reading does not require the padding or
/// the order (other writers, e.g. MLX, do not pad) but does require the exact tiling, as the reference reader does.
/// </remarks>
internal static class SafetensorsHeader
{
    /// <summary>The reference reader's limit on N (100 MB): more is refused before anything is allocated.</summary>
    public const int MaxHeaderLength = SafetensorsFormat.MaxHeaderLength;

    /// <summary>The smallest valid header, <c>{}</c>.</summary>
    public const int MinHeaderLength = SafetensorsFormat.MinHeaderLength;

    /// <summary>The reserved key for string-to-string metadata.</summary>
    public const string MetadataKey = SafetensorsFormat.MetadataKey;

    // Relaxed escaping keeps non-ASCII names readable (quotes, backslashes and control characters are still
    // escaped); the header is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the length prefix and the padded header for <paramref name="tensors"/> (already in file order, with
    /// their offsets) and <paramref name="metadata"/> (written in ordinal key order, so output is deterministic).
    /// </summary>
    public static byte[] Encode(IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json, WriterOptions))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject(MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal)) w.WriteString(key, metadata[key]);
                w.WriteEndObject();
            }
            foreach (var t in tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString(SafetensorsFormat.DTypeKey, t.DType);
                w.WriteStartArray(SafetensorsFormat.ShapeKey);
                foreach (ulong d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray(SafetensorsFormat.DataOffsetsKey);
                w.WriteNumberValue(t.Begin);
                w.WriteNumberValue(t.End);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        int length = (int)json.Length;
        int padded = (length + 7) & ~7;
        var bytes = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.GetBuffer().AsSpan(0, length).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + length).Fill((byte)' ');
        return bytes;
    }

    /// <summary>
    /// Parses a header: a JSON object whose keys are unique, whose <c>__metadata__</c> (optional) maps strings to
    /// strings, and whose other values are tensor entries. Checks structure only; the model checks the content.
    /// </summary>
    public static (List<SafetensorsEntry> Tensors, Dictionary<string, string> Metadata) Decode(ReadOnlyMemory<byte> header, FileSource source)
    {
        // The reference reader refuses anything that does not start with '{' (no leading whitespace or BOM).
        if (header.Length == 0 || header.Span[0] != (byte)'{')
        {
            throw WeightFileError.Create(source, $"the header does not start with '{{' (found byte 0x{(header.Length == 0 ? 0 : header.Span[0]):X2}); this is not a safetensors file.");
        }

        // Checked up front: JsonDocument defers decoding of names and strings, and a bad name would surface later
        // as InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(header.Span))
        {
            throw WeightFileError.Create(source, "the header is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw WeightFileError.Create(source, $"the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return ReadRoot(document.RootElement, source);
            }
            catch (InvalidOperationException e)
            {
                // Escapes such as "\uD800" parse as JSON but are not text; decoding them is where they fail.
                throw WeightFileError.Create(source, $"the header has a string with invalid UTF-16 escapes: {e.Message}", e);
            }
        }
    }

    private static (List<SafetensorsEntry> Tensors, Dictionary<string, string> Metadata) ReadRoot(JsonElement root, FileSource source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw WeightFileError.Create(source, $"the header must be a JSON object; found {root.ValueKind}.");
        }

        var tensors = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            // JSON allows duplicate keys; the format does not, and a second entry would hide the first.
            if (!seen.Add(property.Name))
            {
                throw WeightFileError.Create(source, $"the header lists '{property.Name}' twice.");
            }
            if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, source);
            else tensors.Add(ReadEntry(property.Name, property.Value, source));
        }
        return (tensors, metadata);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, FileSource source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WeightFileError.Create(source, $"'{MetadataKey}' must be an object of strings; found {value.ValueKind}.");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw WeightFileError.Create(source, $"'{MetadataKey}' entry '{item.Name}' must be a string; found {item.Value.ValueKind}.");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw WeightFileError.Create(source, $"'{MetadataKey}' lists '{item.Name}' twice.");
            }
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, FileSource source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WeightFileError.Create(source, $"tensor '{name}' must be an object with dtype, shape and data_offsets; found {value.ValueKind}.");
        }
        if (!value.TryGetProperty(SafetensorsFormat.DTypeKey, out var dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            throw WeightFileError.Create(source, $"tensor '{name}' has no string 'dtype'.");
        }
        ulong[] shape = ReadUnsignedArray(name, value, SafetensorsFormat.ShapeKey, expectedLength: null, source);
        ulong[] offsets = ReadUnsignedArray(name, value, SafetensorsFormat.DataOffsetsKey, expectedLength: 2, source);
        return new SafetensorsEntry(name, dtype.GetString()!, shape, offsets[0], offsets[1]);
    }

    private static ulong[] ReadUnsignedArray(string name, JsonElement entry, string key, int? expectedLength, FileSource source)
    {
        if (!entry.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw WeightFileError.Create(source, $"tensor '{name}' has no '{key}' array.");
        }
        int length = array.GetArrayLength();
        if (expectedLength is int n && length != n)
        {
            throw WeightFileError.Create(source, $"tensor '{name}' has {length} '{key}'; expected {n}.");
        }
        var values = new ulong[length];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out values[i]))
            {
                throw WeightFileError.Create(source, $"tensor '{name}' has '{key}' item {item.GetRawText()}; expected a non-negative integer.");
            }
            i++;
        }
        return values;
    }

    /// <summary><c>[2, 3]</c>: shapes in messages look like the header's JSON.</summary>
    public static string Format<T>(IEnumerable<T> shape) where T : IFormattable => SafetensorsFormat.FormatShape(shape);
}
