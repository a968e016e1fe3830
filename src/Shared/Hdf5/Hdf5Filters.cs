using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>One filter of a dataset's pipeline: its id (1 deflate, 2 shuffle, 3 Fletcher-32) and client values.</summary>
internal readonly record struct Hdf5Filter(int Id, uint[] Values);

/// <summary>
/// The filter pipeline message (spec IV.A.2.l, versions 1 and 2) and the filters GenNet undoes on a chunk: deflate
/// (zlib, h5py's <c>compression="gzip"</c>), shuffle (bytes of each element regrouped by significance) and Fletcher-32
/// (a 4-byte checksum appended, stripped here). Filters run in reverse pipeline order on read; a filter whose bit is set
/// in the chunk's filter mask was skipped when writing and is skipped here.
/// </summary>
internal static class Hdf5Filters
{
    public const int Deflate = 1, Shuffle = 2, Fletcher32 = 3;

    public static Hdf5Filter[] Read(Hdf5Bytes file, Hdf5Message message)
    {
        var r = file.Reader(message.Offset, message.Length, "a filter pipeline message");
        byte version = r.U8("the filter pipeline version");
        int count = r.U8("the number of filters");
        if (version is not (1 or 2)) throw file.Error(message.Offset, $"the filter pipeline version is {version}; versions 1 and 2 exist");
        if (count > 32) throw file.Error(message.Offset, $"the pipeline lists {count} filters; HDF5 allows at most 32");
        if (version == 1) r.Skip(6, "reserved");
        var filters = new Hdf5Filter[count];
        for (int i = 0; i < count; i++)
        {
            int id = r.U16("a filter id");
            int nameLength = version == 1 || id >= 256 ? r.U16("a filter name length") : 0;
            r.Skip(2, "the filter flags");
            int valueCount = r.U16("the number of filter values");
            r.Skip(version == 1 ? (nameLength + 7) / 8 * 8 : nameLength, "the filter name");
            var values = new uint[valueCount];
            for (int v = 0; v < valueCount; v++) values[v] = r.U32("a filter value");
            if (version == 1 && valueCount % 2 == 1) r.Skip(4, "filter value padding");
            if (id is not (Deflate or Shuffle or Fletcher32))
            {
                throw file.Error(message.Offset, $"the dataset uses HDF5 filter {id}; GenNet reads deflate (1), shuffle (2) and Fletcher-32 (3)");
            }
            filters[i] = new Hdf5Filter(id, values);
        }
        return filters;
    }

    /// <summary>Undoes the pipeline on one stored chunk, returning exactly <paramref name="expected"/> bytes.</summary>
    public static byte[] Decode(Hdf5Bytes file, long at, ReadOnlySpan<byte> stored, Hdf5Filter[] filters, uint mask, int expected, int elementSize)
    {
        byte[] data = stored.ToArray();
        for (int i = filters.Length - 1; i >= 0; i--)
        {
            if ((mask & (1u << i)) != 0) continue;
            data = filters[i].Id switch
            {
                Deflate => Inflate(file, at, data, expected),
                Shuffle => Unshuffle(data, elementSize),
                _ => data.Length >= 4 ? data.AsSpan(0, data.Length - 4).ToArray() : throw file.Error(at, "a Fletcher-32 chunk is shorter than its checksum"),
            };
        }
        if (data.Length != expected) throw file.Error(at, $"a chunk decodes to {data.Length} bytes; its shape needs {expected}");
        return data;
    }

    private static byte[] Inflate(Hdf5Bytes file, long at, byte[] compressed, int expected)
    {
        // Never more than the chunk can hold: a deflate bomb stops at expected + 1 bytes and is reported.
        var output = new byte[expected + 1];
        int total = 0;
        try
        {
            // zlib (RFC 1950) = a 2-byte header, raw deflate (RFC 1951), an Adler-32 trailer. netstandard2.0 has only
            // DeflateStream, so the header is checked and skipped here and the trailer left unread.
            if (compressed.Length < 2 || (compressed[0] & 0x0F) != 8 || (compressed[0] * 256 + compressed[1]) % 31 != 0 || (compressed[1] & 0x20) != 0)
            {
                throw file.Error(at, "a deflate-compressed chunk does not start with a zlib header (method 8, no preset dictionary)");
            }
            using var z = new DeflateStream(new MemoryStream(compressed, 2, compressed.Length - 2, writable: false), CompressionMode.Decompress);
            int n;
            while (total < output.Length && (n = z.Read(output, total, output.Length - total)) > 0) total += n;
        }
        catch (InvalidDataException e)
        {
            throw file.Error(at, $"a deflate-compressed chunk is corrupt: {e.Message}", e);
        }
        if (total != expected) throw file.Error(at, $"a deflate-compressed chunk inflates to {(total > expected ? $"more than {expected}" : $"{total}")} bytes; its shape needs {expected}");
        return output.AsSpan(0, total).ToArray();
    }

    private static byte[] Unshuffle(byte[] data, int elementSize)
    {
        if (elementSize <= 1 || data.Length % elementSize != 0) return data;
        int n = data.Length / elementSize;
        var result = new byte[data.Length];
        // Shuffled: byte b of every element together, b = 0 … size-1; element i's byte b is at b·n + i.
        for (int b = 0; b < elementSize; b++)
            for (int i = 0; i < n; i++) result[i * elementSize + b] = data[b * n + i];
        return result;
    }
}
