using System.Buffers.Binary;

namespace GenNet.Onnx;

/// <summary>
/// The protobuf wire format, as much as ONNX needs: varints (wire type 0), 32-bit floats (wire type 5) and
/// length-delimited fields (wire type 2: strings, bytes, packed repeated scalars, nested messages). A nested message is
/// written into its own writer and copied in with its length, which is simple and fast enough for model files.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        RawVarint((ulong)value);
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Ensure(4);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        RawVarint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public void Message(int field, ProtoWriter message) => Bytes(field, message.Written);

    /// <summary>A packed repeated int64 field (ONNX <c>ints</c>, <c>dims</c>).</summary>
    public void PackedInt64(int field, ReadOnlySpan<long> values)
    {
        var packed = new ProtoWriter();
        foreach (long v in values) packed.RawVarint((ulong)v);
        Bytes(field, packed.Written);
    }

    /// <summary>Floats as little-endian bytes (ONNX <c>raw_data</c>).</summary>
    public void FloatBytes(int field, ReadOnlySpan<float> values)
    {
        Tag(field, 2);
        RawVarint((ulong)values.Length * 4);
        Ensure(values.Length * 4);
        Span<byte> target = _buffer.AsSpan(_length, values.Length * 4);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(target.Slice(4 * i), values[i]);
        _length += values.Length * 4;
    }

    private void Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    private void RawVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
