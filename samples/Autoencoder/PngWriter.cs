using System.Buffers.Binary;
using System.IO.Compression;

namespace Tutorials.Autoencoder;

/// <summary>
/// A minimal PNG encoder for 8-bit grayscale images (PNG specification, ISO/IEC 15948): the signature, an IHDR chunk,
/// one IDAT chunk holding the zlib stream of the rows (each prefixed by filter type 0, none), and IEND; every chunk
/// ends with the CRC-32 of its type and data.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Writes <paramref name="pixels"/> (row-major, <paramref name="width"/>·<paramref name="height"/> bytes, 0 = black) to <paramref name="path"/>.</summary>
    public static void WriteGray(string path, ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
            throw new ArgumentException($"Expected {width}·{height} pixels, got {pixels.Length}.", nameof(pixels));
        using var file = File.Create(path);
        file.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;    // bit depth
        header[9] = 0;    // colour type: grayscale
        header[10] = 0;   // compression: deflate
        header[11] = 0;   // filter method 0
        header[12] = 0;   // no interlace
        WriteChunk(file, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int row = 0; row < height; row++)
            {
                zlib.WriteByte(0);   // filter type 0: the row as it is
                zlib.Write(pixels.Slice(row * width, width));
            }
        }
        WriteChunk(file, "IDAT"u8, compressed.ToArray());
        WriteChunk(file, "IEND"u8, []);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    /// <summary>CRC-32 as PNG defines it (polynomial 0xEDB88320, reflected), one table of 256 entries.</summary>
    public static class Crc32
    {
        private static readonly uint[] Table = Build();

        private static uint[] Build()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>Runs the register <paramref name="crc"/> over <paramref name="data"/> (start with 0xFFFFFFFF, finish with ^ 0xFFFFFFFF).</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
        public static uint Compute(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;
    }
}
