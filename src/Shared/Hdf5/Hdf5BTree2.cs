using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// The version 2 B-tree (spec III.A.2: <c>BTHD</c> header, <c>BTIN</c> internal and <c>BTLF</c> leaf nodes), which
/// <c>libver="latest"</c> files use to index dense links (record type 5), dense attributes (type 8) and the chunks of a
/// dataset with more than one unlimited axis (types 10 and 11). Only enumeration is needed here: every record, internal
/// nodes' included (a version 2 B-tree keeps records in its internal nodes too). The walk visits each node once and is
/// bounded in depth and count, so a cyclic or absurd tree is an error, not a hang. Checksums are not verified.
/// </summary>
internal static class Hdf5BTree2
{
    public const int LinkNames = 5, AttributeNames = 8, Chunks = 10, FilteredChunks = 11;
    private const int MaxDepth = 32;
    private const int MaxTotal = 1 << 24;
    // Signature, version, type and checksum of every node.
    private const int NodePrefix = 10;

    /// <summary>Every record's file offset; each is <paramref name="recordSize"/> bytes long.</summary>
    public static List<long> Records(Hdf5Bytes file, long header, int type, string what, out int recordSize)
    {
        var r = file.ReaderToEnd(header, $"the version 2 B-tree header of {what}");
        r.Signature("BTHD", $"the version 2 B-tree header of {what}");
        byte version = r.U8("the B-tree version");
        if (version != 0) throw file.Error(header, $"the version 2 B-tree of {what} has version {version}; expected 0");
        int found = r.U8("the B-tree type");
        if (found != type) throw file.Error(header, $"expected a version 2 B-tree of type {type} for {what}, found type {found}");
        long nodeSize = r.U32("the B-tree node size");
        recordSize = r.U16("the B-tree record size");
        int depth = r.U16("the B-tree depth");
        r.Skip(2, "the split and merge percentages");
        long root = r.Address("the B-tree root node");
        int rootRecords = r.U16("the number of records in the root node");
        long total = r.Length("the number of records in the B-tree");
        if (nodeSize is < NodePrefix + 1 or > 1 << 24 || recordSize == 0 || recordSize > nodeSize - NodePrefix)
        {
            throw file.Error(header, $"the version 2 B-tree of {what} has {nodeSize}-byte nodes and {recordSize}-byte records");
        }
        if (depth > MaxDepth) throw file.Error(header, $"the version 2 B-tree of {what} is {depth} levels deep; GenNet reads up to {MaxDepth}");
        if (total > MaxTotal) throw file.Error(header, $"the version 2 B-tree of {what} holds {total} records; GenNet reads up to {MaxTotal}");
        var records = new List<long>();
        if (root < 0 || total == 0) return records;

        // Per depth: most records a node holds, most records below it, and the bytes that count takes (H5B2hdr.c's node_info).
        var maxRecords = new long[depth + 1];
        var belowMax = new long[depth + 1];
        var belowSize = new int[depth + 1];
        maxRecords[0] = (nodeSize - NodePrefix) / recordSize;
        belowMax[0] = maxRecords[0];
        int countSize = Log2(maxRecords[0]) / 8 + 1;
        for (int d = 1; d <= depth; d++)
        {
            long pointer = file.OffsetSize + countSize + (d > 1 ? belowSize[d - 1] : 0);
            maxRecords[d] = Math.Max(0, (nodeSize - (NodePrefix + pointer)) / (recordSize + pointer));
            belowMax[d] = belowMax[d - 1] > (long.MaxValue / 4) / (maxRecords[d] + 1) ? long.MaxValue / 4 : (maxRecords[d] + 1) * belowMax[d - 1] + maxRecords[d];
            belowSize[d] = Math.Min(8, Log2(belowMax[d]) / 8 + 1);
        }
        var tree = new Tree(file, what, type, nodeSize, recordSize, countSize, maxRecords, belowSize, records, new HashSet<long>());
        tree.Node(root, depth, rootRecords);
        return records;
    }

    /// <summary>floor(log2 n), 0 for n ≤ 1.</summary>
    internal static int Log2(long n)
    {
        int bits = 0;
        while (n > 1) { n >>= 1; bits++; }
        return bits;
    }

    private sealed record Tree(Hdf5Bytes File, string What, int Type, long NodeSize, int RecordSize, int CountSize,
        long[] MaxRecords, int[] BelowSize, List<long> Records, HashSet<long> Seen)
    {
        public void Node(long address, int depth, long count)
        {
            if (address < 0) throw File.Error(address, $"a node of the version 2 B-tree of {What} has an undefined address");
            if (!Seen.Add(address)) throw File.Error(address, $"the version 2 B-tree of {What} visits this node twice; it is cyclic");
            if (count > MaxRecords[depth]) throw File.Error(address, $"a node of the version 2 B-tree of {What} claims {count} records; it holds at most {MaxRecords[depth]}");
            string signature = depth == 0 ? "BTLF" : "BTIN";
            var r = File.Reader(address, NodeSize, $"a version 2 B-tree node of {What}");
            r.Signature(signature, $"a version 2 B-tree node of {What}");
            r.U8("the B-tree node version");
            int type = r.U8("the B-tree node type");
            if (type != Type) throw File.Error(address, $"a node of the version 2 B-tree of {What} has type {type}; its header says {Type}");
            for (long i = 0; i < count; i++)
            {
                Records.Add(r.Offset);
                if (Records.Count > MaxTotal) throw File.Error(address, $"the version 2 B-tree of {What} holds more records than GenNet reads");
                r.Skip(RecordSize, "a B-tree record");
            }
            if (depth == 0) return;
            var children = new List<(long Address, long Count)>();
            for (long i = 0; i <= count; i++)
            {
                long child = r.Address("a B-tree child node");
                long childCount = (long)r.Sized(CountSize, "the number of records in a child node");
                if (depth > 1) r.Sized(BelowSize[depth - 1], "the number of records below a child node");
                children.Add((child, childCount));
            }
            foreach (var (child, childCount) in children) Node(child, depth - 1, childCount);
        }
    }
}
