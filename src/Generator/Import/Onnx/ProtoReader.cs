using System;
using System.Text;

namespace GenNet.Generator.Import.Onnx;

/// <summary>A file that is not the protobuf message it should be: what was expected and the byte offset where it was not.</summary>
internal sealed class OnnxFormatException : Exception
{
    public OnnxFormatException(string message) : base(message)
    {
    }
}

/// <summary>
/// Reads protobuf's wire format (the encoding of an .onnx file) over one byte array, field by field. Every length is
/// checked against the bytes that remain, so a truncated or hostile file ends in <see cref="OnnxFormatException"/>, never an
/// out-of-range read or a huge allocation. A message is read by a reader over its own bytes (<see cref="Message"/>).
/// </summary>
internal ref struct ProtoReader
{
    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    public ProtoReader(byte[] bytes) : this(bytes, 0, bytes.Length)
    {
    }

    private ProtoReader(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        _position = start;
        _end = end;
    }

    public bool AtEnd => _position >= _end;

    /// <summary>Where the reader is, for messages.</summary>
    public int Position => _position;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) Tag()
    {
        int at = _position;
        ulong tag = Varint();
        int field = (int)Math.Min(tag >> 3, int.MaxValue);
        if (field == 0) throw new OnnxFormatException($"a protobuf field with number 0 at byte {at} (the file is corrupt)");
        return (field, (int)(tag & 7));
    }

    public ulong Varint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end) throw Truncated("a varint");
            byte b = _bytes[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new OnnxFormatException($"a varint longer than 10 bytes ending at byte {_position} (the file is corrupt)");
    }

    public long Int64() => unchecked((long)Varint());

    public float Fixed32Float()
    {
        if (_end - _position < 4) throw Truncated("a 32-bit value");
        float value = BitConverter.ToSingle(LittleEndian(_position, 4), 0);
        _position += 4;
        return value;
    }

    /// <summary>The next length-delimited field's bytes as a range of the array.</summary>
    public (int Start, int Length) Bytes()
    {
        int at = _position;
        ulong length = Varint();
        if (length > (ulong)(_end - _position))
        {
            throw new OnnxFormatException($"a field at byte {at} says it holds {length} bytes, but only {_end - _position} remain (the file is truncated or corrupt)");
        }
        int start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    public ProtoReader Message()
    {
        var (start, length) = Bytes();
        return new ProtoReader(_bytes, start, start + length);
    }

    public string String()
    {
        var (start, length) = Bytes();
        return Encoding.UTF8.GetString(_bytes, start, length);
    }

    /// <summary>Skips a field this reader does not need.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: Varint(); break;
            case 1: Advance(8); break;
            case 2: Bytes(); break;
            case 5: Advance(4); break;
            default: throw new OnnxFormatException($"protobuf wire type {wireType} before byte {_position} (groups and unknown types are not ONNX; the file is corrupt)");
        }
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="start"/> (a range <see cref="Bytes"/> returned).</summary>
    public byte[] Copy(int start, int length)
    {
        var copy = new byte[length];
        Buffer.BlockCopy(_bytes, start, copy, 0, length);
        return copy;
    }

    private void Advance(int count)
    {
        if (_end - _position < count) throw Truncated($"a {count * 8}-bit value");
        _position += count;
    }

    private byte[] LittleEndian(int start, int count)
    {
        var value = new byte[count];
        Buffer.BlockCopy(_bytes, start, value, 0, count);
        if (!BitConverter.IsLittleEndian) Array.Reverse(value);
        return value;
    }

    private OnnxFormatException Truncated(string what) => new($"the file ends at byte {_position} inside {what} (it is truncated)");
}
