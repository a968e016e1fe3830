using System.Buffers.Binary;
using System.IO.Compression;

namespace GenNet.Tests.Data;

/// <summary>Builds small IDX files in memory and on disk for the reader tests.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "gennet-idx-" + Guid.NewGuid().ToString("N"));

    public IdxTestFiles() => System.IO.Directory.CreateDirectory(Directory);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>Header (magic, then each size big-endian) followed by <paramref name="data"/>.</summary>
    public static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>Three 2×3 images whose pixels are 0, 1, …, 17.</summary>
    public static byte[] SmallImages() => Idx(0x803, [3, 2, 3], Enumerable.Range(0, 18).Select(i => (byte)i).ToArray());

    /// <summary>Five labels 9, 0, 4, 1, 255.</summary>
    public static byte[] SmallLabels() => Idx(0x801, [5], [9, 0, 4, 1, 255]);

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

/// <summary>A stream that cannot seek or tell its length, as a pipe or network stream.</summary>
internal sealed class ForwardOnlyStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
