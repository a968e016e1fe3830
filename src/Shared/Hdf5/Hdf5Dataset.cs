using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace GenNet.Serialization.Hdf5;

/// <summary>Where a dataset's elements are: inline (compact), one contiguous range, or chunks found through an index.</summary>
internal enum Hdf5LayoutClass { Compact = 0, Contiguous = 1, Chunked = 2 }

/// <summary>
/// A dataset: element type, shape and storage (data layout message, spec IV.A.2.i, versions 1–4; chunks indexed by the
/// version 1 B-tree h5py writes by default, or by any of the version 4 indexes of <c>libver="latest"</c>,
/// <see cref="Hdf5ChunkArrays"/>). <see cref="ReadFloats"/> returns float32 or float64
/// elements as <c>float</c>, row-major.
/// </summary>
internal sealed class Hdf5Dataset
{
    /// <summary>Most elements one dataset may have (1 GiB of float32), a guard against absurd shapes.</summary>
    public const long MaxElements = 1L << 28;

    private readonly Hdf5Bytes _file;
    private readonly long _header;
    private readonly Hdf5Message _layout;
    private readonly Hdf5Filter[] _filters;

    public Hdf5Dataset(Hdf5Bytes file, long header, List<Hdf5Message> messages)
    {
        _file = file;
        _header = header;
        Hdf5Message? type = null, space = null, layout = null, pipeline = null;
        foreach (var m in messages)
        {
            switch (m.Type)
            {
                case Hdf5Message.Datatype: type ??= m; break;
                case Hdf5Message.Dataspace: space ??= m; break;
                case Hdf5Message.Layout: layout ??= m; break;
                case Hdf5Message.FilterPipeline: pipeline ??= m; break;
            }
        }
        if (type is null || space is null || layout is null)
        {
            throw file.Error(header, "a dataset's object header lacks its datatype, dataspace or data layout message");
        }
        if (type.Value.IsShared || space.Value.IsShared) throw file.Error(header, "the dataset uses a shared (committed) datatype or dataspace, which GenNet does not read");
        Type = Hdf5Datatype.Read(file, type.Value.Offset, type.Value.Length);
        Space = Hdf5Dataspace.Read(file, space.Value.Offset, space.Value.Length);
        _layout = layout.Value;
        _filters = pipeline is { } p ? Hdf5Filters.Read(file, p) : [];
    }

    public Hdf5Datatype Type { get; }

    public Hdf5Dataspace Space { get; }

    /// <summary>The shape as ints (Keras weights are far below 2³¹ per axis).</summary>
    public int[] Shape => Space.Dimensions.Select(d => d > int.MaxValue ? throw _file.Error(_header, $"a dimension of {d} is too large") : (int)d).ToArray();

    /// <summary>
    /// The data layout message's version and class, and for a version 4 chunked layout its chunk indexing type (1 single
    /// chunk, 2 implicit, 3 fixed array, 4 extensible array, 5 version 2 B-tree; 0 otherwise).
    /// </summary>
    public (int Version, Hdf5LayoutClass Class, int ChunkIndex) Layout
    {
        get
        {
            var r = _file.Reader(_layout.Offset, _layout.Length, "a data layout message");
            int version = r.U8("the data layout version");
            if (version <= 2)
            {
                r.U8("the layout dimensionality");
                return (version, (Hdf5LayoutClass)r.U8("the layout class"), 0);
            }
            var cls = (Hdf5LayoutClass)r.U8("the layout class");
            if (version < 4 || cls != Hdf5LayoutClass.Chunked) return (version, cls, 0);
            r.U8("the layout flags");
            int rank = r.U8("the layout dimensionality");
            int width = r.U8("the encoded width of a chunk dimension");
            r.Skip((long)rank * width, "the chunk dimensions");
            return (version, cls, r.U8("the chunk indexing type"));
        }
    }

    /// <summary>All elements, converted to float. Only float32 and float64 datasets can be read this way.</summary>
    public float[] ReadFloats()
    {
        if (Type.Class != Hdf5TypeClass.FloatingPoint || Type.Size is not (4 or 8))
        {
            throw _file.Error(_header, $"the dataset holds {Type.Describe()}; GenNet reads float32 and float64 weights");
        }
        long count = Space.Count(_file, _header);
        if (count > MaxElements) throw _file.Error(_header, $"the dataset {Space.Format()} has {count} elements, more than GenNet reads ({MaxElements})");
        long bytes = count * Type.Size;
        // Contiguous and compact data are range-checked against the file before anything of their size is allocated.
        var r = _file.Reader(_layout.Offset, _layout.Length, "a data layout message");
        byte version = r.U8("the data layout version");
        if (version is < 1 or > 4) throw _file.Error(_layout.Offset, $"the data layout version is {version}; versions 1–4 exist");
        if (version <= 2)
        {
            int dimensionality = r.U8("the layout dimensionality");
            var cls = (Hdf5LayoutClass)r.U8("the layout class");
            r.Skip(5, "reserved");
            switch (cls)
            {
                case Hdf5LayoutClass.Contiguous:
                    long address = r.Address("the dataset's data");
                    return Floats(Contiguous(address, bytes), count);
                case Hdf5LayoutClass.Chunked:
                    long tree = r.Address("the dataset's chunk B-tree");
                    var dims = new long[dimensionality];
                    for (int i = 0; i < dimensionality; i++) dims[i] = r.U32("a chunk dimension");
                    return Chunked(tree, dims, count);
                case Hdf5LayoutClass.Compact:
                    for (int i = 0; i < dimensionality; i++) r.U32("a dimension");
                    int size = (int)r.U32("the compact data size");
                    return Floats(Sized(r.Bytes(size, "the compact data"), bytes), count);
                default:
                    throw _file.Error(_layout.Offset, $"the data layout class is {(int)cls}; classes 0–2 exist");
            }
        }
        var layoutClass = (Hdf5LayoutClass)r.U8("the layout class");
        switch (layoutClass)
        {
            case Hdf5LayoutClass.Compact:
                int size = r.U16("the compact data size");
                return Floats(Sized(r.Bytes(size, "the compact data"), bytes), count);
            case Hdf5LayoutClass.Contiguous:
                long address = r.Address("the dataset's data");
                long stored = r.Length("the dataset's data size");
                if (stored < bytes) throw _file.Error(_layout.Offset, $"the dataset {Space.Format()} needs {bytes} bytes but its storage holds {stored}");
                if (address < 0) return new float[count]; // never written: HDF5's fill value, 0
                return Floats(Contiguous(address, bytes), count);
            case Hdf5LayoutClass.Chunked when version == 3:
                int dimensionality = r.U8("the layout dimensionality");
                long tree = r.Address("the dataset's chunk B-tree");
                var dims = new long[dimensionality];
                for (int i = 0; i < dimensionality; i++) dims[i] = r.U32("a chunk dimension");
                return Chunked(tree, dims, count);
            case Hdf5LayoutClass.Chunked:
                // Version 4 (libver='latest'): flags, dimension sizes of a given width, then the chunk index.
                int flags = r.U8("the layout flags");
                int rank4 = r.U8("the layout dimensionality");
                int width = r.U8("the encoded width of a chunk dimension");
                if (width is < 1 or > 8) throw _file.Error(_layout.Offset, $"the chunk dimensions are {width} bytes wide; 1–8 exist");
                var dims4 = new long[rank4];
                for (int i = 0; i < rank4; i++) dims4[i] = (long)Math.Min(r.Sized(width, "a chunk dimension"), (ulong)MaxElements + 1);
                var chunk4 = ChunkShape(dims4);
                int indexType = r.U8("the chunk indexing type");
                var arrays = new Hdf5ChunkArrays(_file, _layout.Offset, chunk4, Space, _filters.Length > 0) { ChunkBytes = Elements(chunk4) * Type.Size };
                var found = arrays.Chunks(indexType, ref r, flags);
                // Flag bit 0: partial edge chunks were stored without the filters.
                if ((flags & 1) != 0) found = found.Select(c => Partial(c.Offsets, chunk4) ? (c.Address, c.Size, uint.MaxValue, c.Offsets) : c).ToList();
                return Assemble(chunk4, found, count);
            default:
                throw _file.Error(_layout.Offset, $"the data layout class is {(int)layoutClass}; classes 0–2 exist");
        }
    }

    private ReadOnlySpan<byte> Sized(ReadOnlySpan<byte> data, long bytes) =>
        data.Length >= bytes ? data.Slice(0, (int)bytes) : throw _file.Error(_layout.Offset, $"the dataset {Space.Format()} needs {bytes} bytes but its compact data holds {data.Length}");

    private ReadOnlySpan<byte> Contiguous(long address, long bytes)
    {
        if (address < 0) throw _file.Error(_layout.Offset, "the dataset's data address is undefined");
        var r = _file.Reader(address, bytes, $"the {Type.Describe()} data of a {Space.Format()} dataset");
        return r.Bytes(bytes, "the dataset's data");
    }

    private float[] Floats(ReadOnlySpan<byte> bytes, long count)
    {
        var result = new float[count];
        Convert(bytes, result);
        return result;
    }

    private void Convert(ReadOnlySpan<byte> bytes, Span<float> result)
    {
        bool big = Type.BigEndian;
        if (big != BitConverter.IsLittleEndian)
        {
            // The file's byte order is this machine's: reinterpret, no per-element work (float64 narrowed as it is copied).
            if (Type.Size == 4)
            {
                MemoryMarshal.Cast<byte, float>(bytes.Slice(0, 4 * result.Length)).CopyTo(result);
            }
            else
            {
                var doubles = MemoryMarshal.Cast<byte, double>(bytes.Slice(0, 8 * result.Length));
                for (int i = 0; i < result.Length; i++) result[i] = (float)doubles[i];
            }
            return;
        }
        if (Type.Size == 4)
        {
            // The element's bytes in this machine's order, then read as a float (netstandard2.0 has no ReadSingleLittleEndian).
            bool reverse = big == BitConverter.IsLittleEndian;
            Span<byte> element = stackalloc byte[4];
            for (int i = 0; i < result.Length; i++)
            {
                bytes.Slice(4 * i, 4).CopyTo(element);
                if (reverse) element.Reverse();
                result[i] = MemoryMarshal.Read<float>(element);
            }
        }
        else
        {
            for (int i = 0; i < result.Length; i++)
            {
                var b = bytes.Slice(8 * i, 8);
                long bits = big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
                result[i] = (float)BitConverter.Int64BitsToDouble(bits);
            }
        }
    }

    private float[] Chunked(long tree, long[] layoutDims, long count)
    {
        var chunk = ChunkShape(layoutDims);
        if (tree < 0) return new float[count]; // no chunk written: all fill value
        return Assemble(chunk, Hdf5ChunkIndex.Leaves(_file, tree, Space.Dimensions.Length + 1), count);
    }

    /// <summary>The chunk's shape on the dataset's axes (the layout lists one more dimension, the element size).</summary>
    private long[] ChunkShape(long[] layoutDims)
    {
        int rank = Space.Dimensions.Length;
        if (layoutDims.Length < rank) throw _file.Error(_layout.Offset, $"the chunk shape has {layoutDims.Length} dimensions; the dataset has rank {rank}");
        var chunk = layoutDims.Take(rank).ToArray();
        foreach (long c in chunk)
        {
            if (c <= 0) throw _file.Error(_layout.Offset, $"a chunk dimension is {c}");
        }
        Elements(chunk);
        return chunk;
    }

    private long Elements(long[] chunk)
    {
        long elements = 1;
        foreach (long c in chunk)
        {
            elements *= c;
            if (elements > MaxElements) throw _file.Error(_layout.Offset, "a chunk has more elements than GenNet reads");
        }
        return elements;
    }

    private bool Partial(long[] origin, long[] chunk)
    {
        for (int d = 0; d < chunk.Length; d++)
        {
            if (origin[d] + chunk[d] > Space.Dimensions[d]) return true;
        }
        return false;
    }

    /// <summary>Decodes every chunk (filters undone in reverse order, unless its mask bit says skipped) into the result.</summary>
    private float[] Assemble(long[] chunk, List<(long Address, long Size, uint Mask, long[] Offsets)> chunks, long count)
    {
        var result = new float[count];
        int chunkBytes = (int)(Elements(chunk) * Type.Size);
        var chunkValues = new float[Elements(chunk)];
        foreach (var (address, size, mask, offsets) in chunks)
        {
            var stored = _file.Reader(address, size, "a stored chunk").Bytes(size, "a stored chunk");
            byte[] raw = _filters.Length == 0
                ? (stored.Length == chunkBytes ? stored.ToArray() : throw _file.Error(address, $"an unfiltered chunk holds {stored.Length} bytes; its shape needs {chunkBytes}"))
                : Hdf5Filters.Decode(_file, address, stored, _filters, mask, chunkBytes, Type.Size);
            Convert(raw, chunkValues);
            Place(chunkValues, chunk, offsets, address, result);
        }
        return result;
    }

    /// <summary>Copies one chunk (shape <paramref name="chunk"/>, at element <paramref name="origin"/>) into the row-major result, clipped at the edges.</summary>
    private void Place(float[] values, long[] chunk, long[] origin, long at, float[] result)
    {
        var dims = Space.Dimensions;
        int rank = dims.Length;
        for (int d = 0; d < rank; d++)
        {
            if (origin[d] < 0 || origin[d] >= Math.Max(dims[d], 1) || origin[d] % chunk[d] != 0)
            {
                throw _file.Error(at, $"a chunk starts at element {origin[d]} of axis {d}, which is not a chunk boundary inside the dataset {Space.Format()}");
            }
        }
        if (rank == 0)
        {
            if (result.Length > 0) result[0] = values[0];
            return;
        }
        long rowLength = Math.Min(chunk[rank - 1], dims[rank - 1] - origin[rank - 1]);
        var index = new long[rank - 1];
        while (true)
        {
            // Row start in the chunk and in the result.
            long source = 0, target = 0;
            bool inside = true;
            for (int d = 0; d < rank - 1; d++)
            {
                if (origin[d] + index[d] >= dims[d]) { inside = false; break; }
                source = source * chunk[d] + index[d];
                target = target * dims[d] + origin[d] + index[d];
            }
            if (inside)
            {
                source = source * chunk[rank - 1];
                target = target * dims[rank - 1] + origin[rank - 1];
                values.AsSpan((int)source, (int)rowLength).CopyTo(result.AsSpan((int)target, (int)rowLength));
            }
            int k = rank - 2;
            while (k >= 0 && ++index[k] == chunk[k]) index[k--] = 0;
            if (k < 0) return;
        }
    }
}
