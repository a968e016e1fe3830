using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// The chunk indexes of the version 4 data layout message (spec IV.A.2.i, chunk indexing types 1–5), written by
/// <c>libver="latest"</c>: a single chunk (chunks = shape), implicit (early allocation: chunks back to back in grid
/// order), a fixed array (<c>FAHD</c>/<c>FADB</c>, fixed maximum shape; paged beyond 2^page-bits entries), an extensible
/// array (<c>EAHD</c>/<c>EAIB</c>/<c>EASB</c>/<c>EADB</c>, one unlimited axis) and a version 2 B-tree (record types 10 and
/// 11, more than one unlimited axis). Each yields the chunks as the version 1 B-tree does: address, stored size, filter
/// mask and the chunk's first element on each axis. Array entries are in row-major order of the chunk grid, the grid
/// taken from the maximum shape, an extensible array's unlimited axis moved first (H5Dfarray.c, H5Dearray.c). Counts
/// are bounded before anything of their size is allocated; checksums are not verified.
/// </summary>
internal sealed class Hdf5ChunkArrays
{
    private const long MaxEntries = 1 << 24;
    private readonly Hdf5Bytes _file;
    private readonly long _layout;
    private readonly long[] _chunk;     // elements per chunk on each axis
    private readonly long[] _grid;      // chunks on each axis of the maximum shape (0 for an unlimited axis)
    private readonly long[] _dims;
    private readonly bool _filtered;

    public Hdf5ChunkArrays(Hdf5Bytes file, long layout, long[] chunk, Hdf5Dataspace space, bool filtered)
    {
        _file = file;
        _layout = layout;
        _chunk = chunk;
        _dims = space.Dimensions;
        _filtered = filtered;
        _grid = new long[chunk.Length];
        for (int d = 0; d < chunk.Length; d++)
        {
            long max = space.MaxDimensions?[d] ?? _dims[d];
            _grid[d] = max < 0 ? 0 : (max + chunk[d] - 1) / chunk[d];
        }
    }

    /// <summary>Bytes of one unfiltered chunk.</summary>
    public long ChunkBytes { get; init; }

    /// <summary>The chunks of a dataset indexed by <paramref name="type"/> (the layout's chunk indexing type).</summary>
    /// <param name="type">The chunk indexing type, 1–5.</param>
    /// <param name="r">The layout message, positioned at the indexing type information.</param>
    /// <param name="flags">The layout flags (bit 1: a single chunk is filtered).</param>
    public List<(long Address, long Size, uint Mask, long[] Offsets)> Chunks(int type, ref Hdf5Reader r, int flags)
    {
        var chunks = new List<(long, long, uint, long[])>();
        if (type is 2 or 3 && _grid.Contains(0L)) throw _file.Error(_layout, $"chunk indexing type {type} (an implicit or fixed array index) needs a fixed maximum shape, but an axis is unlimited");
        switch (type)
        {
            case 1: // single chunk
                long size = ChunkBytes;
                uint mask = 0;
                if ((flags & 2) != 0)
                {
                    size = r.Length("the filtered size of the single chunk");
                    mask = r.U32("the single chunk's filter mask");
                }
                long single = r.Address("the dataset's single chunk");
                if (single >= 0) chunks.Add((single, size, mask, new long[_chunk.Length]));
                return chunks;
            case 2: // implicit
                long first = r.Address("the dataset's first chunk");
                if (first < 0) return chunks;
                long total = Product(_grid);
                for (long i = 0; i < total; i++) Add(chunks, Grid(i), first + i * ChunkBytes, ChunkBytes, 0);
                return chunks;
            case 3:
                r.U8("the fixed array page bits");
                long fixedArray = r.Address("the dataset's fixed array");
                if (fixedArray >= 0) FixedArray(fixedArray, chunks);
                return chunks;
            case 4:
                r.Skip(5, "the extensible array parameters");
                long extensible = r.Address("the dataset's extensible array");
                if (extensible >= 0) ExtensibleArray(extensible, chunks);
                return chunks;
            case 5:
                r.Skip(6, "the version 2 B-tree parameters");
                long tree = r.Address("the dataset's chunk B-tree");
                if (tree >= 0) BTree(tree, chunks);
                return chunks;
            default:
                throw _file.Error(_layout, $"the version 4 data layout uses chunk indexing type {type}; types 1 (single chunk), 2 (implicit), 3 (fixed array), 4 (extensible array) and 5 (version 2 B-tree) exist");
        }
    }

    private static long Product(long[] values)
    {
        long n = 1;
        foreach (long v in values)
        {
            if (v != 0 && n > MaxEntries / v) return MaxEntries + 1;
            n *= v;
        }
        return n;
    }

    /// <summary>The first element of the chunk at row-major grid index <paramref name="index"/>.</summary>
    private long[] Grid(long index)
    {
        var origin = new long[_grid.Length];
        for (int d = _grid.Length - 1; d >= 0; d--)
        {
            origin[d] = index % _grid[d] * _chunk[d];
            index /= _grid[d];
        }
        return origin;
    }

    /// <summary>Adds a chunk that lies inside the current shape (entries past it were never written).</summary>
    private void Add(List<(long, long, uint, long[])> chunks, long[] origin, long address, long size, uint mask)
    {
        if (address < 0) return;
        for (int d = 0; d < origin.Length; d++)
        {
            if (origin[d] >= _dims[d]) return;
        }
        chunks.Add((address, size, mask, origin));
    }

    /// <summary>One array entry: the chunk address, then for filtered chunks its stored size and filter mask.</summary>
    private (long Address, long Size, uint Mask) Entry(ref Hdf5Reader r, int entrySize)
    {
        long address = r.Address("a chunk address");
        if (!_filtered) return (address, ChunkBytes, 0);
        long size = (long)r.Sized(entrySize - _file.OffsetSize - 4, "a filtered chunk's size");
        return (address, size, r.U32("a chunk's filter mask"));
    }

    private int EntrySize(long at, int client, int entrySize, string what)
    {
        int expectedClient = _filtered ? 1 : 0;
        if (client != expectedClient) throw _file.Error(at, $"the {what} lists {(client == 1 ? "filtered" : "unfiltered")} chunks, but the dataset {(_filtered ? "has" : "has no")} filters");
        int smallest = _file.OffsetSize + (_filtered ? 5 : 0);
        if (entrySize < smallest || entrySize > _file.OffsetSize + 12) throw _file.Error(at, $"the {what} has {entrySize}-byte entries; a chunk entry takes {smallest}–{_file.OffsetSize + 12}");
        return entrySize;
    }

    /// <summary>
    /// The start of a fixed or extensible array header (signature, version 0, client, entry size), checked; the reader is
    /// left at the array's own parameters.
    /// </summary>
    private Hdf5Reader ArrayHeader(long header, string signature, string article, string what, out int entrySize)
    {
        var h = _file.ReaderToEnd(header, $"{article} {what} header");
        h.Signature(signature, $"{article} {what} header");
        byte version = h.U8($"the {what} version");
        if (version != 0) throw _file.Error(header, $"the {what} has version {version}; expected 0");
        entrySize = EntrySize(header, h.U8($"the {what} client"), h.U8($"the {what} entry size"), what);
        return h;
    }

    private void FixedArray(long header, List<(long, long, uint, long[])> chunks)
    {
        var h = ArrayHeader(header, "FAHD", "a", "fixed array", out int entrySize);
        int pageBits = h.U8("the fixed array page bits");
        long entries = h.Length("the fixed array's number of entries");
        long block = h.Address("the fixed array data block");
        if (entries > MaxEntries || pageBits > 31) throw _file.Error(header, $"the fixed array has {entries} entries in pages of 2^{pageBits}; GenNet reads up to {MaxEntries}");
        if (entries > Product(_grid) && _grid.All(g => g > 0)) throw _file.Error(header, $"the fixed array has {entries} entries for a grid of {Product(_grid)} chunks");
        if (block < 0) return;
        var b = _file.ReaderToEnd(block, "a fixed array data block");
        b.Signature("FADB", "a fixed array data block");
        b.U8("the fixed array data block version");
        b.U8("the fixed array data block client");
        b.RawAddress("the data block's header address");
        long pageEntries = 1L << pageBits;
        if (entries <= pageEntries)
        {
            for (long i = 0; i < entries; i++)
            {
                var (address, size, mask) = Entry(ref b, entrySize);
                Add(chunks, Grid(i), address, size, mask);
            }
            return;
        }
        // Paged: a bitmap of initialised pages (most significant bit first), the block's checksum, then each page's
        // entries and checksum.
        long pages = (entries + pageEntries - 1) / pageEntries;
        var bitmap = b.Bytes((pages + 7) / 8, "the fixed array page bitmap").ToArray();
        b.Skip(4, "the data block checksum");
        long pageAt = b.Offset;
        for (long p = 0; p < pages; p++)
        {
            long inPage = Math.Min(pageEntries, entries - p * pageEntries);
            long pageBytes = inPage * entrySize + 4;
            if ((bitmap[p / 8] & (0x80 >> (int)(p % 8))) != 0)
            {
                var page = _file.Reader(pageAt, pageBytes, "a fixed array page");
                for (long i = 0; i < inPage; i++)
                {
                    var (address, size, mask) = Entry(ref page, entrySize);
                    Add(chunks, Grid(p * pageEntries + i), address, size, mask);
                }
            }
            pageAt += pageEntries * entrySize + 4;
        }
    }

    private void ExtensibleArray(long header, List<(long, long, uint, long[])> chunks)
    {
        int unlimited = Array.IndexOf(_grid, 0L);
        if (unlimited < 0 || Array.LastIndexOf(_grid, 0L) != unlimited) throw _file.Error(_layout, "an extensible array chunk index needs exactly one unlimited axis");
        var h = ArrayHeader(header, "EAHD", "an", "extensible array", out int entrySize);
        int maxBits = h.U8("the extensible array's index bits");
        int indexElements = h.U8("the index block's elements");
        int minElements = h.U8("the smallest data block's elements");
        int minPointers = h.U8("the smallest super block's data block pointers");
        int pageBits = h.U8("the data block page bits");
        for (int i = 0; i < 4; i++) h.Length("the extensible array's block statistics");
        long maxIndex = h.Length("the extensible array's highest index set");
        h.Length("the extensible array's realised elements");
        long indexBlock = h.Address("the extensible array index block");
        if (maxBits is < 1 or > 63 || minElements < 1 || (minElements & (minElements - 1)) != 0 || minPointers < 1 || (minPointers & (minPointers - 1)) != 0
            || pageBits > 31 || Hdf5BTree2.Log2(minElements) > maxBits)
        {
            throw _file.Error(header, $"the extensible array has impossible parameters (index bits {maxBits}, data blocks of {minElements}+ elements, {minPointers}+ pointers per super block)");
        }
        if (maxIndex > MaxEntries) throw _file.Error(header, $"the extensible array has {maxIndex} elements; GenNet reads up to {MaxEntries}");
        if (indexBlock < 0) return;

        int blockOffsetBytes = (maxBits + 7) / 8;
        int superBlocks = 1 + maxBits - Hdf5BTree2.Log2(minElements);
        int indexSuperBlocks = Math.Min(superBlocks, 2 * Hdf5BTree2.Log2(minPointers));
        int indexDataBlocks = 2 * (minPointers - 1);
        var ib = _file.ReaderToEnd(indexBlock, "an extensible array index block");
        ib.Signature("EAIB", "an extensible array index block");
        ib.U8("the index block version");
        ib.U8("the index block client");
        ib.RawAddress("the index block's header address");
        long index = 0;
        for (int i = 0; i < indexElements; i++, index++)
        {
            var (address, size, mask) = Entry(ref ib, entrySize);
            if (index < maxIndex) Add(chunks, Swizzled(index, unlimited), address, size, mask);
        }
        var dataBlocks = new long[indexDataBlocks];
        for (int i = 0; i < indexDataBlocks; i++) dataBlocks[i] = ib.Address("an index block's data block");
        var superBlockAddresses = new long[superBlocks - indexSuperBlocks];
        for (int i = 0; i < superBlockAddresses.Length; i++) superBlockAddresses[i] = ib.Address("an index block's super block");

        int nextDataBlock = 0;
        for (int s = 0; s < superBlocks && index < maxIndex; s++)
        {
            long blocks = 1L << (s / 2);
            long perBlock = (1L << ((s + 1) / 2)) * minElements;
            if (perBlock > 1L << pageBits) throw _file.Error(header, $"the extensible array's data blocks of {perBlock} elements are paged (more than 2^{pageBits}); GenNet reads unpaged extensible arrays, up to {index} chunks here");
            long[] addresses;
            if (s < indexSuperBlocks)
            {
                addresses = new long[blocks];
                for (long i = 0; i < blocks; i++) addresses[i] = nextDataBlock < dataBlocks.Length ? dataBlocks[nextDataBlock++] : -1;
            }
            else
            {
                long superBlock = superBlockAddresses[s - indexSuperBlocks];
                if (superBlock < 0) { index += blocks * perBlock; continue; }
                var sb = _file.ReaderToEnd(superBlock, "an extensible array super block");
                sb.Signature("EASB", "an extensible array super block");
                sb.Skip(2, "the super block version and client");
                sb.RawAddress("the super block's header address");
                sb.Skip(blockOffsetBytes, "the super block's offset");
                addresses = new long[blocks];
                for (long i = 0; i < blocks; i++) addresses[i] = sb.Address("a super block's data block");
            }
            foreach (long dataBlock in addresses)
            {
                if (dataBlock < 0 || index >= maxIndex) { index += perBlock; continue; }
                var db = _file.ReaderToEnd(dataBlock, "an extensible array data block");
                db.Signature("EADB", "an extensible array data block");
                db.Skip(2, "the data block version and client");
                db.RawAddress("the data block's header address");
                db.Skip(blockOffsetBytes, "the data block's offset");
                for (long i = 0; i < perBlock; i++, index++)
                {
                    var (address, size, mask) = Entry(ref db, entrySize);
                    if (index < maxIndex) Add(chunks, Swizzled(index, unlimited), address, size, mask);
                }
            }
        }
    }

    /// <summary>The chunk at <paramref name="index"/> of a grid whose unlimited axis counts first (slowest).</summary>
    private long[] Swizzled(long index, int unlimited)
    {
        var origin = new long[_grid.Length];
        for (int d = _grid.Length - 1; d >= 0; d--)
        {
            if (d == unlimited) continue;
            origin[d] = index % _grid[d] * _chunk[d];
            index /= _grid[d];
        }
        origin[unlimited] = index * _chunk[unlimited];
        return origin;
    }

    // Record type 10: address, scaled offsets (8 bytes each); type 11: address, stored size, filter mask, scaled offsets.
    private void BTree(long header, List<(long, long, uint, long[])> chunks)
    {
        int type = _filtered ? Hdf5BTree2.FilteredChunks : Hdf5BTree2.Chunks;
        var records = Hdf5BTree2.Records(_file, header, type, "a dataset's chunks", out int recordSize);
        int rank = _chunk.Length;
        int sizeBytes = recordSize - _file.OffsetSize - 8 * rank - (_filtered ? 4 : 0);
        if (_filtered ? sizeBytes is < 1 or > 8 : sizeBytes != 0) throw _file.Error(header, $"the chunk B-tree has {recordSize}-byte records; a rank-{rank} dataset's take {_file.OffsetSize + 8 * rank + (_filtered ? 5 : 0)}");
        foreach (long at in records)
        {
            var r = _file.Reader(at, recordSize, "a chunk B-tree record");
            long address = r.Address("a chunk address");
            long size = _filtered ? (long)r.Sized(sizeBytes, "a filtered chunk's size") : ChunkBytes;
            uint mask = _filtered ? r.U32("a chunk's filter mask") : 0;
            var origin = new long[rank];
            for (int d = 0; d < rank; d++)
            {
                ulong scaled = r.U64("a chunk's scaled offset");
                if (scaled > (ulong)(long.MaxValue / _chunk[d])) throw r.Error($"a chunk's scaled offset of {scaled}");
                origin[d] = (long)scaled * _chunk[d];
            }
            if (address < 0) continue;
            for (int d = 0; d < rank; d++)
            {
                if (origin[d] >= _dims[d]) throw _file.Error(at, $"a chunk starts at element {origin[d]} of axis {d}, past the dataset's {_dims[d]}");
            }
            chunks.Add((address, size, mask, origin));
        }
    }
}
