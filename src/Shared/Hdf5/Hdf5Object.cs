using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// A group or dataset of an HDF5 file, found by path from <see cref="Hdf5File.Open"/>'s root. Members and attributes are
/// read on demand; nothing here trusts the file (see <see cref="Hdf5Bytes"/>).
/// </summary>
internal sealed class Hdf5Object
{
    private readonly Hdf5Bytes _file;
    private List<Hdf5Message>? _messages;
    private List<(string Name, long Address)>? _links;

    internal Hdf5Object(Hdf5Bytes file, long address, string path)
    {
        _file = file;
        Address = address;
        Path = path;
    }

    /// <summary>The object header's file offset.</summary>
    public long Address { get; }

    /// <summary>Where it was found, e.g. <c>/layers/dense/vars/0</c>.</summary>
    public string Path { get; }

    private List<Hdf5Message> Messages => _messages ??= Hdf5ObjectHeader.Read(_file, Address);

    public bool IsGroup => Hdf5Links.IsGroup(Messages);

    public bool IsDataset => Messages.Exists(m => m.Type == Hdf5Message.Layout);

    /// <summary>The member names, in the file's order (symbol tables keep them sorted by name).</summary>
    public IEnumerable<string> MemberNames => Links.Select(l => l.Name);

    private List<(string Name, long Address)> Links => _links ??= IsGroup ? Hdf5Links.Read(_file, Address, Messages) : [];

    /// <summary>The member <paramref name="name"/>, or null.</summary>
    public Hdf5Object? Member(string name)
    {
        foreach (var (n, address) in Links)
        {
            if (n == name) return new Hdf5Object(_file, address, Path == "/" ? $"/{name}" : $"{Path}/{name}");
        }
        return null;
    }

    /// <summary>The object at a relative path (<c>"layers/dense/vars"</c>), or null when any step is missing.</summary>
    public Hdf5Object? Find(string path)
    {
        var at = this;
        foreach (string part in path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            at = at.Member(part);
            if (at is null) return null;
        }
        return at;
    }

    /// <summary>This object as a dataset.</summary>
    /// <exception cref="InvalidDataException">It is not one.</exception>
    public Hdf5Dataset Dataset() =>
        IsDataset ? new Hdf5Dataset(_file, Address, Messages) : throw _file.Error(Address, $"expected '{Path}' to be a dataset, found a group");

    /// <summary>The string attribute <paramref name="name"/>, or null when there is none.</summary>
    public string[]? Strings(string name)
    {
        foreach (var m in Messages)
        {
            if (m.Type == Hdf5Message.Attribute && Hdf5Attribute.Name(_file, m) == name) return Hdf5Attribute.ReadStrings(_file, m);
        }
        // Dense storage (libver='latest', more than 8 attributes): attribute messages in a fractal heap.
        foreach (var m in Messages)
        {
            if (m.Type != Hdf5Message.AttributeInfo) continue;
            foreach (var stored in Hdf5Dense.Attributes(_file, m))
            {
                if (Hdf5Attribute.Name(_file, stored) == name) return Hdf5Attribute.ReadStrings(_file, stored);
            }
        }
        return null;
    }

    /// <summary>
    /// Every object below this one, depth-first, each header visited once (hard links may make a group its own
    /// ancestor; such a cycle is an error here rather than an endless walk).
    /// </summary>
    public List<Hdf5Object> Descendants(int maxObjects = 100_000)
    {
        var all = new List<Hdf5Object>();
        var onPath = new HashSet<long> { Address };
        Walk(this, onPath, all, maxObjects);
        return all;
    }

    private void Walk(Hdf5Object group, HashSet<long> onPath, List<Hdf5Object> all, int maxObjects)
    {
        foreach (var (name, address) in group.Links)
        {
            if (onPath.Contains(address)) throw _file.Error(address, $"'{group.Path}/{name}' links back to its own ancestor; the group structure is cyclic");
            var child = new Hdf5Object(_file, address, group.Path == "/" ? $"/{name}" : $"{group.Path}/{name}");
            all.Add(child);
            if (all.Count > maxObjects) throw _file.Error(address, $"the file holds more than {maxObjects} objects");
            if (!child.IsGroup) continue;
            onPath.Add(address);
            Walk(child, onPath, all, maxObjects);
            onPath.Remove(address);
        }
    }
}

/// <summary>Opens an HDF5 file held in memory: reads the superblock and returns the root group.</summary>
internal static class Hdf5File
{
    private static ReadOnlySpan<byte> Signature => new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n' };

    /// <summary>The root group of <paramref name="data"/>.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">The file for messages.</param>
    /// <exception cref="InvalidDataException">The bytes are not an HDF5 file GenNet can read; the message says what and where.</exception>
    public static Hdf5Object Open(byte[] data, string name)
    {
        var file = new Hdf5Bytes(data, name);
        long root = Hdf5Superblock.Read(file);
        return new Hdf5Object(file, root, "/");
    }

    /// <summary>Whether <paramref name="data"/> starts with the HDF5 signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) =>
        data.Length >= 8 && data.Slice(0, 8).SequenceEqual(Signature);
}
