using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GenNet.Generator.Weights;

/// <summary>One tensor entry of the header, as written (not yet checked against the model).</summary>
internal sealed record SafetensorsEntry(string Name, string DType, ulong[] Shape, ulong Begin, ulong End);

/// <summary>
/// Reads the structure of a safetensors file (layout in the runtime's <c>GenNet.Serialization.SafetensorsHeader</c>, constants
/// in src/Shared/SafetensorsFormat.cs): <c>[0, 8)</c> header length N (u64 little-endian), <c>[8, 8 + N)</c> UTF-8 JSON header,
/// then the data region. Mirrors the runtime's reader, which reads with System.Text.Json; every malformation is a
/// <see cref="WeightFileProblem.Corrupt"/> <see cref="WeightFileException"/>.
/// </summary>
internal sealed class SafetensorsHeader
{
    private SafetensorsHeader(List<SafetensorsEntry> tensors, Dictionary<string, string> metadata, long dataStart)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
    }

    public List<SafetensorsEntry> Tensors { get; }

    public Dictionary<string, string> Metadata { get; }

    /// <summary>The first byte of the data region, <c>8 + N</c>.</summary>
    public long DataStart { get; }

    public static SafetensorsHeader Read(byte[] file)
    {
        const int start = SafetensorsFormat.LengthPrefixBytes;
        if (file.Length < start) throw Corrupt($"the file is {file.Length} bytes long; a safetensors file starts with an 8-byte header length");
        ulong headerLength = 0;
        for (int i = start - 1; i >= 0; i--) headerLength = (headerLength << 8) | file[i];
        if (headerLength < SafetensorsFormat.MinHeaderLength) throw Corrupt($$"""the header length is {{headerLength}} bytes; the smallest header, '{}', has {{SafetensorsFormat.MinHeaderLength}}""");
        if (headerLength > SafetensorsFormat.MaxHeaderLength) throw Corrupt($"the header length is {headerLength} bytes, more than the format's limit of {SafetensorsFormat.MaxHeaderLength.ToString("N0", CultureInfo.InvariantCulture)}");
        if ((long)headerLength > file.Length - start) throw Corrupt($"the header length is {headerLength} bytes but only {(file.Length - start)} bytes follow the length prefix; the file is truncated");
        if (file[start] != (byte)'{') throw Corrupt($$"""the header does not start with '{' (found byte 0x{{file[start].ToString("X2", CultureInfo.InvariantCulture)}})""");

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file, start, (int)headerLength);
        }
        catch (ArgumentException)
        {
            throw Corrupt("the header is not valid UTF-8");
        }

        JsonValue root = JsonReader.Parse(text);
        if (root.Kind != JsonKind.Object) throw Corrupt("the header must be a JSON object");
        var tensors = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.Members)
        {
            // JSON allows duplicate keys; the format does not, and a second entry would hide the first.
            if (!seen.Add(member.Key)) throw Corrupt($"the header lists '{member.Key}' twice");
            if (member.Key == SafetensorsFormat.MetadataKey) ReadMetadata(member.Value, metadata);
            else tensors.Add(ReadEntry(member.Key, member.Value));
        }
        return new SafetensorsHeader(tensors, metadata, start + (long)headerLength);
    }

    private static void ReadMetadata(JsonValue value, Dictionary<string, string> metadata)
    {
        if (value.Kind != JsonKind.Object) throw Corrupt($"'__metadata__' must be an object of strings; found {value.Describe()}");
        foreach (var item in value.Members)
        {
            if (item.Value.Kind != JsonKind.String) throw Corrupt($"'__metadata__' entry '{item.Key}' must be a string; found {item.Value.Describe()}");
            if (metadata.ContainsKey(item.Key)) throw Corrupt($"'__metadata__' lists '{item.Key}' twice");
            metadata[item.Key] = item.Value.Text;
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonValue value)
    {
        if (value.Kind != JsonKind.Object) throw Corrupt($"tensor '{name}' must be an object with dtype, shape and data_offsets; found {value.Describe()}");
        JsonValue? dtype = value.Member(SafetensorsFormat.DTypeKey);
        if (dtype is null || dtype.Kind != JsonKind.String) throw Corrupt($"tensor '{name}' has no string 'dtype'");
        ulong[] shape = ReadUnsignedArray(name, value, SafetensorsFormat.ShapeKey, expectedLength: null);
        ulong[] offsets = ReadUnsignedArray(name, value, SafetensorsFormat.DataOffsetsKey, expectedLength: 2);
        return new SafetensorsEntry(name, dtype.Text, shape, offsets[0], offsets[1]);
    }

    private static ulong[] ReadUnsignedArray(string name, JsonValue entry, string key, int? expectedLength)
    {
        JsonValue? array = entry.Member(key);
        if (array is null || array.Kind != JsonKind.Array) throw Corrupt($"tensor '{name}' has no '{key}' array");
        if (expectedLength is int n && array.Items.Count != n) throw Corrupt($"tensor '{name}' has {array.Items.Count} '{key}'; expected {n}");
        return array.Items
            .Select(item => item.AsUnsigned() ?? throw Corrupt($"tensor '{name}' has '{key}' item {item.Describe()}; expected a non-negative integer"))
            .ToArray();
    }

    /// <summary><c>[2, 3]</c>: shapes in messages look like the header's JSON.</summary>
    public static string Format(IEnumerable<ulong> shape) => SafetensorsFormat.FormatShape(shape);

    private static WeightFileException Corrupt(string message) => new(WeightFileProblem.Corrupt, message);
}
