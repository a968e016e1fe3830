using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>One header message: its type, flags and where its body lies in the file.</summary>
internal readonly record struct Hdf5Message(int Type, int Flags, long Offset, int Length)
{
    public const int Dataspace = 0x1, LinkInfo = 0x2, Datatype = 0x3, Link = 0x6, Layout = 0x8, FilterPipeline = 0xB,
        Attribute = 0xC, Continuation = 0x10, SymbolTable = 0x11, AttributeInfo = 0x15;

    /// <summary>Flag bit 1: the body is a reference to a shared message elsewhere, not the message itself.</summary>
    public bool IsShared => (Flags & 0x02) != 0;
}

/// <summary>
/// Reads an object header into its messages, following continuation blocks. Version 1 (16-byte prefix, 8-byte
/// message headers, used by <c>libver="earliest"</c>) and version 2 (<c>OHDR</c>/<c>OCHK</c> chunks with checksums,
/// 4–6-byte message headers). Spec section IV.A. Continuations are followed at most <see cref="MaxBlocks"/> times and
/// never twice to the same block, so a cyclic or endless chain is an error, not a hang.
/// </summary>
internal static class Hdf5ObjectHeader
{
    /// <summary>Most header blocks (the first plus continuations) one object may have.</summary>
    public const int MaxBlocks = 4096;

    public static List<Hdf5Message> Read(Hdf5Bytes file, long address)
    {
        var probe = file.Reader(address, 4, "an object header");
        var sig = probe.Bytes(4, "an object header");
        return sig.SequenceEqual("OHDR"u8) ? ReadV2(file, address) : ReadV1(file, address);
    }

    private static List<Hdf5Message> ReadV1(Hdf5Bytes file, long address)
    {
        var r = file.Reader(address, 16, "a version 1 object header prefix");
        byte version = r.U8("the object header version");
        if (version != 1) throw file.Error(address, $"expected an object header (version 1, or the signature 'OHDR' of version 2), found version byte {version}");
        r.Skip(1, "reserved");
        int count = r.U16("the number of header messages");
        r.Skip(4, "the reference count");
        long size = r.U32("the object header size");
        var messages = new List<Hdf5Message>();
        var blocks = new Queue<(long Offset, long Length)>();
        var seen = new HashSet<long> { address + 16 };
        blocks.Enqueue((address + 16, size));
        int visited = 0;
        while (blocks.Count > 0 && messages.Count < count)
        {
            if (++visited > MaxBlocks) throw file.Error(address, $"the object header has more than {MaxBlocks} continuation blocks");
            var (offset, length) = blocks.Dequeue();
            var b = file.Reader(offset, length, "a block of object header messages");
            while (b.Remaining >= 8 && messages.Count < count)
            {
                int type = b.U16("a message type");
                int bodyLength = b.U16("a message size");
                int flags = b.U8("message flags");
                b.Skip(3, "reserved");
                long bodyAt = b.Offset;
                b.Skip(bodyLength, $"the body of a message of type {type}");
                var message = new Hdf5Message(type, flags, bodyAt, bodyLength);
                messages.Add(message);
                if (type == Hdf5Message.Continuation) Continue(file, message, blocks, seen, signature: false);
            }
        }
        return messages;
    }

    private static List<Hdf5Message> ReadV2(Hdf5Bytes file, long address)
    {
        var r = file.ReaderToEnd(address, "a version 2 object header");
        r.Signature("OHDR", "an object header");
        byte version = r.U8("the object header version");
        if (version != 2) throw file.Error(address + 4, $"an 'OHDR' object header has version {version}; expected 2");
        int flags = r.U8("the object header flags");
        if ((flags & 0x20) != 0) r.Skip(16, "the object's time stamps");
        if ((flags & 0x10) != 0) r.Skip(4, "the attribute storage phase change values");
        long size = (long)r.Sized(1 << (flags & 3), "the size of the first header chunk");
        bool creationOrder = (flags & 0x04) != 0;
        var messages = new List<Hdf5Message>();
        var blocks = new Queue<(long Offset, long Length)>();
        var seen = new HashSet<long> { r.Offset };
        blocks.Enqueue((r.Offset, size));
        int visited = 0;
        while (blocks.Count > 0)
        {
            if (++visited > MaxBlocks) throw file.Error(address, $"the object header has more than {MaxBlocks} continuation blocks");
            var (offset, length) = blocks.Dequeue();
            var b = file.Reader(offset, length, "a chunk of object header messages");
            int headerSize = creationOrder ? 6 : 4;
            while (b.Remaining >= headerSize)
            {
                int type = b.U8("a message type");
                int bodyLength = b.U16("a message size");
                int messageFlags = b.U8("message flags");
                if (creationOrder) b.Skip(2, "the message creation order");
                long bodyAt = b.Offset;
                b.Skip(bodyLength, $"the body of a message of type {type}");
                var message = new Hdf5Message(type, messageFlags, bodyAt, bodyLength);
                messages.Add(message);
                if (type == Hdf5Message.Continuation) Continue(file, message, blocks, seen, signature: true);
            }
        }
        return messages;
    }

    private static void Continue(Hdf5Bytes file, Hdf5Message message, Queue<(long, long)> blocks, HashSet<long> seen, bool signature)
    {
        var c = file.Reader(message.Offset, message.Length, "a continuation message");
        long offset = c.Address("a continuation block");
        long length = c.Length("the length of a continuation block");
        if (offset < 0) throw file.Error(message.Offset, "a continuation message has an undefined address");
        if (!seen.Add(offset)) throw file.Error(message.Offset, $"a continuation message points back to the block at {offset}; the header chain is cyclic");
        if (signature)
        {
            // OCHK, messages, 4-byte checksum.
            if (length < 8) throw file.Error(message.Offset, $"a continuation chunk of {length} bytes cannot hold its signature and checksum");
            var head = file.Reader(offset, length, "a continuation chunk");
            head.Signature("OCHK", "an object header continuation chunk");
            blocks.Enqueue((offset + 4, length - 8));
        }
        else
        {
            blocks.Enqueue((offset, length));
        }
    }
}
