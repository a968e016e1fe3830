using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GenNet.Tests.Serialization;

/// <summary>
/// Takes weight files apart and puts them back together, independently of the runtime's reader, so tests can
/// craft files that are wrong in exactly one way.
/// </summary>
internal static class SafetensorsBytes
{
    /// <summary>Splits a file into its header JSON and data region.</summary>
    public static (JsonObject Header, byte[] Data) Split(byte[] file)
    {
        int n = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        var header = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(file, 8, n))!.AsObject();
        return (header, file[(8 + n)..]);
    }

    /// <summary>Length prefix + <paramref name="header"/> as UTF-8 (unpadded) + <paramref name="data"/>.</summary>
    public static byte[] Join(string header, byte[] data)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    public static byte[] Join(JsonObject header, byte[] data) => Join(header.ToJsonString(), data);

    /// <summary>Applies <paramref name="edit"/> to the header of <paramref name="file"/>, keeping its data.</summary>
    public static byte[] EditHeader(byte[] file, Action<JsonObject> edit)
    {
        var (header, data) = Split(file);
        edit(header);
        return Join(header, data);
    }
}
