using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenNet.Serialization.Hdf5;

/// <summary>
/// The whole HDF5 file in memory and the one place its offsets are trusted: every read goes through
/// <see cref="Reader(long, long, string)"/>, which checks the range against the file and names what was expected
/// there, so a corrupt or truncated file is an <see cref="InvalidDataException"/> with an offset, never an index error.
/// </summary>
internal sealed class Hdf5Bytes
{
    private readonly byte[] _data;

    public Hdf5Bytes(byte[] data, string name)
    {
        _data = data;
        Name = name;
    }

    /// <summary>The file for messages.</summary>
    public string Name { get; }

    /// <summary>Bytes in the file.</summary>
    public long Length => _data.Length;

    /// <summary>Bytes per file address (superblock "size of offsets"), 2, 4 or 8.</summary>
    public int OffsetSize { get; set; } = 8;

    /// <summary>Bytes per length field (superblock "size of lengths"), 2, 4 or 8.</summary>
    public int LengthSize { get; set; } = 8;

    /// <summary>Added to every address read from the file (superblock base address, usually 0).</summary>
    public long BaseAddress { get; set; }

    /// <summary>The exception for a problem at <paramref name="offset"/>.</summary>
    public InvalidDataException Error(long offset, string problem, Exception? inner = null) =>
        new($"Cannot read HDF5 file '{Name}': {problem} (at byte offset {offset}).", inner);

    /// <summary>A reader over <c>[offset, offset + length)</c>, which must lie inside the file.</summary>
    /// <param name="offset">Absolute file offset.</param>
    /// <param name="length">Bytes the structure spans.</param>
    /// <param name="what">What is expected there, for the message when it does not fit (e.g. "an object header").</param>
    public Hdf5Reader Reader(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > _data.Length || length > _data.Length - offset)
        {
            throw Error(offset, $"expected {what} of {length} bytes, but the file is {_data.Length} bytes long; it is truncated or an address is corrupt");
        }
        return new Hdf5Reader(this, _data.AsSpan((int)offset, (int)length), offset);
    }

    /// <summary>A reader from <paramref name="offset"/> to the end of the file.</summary>
    public Hdf5Reader ReaderToEnd(long offset, string what) => Reader(offset, offset >= 0 && offset <= _data.Length ? _data.Length - offset : 0, what);

    /// <summary>Resolves an address read from the file: undefined (all ones) stays <c>-1</c>; else base + value, checked to lie in the file.</summary>
    public long Resolve(ulong address, long at, string what)
    {
        if (IsUndefined(address)) return -1;
        if (address >= (ulong)_data.Length || (long)address + BaseAddress >= _data.Length)
        {
            throw Error(at, $"the address of {what} is {address}, past the end of the {_data.Length}-byte file");
        }
        return (long)address + BaseAddress;
    }

    /// <summary>Whether an address field holds the "undefined address" (every bit set at this offset size).</summary>
    public bool IsUndefined(ulong address) => OffsetSize == 8 ? address == ulong.MaxValue : address == (1UL << (8 * OffsetSize)) - 1;
}

/// <summary>A bounds-checked little-endian reader over a slice of <see cref="Hdf5Bytes"/>; errors name the absolute offset.</summary>
internal ref struct Hdf5Reader
{
    private readonly Hdf5Bytes _file;
    private readonly ReadOnlySpan<byte> _span;
    private readonly long _start;
    private int _position;

    public Hdf5Reader(Hdf5Bytes file, ReadOnlySpan<byte> span, long start)
    {
        _file = file;
        _span = span;
        _start = start;
        _position = 0;
    }

    /// <summary>Absolute file offset of the next byte.</summary>
    public readonly long Offset => _start + _position;

    /// <summary>Bytes left in the slice.</summary>
    public readonly int Remaining => _span.Length - _position;

    /// <summary>Position within the slice.</summary>
    public int Position
    {
        readonly get => _position;
        set
        {
            if (value < 0 || value > _span.Length) throw _file.Error(_start + value, $"a position {value} bytes into a {_span.Length}-byte structure lies outside it");
            _position = value;
        }
    }

    /// <summary>The next <paramref name="count"/> bytes, advancing past them.</summary>
    public ReadOnlySpan<byte> Bytes(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw _file.Error(Offset, $"expected {what} ({count} bytes) but only {Remaining} bytes of the structure remain; the file is truncated or corrupt");
        }
        var bytes = _span.Slice(_position, (int)count);
        _position += (int)count;
        return bytes;
    }

    public void Skip(long count, string what) => Bytes(count, what);

    public byte U8(string what) => Bytes(1, what)[0];

    public ushort U16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, what));

    public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

    public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));

    /// <summary>An unsigned integer of <paramref name="size"/> bytes (1–8).</summary>
    public ulong Sized(int size, string what)
    {
        var b = Bytes(size, what);
        ulong v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | b[i];
        return v;
    }

    /// <summary>A raw address field (size of offsets); resolve it with <see cref="Address(string)"/> unless "undefined" is expected.</summary>
    public ulong RawAddress(string what) => Sized(_file.OffsetSize, what);

    /// <summary>An address, resolved and checked to lie in the file; -1 when undefined.</summary>
    public long Address(string what)
    {
        long at = Offset;
        return _file.Resolve(RawAddress(what), at, what);
    }

    /// <summary>A length field (size of lengths), checked to fit a long.</summary>
    public long Length(string what)
    {
        long at = Offset;
        ulong v = Sized(_file.LengthSize, what);
        if (v > long.MaxValue) throw _file.Error(at, $"{what} is {v}, too large for any file");
        return (long)v;
    }

    /// <summary>Checks the next bytes are <paramref name="signature"/> (e.g. "TREE").</summary>
    public void Signature(string signature, string what)
    {
        long at = Offset;
        var b = Bytes(signature.Length, $"the signature '{signature}' of {what}");
        for (int i = 0; i < signature.Length; i++)
        {
            if (b[i] != signature[i])
            {
                throw _file.Error(at, $"expected the signature '{signature}' of {what}, found bytes {Hdf5Text.Hex(b)}");
            }
        }
    }

    /// <summary>Advances to the next multiple of <paramref name="alignment"/> from the slice start.</summary>
    public void Align(int alignment, string what)
    {
        int pad = (alignment - _position % alignment) % alignment;
        if (pad > Remaining) pad = Remaining;
        Skip(pad, what);
    }

    /// <summary>The error for this position.</summary>
    public readonly InvalidDataException Error(string problem) => _file.Error(Offset, problem);
}

/// <summary>
/// Text helpers both assemblies can call: the generator targets netstandard2.0, which has neither
/// <c>Encoding.GetString(ReadOnlySpan&lt;byte&gt;)</c> nor <c>Convert.ToHexString</c>.
/// </summary>
internal static class Hdf5Text
{
    /// <summary>The bytes decoded as UTF-8.</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes.ToArray());

    /// <summary>Upper-case hex, two digits a byte (<c>89484446</c>).</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        const string digits = "0123456789ABCDEF";
        var text = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = digits[bytes[i] >> 4];
            text[2 * i + 1] = digits[bytes[i] & 15];
        }
        return new string(text);
    }
}
