using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// A fractal heap (spec III.G: <c>FRHP</c> header, <c>FHIB</c> indirect and <c>FHDB</c> direct blocks), where
/// <c>libver="latest"</c> keeps a group's links once it has more than 8 and an object's attributes once it has more than
/// 8 (dense storage). An object is found from its heap ID: managed objects by their offset in the heap's address space
/// (the direct block holding it, found by walking the block table once), tiny objects inside the ID itself. Huge objects
/// (larger than the heap's managed maximum, e.g. an attribute of more than 64 KiB) and filtered heaps are refused by
/// name. Every block is visited once, depth and count bounded; checksums are not verified.
/// </summary>
internal sealed class Hdf5FractalHeap
{
    private const int MaxBlocks = 1 << 20;
    private readonly Hdf5Bytes _file;
    private readonly long _header;
    private readonly int _width, _offsetBytes, _lengthBytes, _maxHeapBits;
    private readonly long _startBlock, _maxDirect;
    private readonly bool _checksummed;
    private readonly List<(long HeapOffset, long Address, long Size)> _direct = [];

    public Hdf5FractalHeap(Hdf5Bytes file, long header, string what)
    {
        _file = file;
        _header = header;
        var r = file.ReaderToEnd(header, $"the fractal heap of {what}");
        r.Signature("FRHP", $"the fractal heap of {what}");
        byte version = r.U8("the fractal heap version");
        if (version != 0) throw file.Error(header, $"the fractal heap of {what} has version {version}; expected 0");
        IdLength = r.U16("the heap ID length");
        int filterLength = r.U16("the heap's I/O filter length");
        int flags = r.U8("the fractal heap flags");
        long maxManaged = r.U32("the heap's largest managed object");
        r.Length("the next huge object ID");
        r.Address("the huge object B-tree");
        r.Length("the managed free space");
        r.RawAddress("the free-space manager");
        r.Length("the managed space");
        r.Length("the allocated managed space");
        r.Length("the direct block allocation offset");
        r.Length("the number of managed objects");
        r.Length("the size of huge objects");
        r.Length("the number of huge objects");
        r.Length("the size of tiny objects");
        r.Length("the number of tiny objects");
        _width = r.U16("the heap's table width");
        _startBlock = r.Length("the heap's starting block size");
        _maxDirect = r.Length("the heap's largest direct block");
        _maxHeapBits = r.U16("the heap's address bits");
        r.U16("the starting rows of the root indirect block");
        long root = r.Address("the heap's root block");
        int rootRows = r.U16("the rows of the root indirect block");
        if (filterLength != 0) throw file.Error(header, $"the fractal heap of {what} filters (compresses) its blocks; GenNet reads unfiltered heaps");
        if (_width is < 1 or > 4096 || !PowerOfTwo(_startBlock) || !PowerOfTwo(_maxDirect) || _maxDirect < _startBlock || _maxDirect > 1L << 32
            || _maxHeapBits is < 1 or > 64 || rootRows > 64 || maxManaged == 0 || IdLength is < 2 or > 64)
        {
            throw file.Error(header, $"the fractal heap of {what} has an impossible doubling table (width {_width}, blocks {_startBlock}–{_maxDirect} bytes, {_maxHeapBits} address bits, {rootRows} root rows)");
        }
        _checksummed = (flags & 2) != 0;
        _offsetBytes = (_maxHeapBits + 7) / 8;
        _lengthBytes = Math.Min((Hdf5BTree2.Log2(_maxDirect) + 7) / 8, (Hdf5BTree2.Log2(maxManaged) + 7) / 8);
        if (root < 0) return;
        int blocks = 0;
        if (rootRows == 0) Direct(root, _startBlock);
        else Indirect(root, rootRows, 0, ref blocks, new HashSet<long>());
    }

    /// <summary>Bytes in a heap ID of this heap.</summary>
    public int IdLength { get; }

    /// <summary>Where the object a heap ID (at file offset <paramref name="id"/>) names lies in the file, and its length.</summary>
    public (long Offset, int Length) Find(long id)
    {
        var r = _file.Reader(id, IdLength, "a fractal heap ID");
        int flags = r.U8("the heap ID flags");
        if (flags >> 6 != 0) throw _file.Error(id, $"a fractal heap ID has version {flags >> 6}; expected 0");
        switch ((flags >> 4) & 3)
        {
            case 0:
                long offset = (long)r.Sized(_offsetBytes, "a heap object's offset");
                long length = (long)r.Sized(_lengthBytes, "a heap object's length");
                foreach (var (heapOffset, address, size) in _direct)
                {
                    if (offset < heapOffset || offset >= heapOffset + size) continue;
                    if (length <= 0 || offset + length > heapOffset + size)
                    {
                        throw _file.Error(id, $"a heap object of {length} bytes at heap offset {offset} does not fit its {size}-byte direct block");
                    }
                    _file.Reader(address + offset - heapOffset, length, "a fractal heap object");
                    return (address + offset - heapOffset, (int)length);
                }
                throw _file.Error(id, $"no direct block of the fractal heap at {_header} holds heap offset {offset}");
            case 2:
                if (IdLength > 18) throw _file.Error(id, "a fractal heap ID names an extended tiny object, which GenNet does not read");
                int tiny = (flags & 0x0F) + 1;
                if (tiny > IdLength - 1) throw _file.Error(id, $"a tiny heap object of {tiny} bytes does not fit its {IdLength}-byte heap ID");
                return (id + 1, tiny);
            case 1:
                throw _file.Error(id, "the object is a huge fractal heap object (larger than the heap's managed maximum, e.g. an attribute over 64 KiB); GenNet reads managed and tiny heap objects");
            default:
                throw _file.Error(id, $"a fractal heap ID has the reserved type 3");
        }
    }

    private static bool PowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;

    private void Direct(long address, long size)
    {
        var r = _file.Reader(address, size, "a fractal heap direct block");
        r.Signature("FHDB", "a fractal heap direct block");
        r.U8("the direct block version");
        r.RawAddress("the direct block's heap header");
        long heapOffset = (long)r.Sized(_offsetBytes, "the direct block's heap offset");
        _direct.Add((heapOffset, address, size));
    }

    private void Indirect(long address, int rows, int depth, ref int blocks, HashSet<long> seen)
    {
        if (depth > 16) throw _file.Error(address, "the fractal heap's indirect blocks nest more than 16 deep");
        if (!seen.Add(address)) throw _file.Error(address, "the fractal heap visits this indirect block twice; it is cyclic");
        var r = _file.ReaderToEnd(address, "a fractal heap indirect block");
        r.Signature("FHIB", "a fractal heap indirect block");
        r.U8("the indirect block version");
        r.RawAddress("the indirect block's heap header");
        r.Sized(_offsetBytes, "the indirect block's heap offset");
        int directRows = Hdf5BTree2.Log2(_maxDirect) - Hdf5BTree2.Log2(_startBlock) + 2;
        var children = new List<(long Address, long Size, bool Direct)>();
        for (int row = 0; row < rows; row++)
        {
            int shift = Math.Max(0, row - 1);
            if (shift > 40) throw _file.Error(address, $"a fractal heap indirect block has {rows} rows");
            long size = _startBlock << shift;
            for (int col = 0; col < _width; col++)
            {
                long child = r.Address("a fractal heap child block");
                if (++blocks > MaxBlocks) throw _file.Error(address, $"the fractal heap has more than {MaxBlocks} blocks");
                if (child >= 0) children.Add((child, size, row < directRows));
            }
        }
        foreach (var (child, size, direct) in children)
        {
            if (direct)
            {
                Direct(child, size);
                continue;
            }
            // A child indirect block of size S has the rows that add up to S: log2(S) − log2(start · width) + 1.
            int childRows = Hdf5BTree2.Log2(size) - Hdf5BTree2.Log2(_startBlock * _width) + 1;
            if (childRows <= 0) throw _file.Error(child, "a fractal heap child indirect block has no rows");
            Indirect(child, childRows, depth + 1, ref blocks, seen);
        }
    }
}

/// <summary>
/// Dense link and attribute storage (spec IV.A.2.c link info, IV.A.2.v attribute info): the members' link messages and
/// the attributes' messages live in a fractal heap, listed by a version 2 B-tree of their name hashes. Each becomes an
/// <see cref="Hdf5Message"/> over its bytes in the heap, read by the same code as a message in an object header.
/// </summary>
internal static class Hdf5Dense
{
    /// <summary>The link messages of a group whose link info message names a fractal heap; empty when it names none.</summary>
    public static List<Hdf5Message> Links(Hdf5Bytes file, Hdf5Message info) =>
        Info(file, info, "a", "link info", creationIndexBytes: 8, Hdf5BTree2.LinkNames, idAt: 4, Hdf5Message.Link, "a group's links");

    /// <summary>The attribute messages an attribute info message keeps in a fractal heap; empty when it names none.</summary>
    public static List<Hdf5Message> Attributes(Hdf5Bytes file, Hdf5Message info) =>
        Info(file, info, "an", "attribute info", creationIndexBytes: 2, Hdf5BTree2.AttributeNames, idAt: 0, Hdf5Message.Attribute, "an object's attributes");

    // Link info and attribute info messages: version 0, flags (bit 0: a maximum creation index of creationIndexBytes
    // follows), the fractal heap's address, the name index B-tree's address (a creation order index may follow: unused).
    private static List<Hdf5Message> Info(Hdf5Bytes file, Hdf5Message info, string article, string kind, int creationIndexBytes, int treeType, int idAt, int messageType, string what)
    {
        var r = file.Reader(info.Offset, info.Length, $"{article} {kind} message");
        byte version = r.U8($"the {kind} version");
        if (version != 0) throw file.Error(info.Offset, $"the {kind} message has version {version}; expected 0");
        int flags = r.U8($"the {kind} flags");
        if ((flags & 1) != 0) r.Skip(creationIndexBytes, "the maximum creation index");
        long heap = r.Address($"the fractal heap of {what}");
        long names = r.Address($"the name index B-tree of {what}");
        return heap < 0 ? [] : Messages(file, heap, names, treeType, idAt, messageType, what);
    }

    // Link name records: hash (4), heap ID. Attribute name records: heap ID (8), message flags (1), creation order (4), hash (4).
    private static List<Hdf5Message> Messages(Hdf5Bytes file, long heapAddress, long names, int treeType, int idAt, int messageType, string what)
    {
        if (names < 0) throw file.Error(heapAddress, $"{what} are stored densely but the name index B-tree address is undefined");
        var heap = new Hdf5FractalHeap(file, heapAddress, what);
        var records = Hdf5BTree2.Records(file, names, treeType, what, out int recordSize);
        if (recordSize < idAt + heap.IdLength || (treeType == Hdf5BTree2.AttributeNames && recordSize < 9)) throw file.Error(names, $"the name index of {what} has {recordSize}-byte records; a heap ID takes {heap.IdLength} bytes");
        var messages = new List<Hdf5Message>(records.Count);
        foreach (long record in records)
        {
            int messageFlags = treeType == Hdf5BTree2.AttributeNames ? file.Reader(record + 8, 1, "an attribute record's flags").U8("an attribute record's flags") : 0;
            var (offset, length) = heap.Find(record + idAt);
            messages.Add(new Hdf5Message(messageType, messageFlags, offset, length));
        }
        return messages;
    }
}
