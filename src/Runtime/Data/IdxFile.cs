using System.Buffers.Binary;
using System.IO.Compression;

namespace GenNet.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST (<c>train-images-idx3-ubyte</c>, <c>…-labels-idx1-ubyte</c>),
/// plain or gzip-compressed. Layout, all integers big-endian: two zero bytes, a type byte (<c>0x08</c> = unsigned
/// byte, the only type read here), a dimension-count byte, one <c>int32</c> size per dimension, then the values
/// row-major with nothing after them.
/// </summary>
/// <remarks>
/// Every malformed file raises <see cref="InvalidDataException"/> naming the file, what was expected and what
/// was found. A header is checked against what the file can hold before anything of its declared size is
/// allocated, so a corrupt or hostile header costs no memory.
/// </remarks>
public static class IdxFile
{
    /// <summary>Most values one file may declare: the longest <c>byte[]</c> .NET allocates.</summary>
    public static readonly long MaxValues = Array.MaxLength;

    /// <summary>Magic number of an images file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a labels file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;

    // Deflate cannot expand more than 1032:1 (RFC 1951: a 258-byte match per 2 bits at best), so a gzip file of
    // n bytes decompresses to at most ~1032·n: a header declaring more is rejected before allocating.
    private const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Reads an images file: <c>Pixels[Count × Rows × Cols]</c>, image by image, each row-major, values 0..255.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed 3-dimensional unsigned-byte IDX file.</exception>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        using var file = OpenRead(path);
        return ReadImages(file, path);
    }

    /// <summary>Reads an images file from <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    /// <inheritdoc cref="ReadImages(string)"/>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(Stream stream, string name)
    {
        var (values, dims) = Read(stream, name, ImagesMagic, "images");
        return (values, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a labels file: one byte per sample.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed 1-dimensional unsigned-byte IDX file.</exception>
    public static byte[] ReadLabels(string path)
    {
        using var file = OpenRead(path);
        return ReadLabels(file, path);
    }

    /// <summary>Reads a labels file from <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    /// <inheritdoc cref="ReadLabels(string)"/>
    public static byte[] ReadLabels(Stream stream, string name) => Read(stream, name, LabelsMagic, "labels").Values;

    private static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Sequential scan: the whole file is read once, front to back.
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    private static (byte[] Values, int[] Dims) Read(Stream stream, string name, int magic, string kind)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var source = new PeekStream(stream);
        bool gzip = source.StartsWithGzipMagic();
        // Bytes the values can occupy at most, when the source's length is known: exact for a plain file, the
        // deflate bound for gzip. Null for a stream of unknown length, which is then read in growing chunks.
        long? remaining = source.RemainingLength;
        Stream input = gzip ? new GZipStream(source, CompressionMode.Decompress) : source;
        try
        {
            int dimCount = magic & 0xFF;
            var header = new byte[4 + 4 * dimCount];
            int got = ReadFully(input, header, name);
            if (got < header.Length)
                throw Invalid(name, $"expected a {header.Length}-byte IDX {kind} header, found only {got} byte(s)");
            CheckMagic(name, kind, magic, header);

            var dims = new int[dimCount];
            long total = 1;
            for (int d = 0; d < dimCount; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
                if (dims[d] <= 0)
                    throw Invalid(name, $"expected dimension {d} to be positive, found {dims[d]} (header bytes 0x{(uint)dims[d]:X8})");
                total *= dims[d]; // each factor < 2^31 and total ≤ MaxValues before it: no long overflow
                if (total > MaxValues)
                    throw Invalid(name, $"expected at most {MaxValues} values, found a header declaring {Describe(dims, d + 1)} = more than that");
            }

            long? bound = remaining is long r ? (gzip ? r * MaxDeflateRatio : r - header.Length) : null;
            if (bound is long b && total > b)
                throw Invalid(name, gzip
                    ? $"expected at most ~{b} bytes from {remaining} compressed bytes, found a header declaring {Describe(dims, dimCount)} = {total} values (truncated or corrupt)"
                    : $"expected {total} data bytes after the header ({Describe(dims, dimCount)}), found {b} (file truncated)");
            if (!gzip && bound is long exact && total < exact)
                throw Invalid(name, $"expected {total} data bytes after the header ({Describe(dims, dimCount)}), found {exact}: {exact - total} trailing byte(s)");

            // Gzip's real length is unknown until decompressed: grow as data arrives rather than trust the header.
            byte[] values = ReadValues(input, (int)total, allocateAll: !gzip && bound is not null, name, dims);
            if (ReadFully(input, stackalloc byte[1], name) > 0)
                throw Invalid(name, $"expected the file to end after {total} data bytes ({Describe(dims, dimCount)}), found trailing bytes");
            if (gzip) CheckGzipTrailer(source, name, header.Length + total);
            return (values, dims);
        }
        finally
        {
            if (gzip) input.Dispose(); // leaves the caller's stream open: GZipStream owns only the PeekStream wrapper
        }
    }

    /// <summary>
    /// GZipStream verifies the CRC and size in a gzip trailer that is there, but ends quietly when the file stops
    /// before it (or mid-member, giving short data). So the file's last four bytes must be the trailer's size field,
    /// the uncompressed length mod 2^32. A file of several concatenated gzip members is rejected here too.
    /// </summary>
    private static void CheckGzipTrailer(PeekStream source, string name, long uncompressed)
    {
        Span<byte> rest = stackalloc byte[512];
        while (source.Read(rest) > 0) { } // normally nothing is left: GZipStream read to the end looking for another member
        uint expected = (uint)uncompressed;
        if (source.BytesRead < 18 || source.LastFourBytes != expected)
            throw Invalid(name,
                $"expected a gzip trailer with uncompressed size {expected} ending the file, found {(source.BytesRead < 4 ? "none" : source.LastFourBytes.ToString())}: " +
                "the gzip file is truncated (or holds several gzip members, which is not supported)");
    }

    private static void CheckMagic(string name, string kind, int magic, byte[] header)
    {
        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found == magic) return;
        string what = $"IDX {kind} magic number 0x{magic:X8} (unsigned bytes, {magic & 0xFF} dimension(s))";
        if (header[0] != 0 || header[1] != 0)
            throw Invalid(name, $"expected {what}, found 0x{found:X8}: not an IDX file");
        if (header[2] != UnsignedByteType)
            throw Invalid(name, $"expected {what}, found 0x{found:X8}: type byte 0x{header[2]:X2} ({TypeName(header[2])}), only 0x08 (unsigned byte) is read");
        throw Invalid(name, $"expected {what}, found 0x{found:X8}: {header[3]} dimension(s)");
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "not an IDX type",
    };

    private static string Describe(int[] dims, int count) => string.Join(" × ", dims.Take(count));

    /// <summary>
    /// Reads exactly <paramref name="total"/> bytes. When the length was checked exactly the array is allocated at
    /// once; otherwise it doubles as data arrives, so a header cannot make a short stream allocate more than twice
    /// what it really holds.
    /// </summary>
    private static byte[] ReadValues(Stream input, int total, bool allocateAll, string name, int[] dims)
    {
        byte[] values = new byte[allocateAll ? total : Math.Min(total, 1 << 16)];
        int filled = 0;
        while (true)
        {
            filled += ReadFully(input, values.AsSpan(filled), name);
            if (filled == total) return values;
            if (filled < values.Length)
                throw Invalid(name, $"expected {total} data bytes after the header ({Describe(dims, dims.Length)}), found {filled} (file truncated)");
            Array.Resize(ref values, (int)Math.Min(total, 2L * values.Length));
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; gzip decompression errors name the file.</summary>
    private static int ReadFully(Stream input, Span<byte> buffer, string name)
    {
        try
        {
            return input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (input is GZipStream && e is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{name}: expected valid gzip data, found corrupt data ({e.Message})", e);
        }
    }

    private static InvalidDataException Invalid(string name, string message) => new($"{name}: {message}.");

    /// <summary>
    /// A read-only view of a stream that can look at its first two bytes and give them back, so gzip is detected
    /// on streams that cannot seek. Never disposes the wrapped stream.
    /// </summary>
    private sealed class PeekStream(Stream inner) : Stream
    {
        private readonly byte[] _peeked = new byte[2];
        private int _peekedCount, _peekedPos;

        public long? RemainingLength => inner.CanSeek ? inner.Length - inner.Position + _peekedCount - _peekedPos : null;

        /// <summary>Bytes taken from the wrapped stream so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>The last four bytes taken from the wrapped stream, as a little-endian number (gzip's byte order).</summary>
        public uint LastFourBytes { get; private set; }

        public bool StartsWithGzipMagic()
        {
            _peekedCount = inner.ReadAtLeast(_peeked, 2, throwOnEndOfStream: false);
            Track(_peeked.AsSpan(0, _peekedCount));
            return _peekedCount == 2 && _peeked[0] == 0x1F && _peeked[1] == 0x8B;
        }

        private void Track(ReadOnlySpan<byte> read)
        {
            BytesRead += read.Length;
            foreach (byte b in read.Length > 4 ? read[^4..] : read)
                LastFourBytes = (LastFourBytes >> 8) | ((uint)b << 24);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_peekedPos < _peekedCount && buffer.Length > 0)
            {
                int n = Math.Min(buffer.Length, _peekedCount - _peekedPos);
                _peeked.AsSpan(_peekedPos, n).CopyTo(buffer);
                _peekedPos += n;
                return n;
            }
            int read = inner.Read(buffer);
            Track(buffer[..read]);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
