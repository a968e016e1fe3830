using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>The element type classes GenNet reads (spec IV.A.2.d); others are kept only to name them in messages.</summary>
internal enum Hdf5TypeClass
{
    FixedPoint = 0, FloatingPoint = 1, Time = 2, String = 3, Bitfield = 4, Opaque = 5, Compound = 6, Reference = 7,
    Enumerated = 8, VariableLength = 9, Array = 10,
}

/// <summary>
/// A datatype message: class, element size in bytes and byte order; for variable-length types whether it is a string
/// (h5py's <c>str</c>, e.g. Keras' <c>model_config</c>) and its base type.
/// </summary>
internal sealed record Hdf5Datatype(Hdf5TypeClass Class, int Size, bool BigEndian, bool IsVariableString, Hdf5Datatype? Base)
{
    /// <summary>Deepest nesting of variable-length and array base types read before the message is called corrupt.</summary>
    private const int MaxDepth = 8;

    /// <summary>"float32", "int64", "string[12]", "vlen string", … for messages.</summary>
    public string Describe() => Class switch
    {
        Hdf5TypeClass.FloatingPoint => $"float{8 * Size}{(BigEndian ? " big-endian" : "")}",
        Hdf5TypeClass.FixedPoint => $"int{8 * Size}",
        Hdf5TypeClass.String => $"fixed-length string of {Size} bytes",
        Hdf5TypeClass.VariableLength => IsVariableString ? "variable-length string" : "variable-length sequence",
        _ => $"{Class} ({Size} bytes)",
    };

    public static Hdf5Datatype Read(Hdf5Bytes file, long offset, int length)
    {
        var r = file.Reader(offset, length, "a datatype message");
        return Read(file, ref r, 0);
    }

    /// <summary>Reads one datatype at the reader's position (attribute messages embed one), advancing past its fixed part.</summary>
    public static Hdf5Datatype Read(Hdf5Bytes file, ref Hdf5Reader r) => Read(file, ref r, 0);

    private static Hdf5Datatype Read(Hdf5Bytes file, ref Hdf5Reader r, int depth)
    {
        if (depth > MaxDepth) throw r.Error($"datatypes nest more than {MaxDepth} deep");
        long at = r.Offset;
        byte classAndVersion = r.U8("the datatype class and version");
        int typeClass = classAndVersion & 0x0F, version = classAndVersion >> 4;
        if (version is < 1 or > 5) throw file.Error(at, $"the datatype version is {version}; versions 1–5 exist");
        if (typeClass > (int)Hdf5TypeClass.Array) throw file.Error(at, $"the datatype class is {typeClass}; classes 0–10 exist");
        var bits = r.Bytes(3, "the datatype class bit field");
        long size = r.U32("the datatype size");
        if (size is <= 0 or > 1 << 20) throw file.Error(at, $"the datatype size is {size} bytes");
        bool bigEndian = (bits[0] & 0x01) != 0;
        var cls = (Hdf5TypeClass)typeClass;
        if (cls == Hdf5TypeClass.VariableLength)
        {
            bool isString = (bits[0] & 0x0F) == 1;
            var baseType = Read(file, ref r, depth + 1);
            return new Hdf5Datatype(cls, (int)size, false, isString, baseType);
        }
        return new Hdf5Datatype(cls, (int)size, bigEndian, false, null);
    }
}

/// <summary>
/// A dataspace message: the dimensions (empty for a scalar; <see cref="IsNull"/> for an empty attribute) and, where the
/// message has them, the maximum dimensions (-1 for an unlimited axis; null when the maxima are the dimensions).
/// </summary>
internal sealed record Hdf5Dataspace(long[] Dimensions, bool IsNull, long[]? MaxDimensions = null)
{
    /// <summary>Most dimensions HDF5 allows.</summary>
    private const int MaxRank = 32;

    /// <summary>Number of elements: the product of the dimensions (1 for a scalar, 0 for null), checked against overflow.</summary>
    public long Count(Hdf5Bytes file, long at)
    {
        if (IsNull) return 0;
        long n = 1;
        foreach (long d in Dimensions)
        {
            if (d != 0 && n > long.MaxValue / d) throw file.Error(at, $"the dataspace {Format()} has more elements than any file holds");
            n *= d;
        }
        return n;
    }

    public string Format() => $"({string.Join(", ", Dimensions)})";

    public static Hdf5Dataspace Read(Hdf5Bytes file, long offset, int length)
    {
        var r = file.Reader(offset, length, "a dataspace message");
        byte version = r.U8("the dataspace version");
        int rank = r.U8("the dataspace rank");
        int flags = r.U8("the dataspace flags");
        if (rank > MaxRank) throw file.Error(offset, $"the dataspace has rank {rank}; HDF5 allows at most {MaxRank}");
        bool isNull = false;
        switch (version)
        {
            case 1:
                r.Skip(5, "reserved");
                break;
            case 2:
                int type = r.U8("the dataspace type");
                if (type > 2) throw file.Error(offset, $"the dataspace type is {type}; 0 (scalar), 1 (simple) and 2 (null) exist");
                isNull = type == 2;
                break;
            default:
                throw file.Error(offset, $"the dataspace version is {version}; versions 1 and 2 exist");
        }
        var dims = new long[rank];
        for (int i = 0; i < rank; i++) dims[i] = r.Length("a dimension size");
        if ((flags & 1) == 0) return new Hdf5Dataspace(dims, isNull);
        var max = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            ulong m = r.Sized(file.LengthSize, "a maximum dimension size");
            max[i] = m == ulong.MaxValue || (file.LengthSize < 8 && m == (1UL << (8 * file.LengthSize)) - 1) ? -1 : m > long.MaxValue ? long.MaxValue : (long)m;
        }
        return new Hdf5Dataspace(dims, isNull, max);
    }
}
