using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// A group's members, name → object header address, from either storage h5py writes: the old style (symbol table
/// message → group B-tree of type 0 whose leaves are <c>SNOD</c> symbol nodes, names in a local <c>HEAP</c>; spec
/// III.A.1, III.B, III.D) or the new styles of <c>libver="latest"</c>: compact (link messages in the header; IV.A.2.g) and dense (more than 8 links:
/// link messages in a fractal heap, <see cref="Hdf5Dense"/>).
/// </summary>
internal static class Hdf5Links
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 1 << 20;

    /// <summary>Whether the header describes a group (it has a symbol table, link or link info message).</summary>
    public static bool IsGroup(List<Hdf5Message> messages) =>
        messages.Exists(m => m.Type is Hdf5Message.SymbolTable or Hdf5Message.Link or Hdf5Message.LinkInfo);

    public static List<(string Name, long Address)> Read(Hdf5Bytes file, long header, List<Hdf5Message> messages)
    {
        var links = new List<(string, long)>();
        foreach (var m in messages)
        {
            switch (m.Type)
            {
                case Hdf5Message.SymbolTable:
                    var r = file.Reader(m.Offset, m.Length, "a symbol table message");
                    long tree = r.Address("the group's B-tree");
                    long heap = r.Address("the group's local heap");
                    if (tree < 0 || heap < 0) throw file.Error(m.Offset, "a symbol table message has an undefined B-tree or heap address");
                    var names = LocalHeap(file, heap);
                    WalkGroupTree(file, tree, names, -1, 0, new HashSet<long>(), links);
                    break;
                case Hdf5Message.Link:
                    if (ReadLink(file, m) is { } link) links.Add(link);
                    break;
                case Hdf5Message.LinkInfo:
                    // Dense storage (libver='latest', more than 8 members): link messages in a fractal heap, listed
                    // in name-hash order; sorted by name here, as a symbol table keeps them.
                    var dense = new List<(string Name, long Address)>();
                    foreach (var stored in Hdf5Dense.Links(file, m))
                    {
                        if (ReadLink(file, stored) is { } member) dense.Add(member);
                    }
                    links.AddRange(dense.OrderBy(l => l.Name, StringComparer.Ordinal));
                    break;
            }
        }
        return links;
    }

    /// <summary>The local heap's data segment: where member names live, null-terminated.</summary>
    private static Hdf5LocalHeap LocalHeap(Hdf5Bytes file, long address)
    {
        var r = file.ReaderToEnd(address, "a local heap");
        r.Signature("HEAP", "a local heap");
        r.Skip(4, "the local heap version and reserved bytes");
        long size = r.Length("the local heap's data size");
        r.Length("the local heap's free list offset");
        long data = r.Address("the local heap's data segment");
        if (data < 0) throw file.Error(address, "the local heap's data segment address is undefined");
        file.Reader(data, size, "the local heap's data segment");
        return new Hdf5LocalHeap(file, data, size);
    }

    private static void WalkGroupTree(Hdf5Bytes file, long node, Hdf5LocalHeap names, int expectedLevel, int depth, HashSet<long> seen, List<(string, long)> links)
    {
        if (depth > MaxDepth) throw file.Error(node, $"the group B-tree is more than {MaxDepth} levels deep");
        if (!seen.Add(node) || seen.Count > MaxNodes) throw file.Error(node, "the group B-tree visits this node twice; it is cyclic");
        var r = file.ReaderToEnd(node, "a group B-tree node");
        r.Signature("TREE", "a group B-tree node");
        int type = r.U8("the B-tree node type");
        if (type != 0) throw file.Error(node, $"expected a group B-tree node (type 0), found type {type}");
        int level = r.U8("the B-tree node level");
        if (expectedLevel >= 0 && level != expectedLevel) throw file.Error(node, $"a B-tree node has level {level} below a node of level {expectedLevel + 1}");
        int entries = r.U16("the number of B-tree entries");
        r.Skip(2L * file.OffsetSize, "the sibling addresses");
        r.Length("the first key");
        for (int i = 0; i < entries; i++)
        {
            long child = r.Address("a B-tree child");
            r.Length("a B-tree key");
            if (child < 0) throw file.Error(node, "a group B-tree child address is undefined");
            if (level > 0)
            {
                WalkGroupTree(file, child, names, level - 1, depth + 1, seen, links);
                continue;
            }
            if (!seen.Add(child)) throw file.Error(child, "a symbol table node is listed twice; the group B-tree is cyclic");
            var s = file.ReaderToEnd(child, "a symbol table node");
            s.Signature("SNOD", "a symbol table node");
            s.Skip(2, "the symbol node version and reserved byte");
            int symbols = s.U16("the number of symbols");
            for (int k = 0; k < symbols; k++)
            {
                long nameOffset = s.Length("a link name offset");
                long header = s.Address("an object header address");
                s.Skip(4 + 4 + 16, "the symbol's cache type and scratch pad");
                if (header < 0) throw s.Error("a symbol has an undefined object header address");
                links.Add((names.Name(nameOffset), header));
            }
        }
    }

    private static (string, long)? ReadLink(Hdf5Bytes file, Hdf5Message m)
    {
        var r = file.Reader(m.Offset, m.Length, "a link message");
        byte version = r.U8("the link message version");
        if (version != 1) throw file.Error(m.Offset, $"the link message version is {version}; expected 1");
        int flags = r.U8("the link flags");
        int linkType = (flags & 0x08) != 0 ? r.U8("the link type") : 0;
        if ((flags & 0x04) != 0) r.Skip(8, "the link creation order");
        if ((flags & 0x10) != 0) r.Skip(1, "the link name character set");
        long nameLength = (long)r.Sized(1 << (flags & 3), "the link name length");
        if (nameLength <= 0 || nameLength > r.Remaining) throw file.Error(m.Offset, $"a link name is {nameLength} bytes long, but the message holds {r.Remaining} more");
        string name = Hdf5Text.Utf8(r.Bytes(nameLength, "the link name"));
        if (linkType != 0) return null; // soft and external links point by path; Keras files do not use them
        return (name, r.Address("the link's object header"));
    }
}

/// <summary>A local heap's data segment, from which symbol names are read.</summary>
internal readonly record struct Hdf5LocalHeap(Hdf5Bytes File, long Data, long Size)
{
    /// <summary>The null-terminated name at <paramref name="offset"/> in the segment.</summary>
    public string Name(long offset)
    {
        if (offset < 0 || offset >= Size) throw File.Error(Data, $"a link name offset of {offset} lies outside the local heap's {Size}-byte data segment");
        var r = File.Reader(Data + offset, Size - offset, "a link name");
        var rest = r.Bytes(Size - offset, "a link name");
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw File.Error(Data + offset, "a link name in the local heap is not null-terminated");
        return Hdf5Text.Utf8(rest.Slice(0, end));
    }
}
