using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// The superblock: where the file starts (offset 0, 512, 1024, … — a user block may precede it), the sizes of
/// addresses and lengths, and the root group's object header. Versions 0 and 1 (h5py's default, <c>libver="earliest"</c>)
/// end in the root group's symbol table entry; versions 2 and 3 (<c>libver="latest"</c>) name the root object header
/// directly. Layout: HDF5 File Format Specification version 3.0, section II.A.
/// </summary>
internal static class Hdf5Superblock
{
    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];

    /// <summary>Finds and reads the superblock, sets the file's address sizes and returns the root object header's address.</summary>
    public static long Read(Hdf5Bytes file)
    {
        long start = -1;
        for (long at = 0; at + 8 <= file.Length; at = at == 0 ? 512 : at * 2)
        {
            var probe = file.Reader(at, 8, "the HDF5 signature");
            if (probe.Bytes(8, "the HDF5 signature").SequenceEqual(Magic))
            {
                start = at;
                break;
            }
        }
        if (start < 0)
        {
            throw file.Error(0, "expected the HDF5 signature 89 48 44 46 0D 0A 1A 0A at offset 0 (or 512, 1024, …), found none; this is not an HDF5 file");
        }

        var r = file.ReaderToEnd(start + 8, "the superblock");
        long versionAt = r.Offset;
        byte version = r.U8("the superblock version");
        switch (version)
        {
            case 0 or 1:
                r.Skip(4, "the free-space, root-group and shared-header versions");
                SetSizes(file, ref r);
                r.Skip(1 + 2 + 2 + 4, "the B-tree K values and consistency flags");
                if (version == 1) r.Skip(4, "the indexed-storage K value");
                file.BaseAddress = Base(file, ref r);
                r.Skip(file.OffsetSize, "the free-space address");
                EndOfFile(file, ref r);
                r.Skip(file.OffsetSize, "the driver information address");
                // Root group symbol table entry: link name offset, object header address, cache type, reserved, scratch.
                r.Skip(file.OffsetSize, "the root entry's name offset");
                long root = r.Address("the root group's object header");
                if (root < 0) throw r.Error("the root group's object header address is undefined");
                return root;
            case 2 or 3:
                SetSizes(file, ref r);
                r.Skip(1, "the file consistency flags");
                file.BaseAddress = Base(file, ref r);
                r.Skip(file.OffsetSize, "the superblock extension address");
                EndOfFile(file, ref r);
                long rootHeader = r.Address("the root group's object header");
                if (rootHeader < 0) throw r.Error("the root group's object header address is undefined");
                return rootHeader;
            default:
                throw file.Error(versionAt, $"the superblock version is {version}; versions 0–3 exist");
        }
    }

    private static void SetSizes(Hdf5Bytes file, ref Hdf5Reader r)
    {
        long at = r.Offset;
        int offsets = r.U8("the size of offsets"), lengths = r.U8("the size of lengths");
        if (offsets is not (2 or 4 or 8) || lengths is not (2 or 4 or 8))
        {
            throw file.Error(at, $"the superblock gives {offsets}-byte offsets and {lengths}-byte lengths; HDF5 uses 2, 4 or 8");
        }
        file.OffsetSize = offsets;
        file.LengthSize = lengths;
    }

    /// <summary>
    /// The end-of-file address: the file's size when it was written (relative to the base). A file shorter than that was
    /// cut short; it is refused here even where the lost bytes held data nobody reads (optimizer state), so a truncated
    /// copy never passes for a good one.
    /// </summary>
    private static void EndOfFile(Hdf5Bytes file, ref Hdf5Reader r)
    {
        long at = r.Offset;
        ulong end = r.RawAddress("the end-of-file address");
        if (file.IsUndefined(end)) return;
        if (end > (ulong)(file.Length - file.BaseAddress))
        {
            throw file.Error(at, $"the superblock says the file ends at byte {end}, but it has {file.Length - file.BaseAddress} bytes; it is truncated");
        }
    }

    private static long Base(Hdf5Bytes file, ref Hdf5Reader r)
    {
        long at = r.Offset;
        ulong value = r.RawAddress("the base address");
        if (value >= (ulong)file.Length) throw file.Error(at, $"the base address is {value}, past the end of the {file.Length}-byte file");
        // Addresses count from the base: 0 in every file h5py writes, also when a user block precedes the superblock.
        return (long)value;
    }
}
