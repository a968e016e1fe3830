using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// The version 1 B-tree of a chunked dataset (node type 1, spec III.A.1): each key holds a chunk's stored size, filter
/// mask and element offsets, each leaf child the chunk's address. Walked depth-first with a depth limit and a visited
/// set, so a cyclic or absurdly deep tree is an error, not a hang.
/// </summary>
internal static class Hdf5ChunkIndex
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 1 << 20;

    public static List<(long Address, long Size, uint Mask, long[] Offsets)> Leaves(Hdf5Bytes file, long root, int dimensionality)
    {
        var leaves = new List<(long, long, uint, long[])>();
        var seen = new HashSet<long>();
        Walk(file, root, dimensionality, -1, 0, seen, leaves);
        return leaves;
    }

    private static void Walk(Hdf5Bytes file, long node, int dimensionality, int expectedLevel, int depth, HashSet<long> seen,
        List<(long, long, uint, long[])> leaves)
    {
        if (depth > MaxDepth) throw file.Error(node, $"the chunk B-tree is more than {MaxDepth} levels deep");
        if (!seen.Add(node) || seen.Count > MaxNodes) throw file.Error(node, "the chunk B-tree visits this node twice; it is cyclic");
        var r = file.ReaderToEnd(node, "a chunk B-tree node");
        r.Signature("TREE", "a chunk B-tree node");
        int type = r.U8("the B-tree node type");
        if (type != 1) throw file.Error(node, $"expected a chunk B-tree node (type 1), found type {type}");
        int level = r.U8("the B-tree node level");
        if (expectedLevel >= 0 && level != expectedLevel) throw file.Error(node, $"a B-tree node has level {level} below a node of level {expectedLevel + 1}");
        int entries = r.U16("the number of B-tree entries");
        r.Skip(2L * file.OffsetSize, "the sibling addresses");
        for (int i = 0; i < entries; i++)
        {
            long size = r.U32("a chunk's stored size");
            uint mask = r.U32("a chunk's filter mask");
            var offsets = new long[dimensionality];
            for (int d = 0; d < dimensionality; d++)
            {
                ulong o = r.U64("a chunk offset");
                offsets[d] = o > long.MaxValue ? throw r.Error($"a chunk offset of {o}") : (long)o;
            }
            long child = r.Address("a B-tree child");
            if (child < 0) throw r.Error("a B-tree child address is undefined");
            if (level == 0) leaves.Add((child, size, mask, offsets));
            else Walk(file, child, dimensionality, level - 1, depth + 1, seen, leaves);
        }
    }
}
