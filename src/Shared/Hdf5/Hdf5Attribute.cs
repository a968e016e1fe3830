using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// Attribute messages (spec IV.A.2.m, versions 1–3): a name, a datatype, a dataspace and the value. GenNet reads string
/// attributes — fixed-length (Keras' <c>layer_names</c>, <c>weight_names</c>: arrays of byte strings) and
/// variable-length (Keras' <c>model_config</c>, a JSON text, whose bytes live in a global heap collection).
/// </summary>
internal static class Hdf5Attribute
{
    /// <summary>Most elements one string attribute may have.</summary>
    private const long MaxStrings = 1 << 20;

    /// <summary>The attribute's name, without reading its value.</summary>
    public static string Name(Hdf5Bytes file, Hdf5Message m)
    {
        var r = Open(file, m, out _, out _, out _, out int nameSize, out _);
        return DecodeName(r.Bytes(nameSize, "the attribute name"));
    }

    /// <summary>The attribute's value as strings (an empty array for an empty attribute of any type, as h5py writes <c>weight_names</c> of a layer without weights).</summary>
    public static string[] ReadStrings(Hdf5Bytes file, Hdf5Message m)
    {
        var r = Open(file, m, out int version, out int typeSize, out int spaceSize, out int nameSize, out int pad);
        string name = DecodeName(r.Bytes(nameSize, "the attribute name"));
        r.Skip(Padding(nameSize, pad), "the attribute name padding");
        long typeAt = r.Offset;
        r.Skip(typeSize, "the attribute's datatype");
        r.Skip(Padding(typeSize, pad), "the attribute datatype padding");
        long spaceAt = r.Offset;
        r.Skip(spaceSize, "the attribute's dataspace");
        r.Skip(Padding(spaceSize, pad), "the attribute dataspace padding");
        var type = Hdf5Datatype.Read(file, typeAt, typeSize);
        var space = Hdf5Dataspace.Read(file, spaceAt, spaceSize);
        long count = space.Count(file, spaceAt);
        if (count == 0) return [];
        if (count > MaxStrings) throw file.Error(spaceAt, $"attribute '{name}' has {count} elements, more than GenNet reads");
        long elementSize = type.Class == Hdf5TypeClass.String ? type.Size : 4 + file.OffsetSize + 4;
        if (count > r.Remaining / elementSize) throw file.Error(spaceAt, $"attribute '{name}' claims {count} elements of {elementSize} bytes but its message holds {r.Remaining} bytes of data");
        var values = new string[count];
        switch (type.Class)
        {
            case Hdf5TypeClass.String:
                for (int i = 0; i < count; i++) values[i] = Trim(r.Bytes(type.Size, $"element {i} of attribute '{name}'"));
                return values;
            case Hdf5TypeClass.VariableLength when type.IsVariableString:
                for (int i = 0; i < count; i++)
                {
                    long length = r.U32($"the length of element {i} of attribute '{name}'");
                    long collection = r.Address($"the global heap of attribute '{name}'");
                    uint index = r.U32($"the global heap index of attribute '{name}'");
                    values[i] = collection < 0 && length == 0 ? "" : Hdf5Text.Utf8(Hdf5GlobalHeap.Read(file, collection, index, length));
                }
                return values;
            default:
                throw file.Error(m.Offset, $"attribute '{name}' holds {type.Describe()}; a string was expected (version {version} attribute message)");
        }
    }

    private static Hdf5Reader Open(Hdf5Bytes file, Hdf5Message m, out int version, out int typeSize, out int spaceSize, out int nameSize, out int pad)
    {
        var r = file.Reader(m.Offset, m.Length, "an attribute message");
        version = r.U8("the attribute message version");
        if (version is < 1 or > 3) throw file.Error(m.Offset, $"the attribute message version is {version}; versions 1–3 exist");
        int flags = r.U8("the attribute flags");
        if ((flags & 0x03) != 0) throw file.Error(m.Offset, "the attribute uses a shared datatype or dataspace, which GenNet does not read");
        nameSize = r.U16("the attribute name size");
        typeSize = r.U16("the attribute datatype size");
        spaceSize = r.U16("the attribute dataspace size");
        if (version == 3) r.Skip(1, "the attribute name character set");
        pad = version == 1 ? 8 : 1;
        return r;
    }

    private static int Padding(int size, int pad) => (pad - size % pad) % pad;

    private static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Hdf5Text.Utf8(end < 0 ? bytes : bytes.Slice(0, end));
    }

    /// <summary>A fixed-length string without its null or space padding.</summary>
    private static string Trim(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        if (end >= 0) bytes = bytes.Slice(0, end);
        return Hdf5Text.Utf8(bytes).TrimEnd(' ');
    }
}

/// <summary>
/// A global heap collection (<c>GCOL</c>, spec III.E): the home of variable-length data. Objects follow the 16-byte
/// header (for 8-byte lengths), each an index, a reference count, a size and its bytes padded to 8; index 0 is free space.
/// </summary>
internal static class Hdf5GlobalHeap
{
    public static ReadOnlySpan<byte> Read(Hdf5Bytes file, long collection, uint index, long length)
    {
        if (collection < 0) throw file.Error(collection, "a variable-length value points to an undefined global heap");
        var r = file.ReaderToEnd(collection, "a global heap collection");
        r.Signature("GCOL", "a global heap collection");
        r.Skip(4, "the global heap version and reserved bytes");
        long size = r.Length("the global heap collection size");
        var c = file.Reader(collection, size, "a global heap collection");
        c.Skip(8 + file.LengthSize, "the global heap header");
        while (c.Remaining >= 8 + file.LengthSize)
        {
            int id = c.U16("a global heap object index");
            c.Skip(6, "the object's reference count and reserved bytes");
            long objectSize = c.Length("a global heap object size");
            if (id == 0) break;
            if (objectSize > c.Remaining) throw c.Error($"global heap object {id} claims {objectSize} bytes, but its collection holds {c.Remaining} more");
            var data = c.Bytes(objectSize, $"global heap object {id}");
            if (id == index)
            {
                if (length > data.Length) throw c.Error($"a variable-length string of {length} bytes points to global heap object {id} of {data.Length}");
                return data.Slice(0, (int)length);
            }
            c.Skip(Math.Min((8 - objectSize % 8) % 8, c.Remaining), "global heap object padding");
        }
        throw file.Error(collection, $"the global heap collection has no object {index}");
    }
}
