using System.Buffers.Binary;
using System.IO.Compression;
using Tutorials.Autoencoder;

namespace GenNet.Samples.Tests;

/// <summary>
/// keras.io's convolutional autoencoder on Fashion-MNIST at few steps (one epoch of 6,000 images: seed 1 reaches a test
/// reconstruction loss of 0.331, from 0.69 untrained), its Keras parameter count, and the PNG it writes.
/// </summary>
public class AutoencoderSampleTests
{
    [Fact]
    public void Autoencoder_OneShortEpoch_ReconstructsBetterThanUntrained_AndWritesAPng()
    {
        string image = Path.Combine(Path.GetTempPath(), $"gennet-autoencoder-{Guid.NewGuid():N}.png");
        try
        {
            var output = new StringWriter();
            double loss = AutoencoderSample.Run(output, new AutoencoderSample.Options(Epochs: 1, Train: 6000, Image: image, Verbose: 0));
            Assert.True(loss < 0.40, $"test reconstruction loss after one short epoch {loss}");
            Assert.Contains("Total params: 28,353", output.ToString());
            Assert.Contains("test reconstruction loss: ", output.ToString());

            byte[] png = File.ReadAllBytes(image);
            Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
            Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
            int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.Equal((10 * 84, 2 * 84), (width, height));   // ten images over ten reconstructions, 3× scale
            Assert.Equal(Crc(png.AsSpan(12, 4 + 13)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(12 + 4 + 13)));

            // The IDAT chunk inflates to height rows of (filter byte 0, width pixels).
            int idat = 8 + 12 + 13;
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat));
            Assert.Equal("IDAT"u8.ToArray(), png[(idat + 4)..(idat + 8)]);
            using var zlib = new ZLibStream(new MemoryStream(png, idat + 8, length), CompressionMode.Decompress);
            var rows = new MemoryStream();
            zlib.CopyTo(rows);
            Assert.Equal(height * (width + 1), rows.Length);
            Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Fact]
    public void Crc32_IsPngs()
    {
        // Every PNG ends with IEND's CRC, AE 42 60 82; "123456789" is the CRC-32 check value CBF43926.
        Assert.Equal(0xAE426082u, PngWriter.Crc32.Compute("IEND"u8));
        Assert.Equal(0xCBF43926u, PngWriter.Crc32.Compute("123456789"u8));
    }

    private static uint Crc(ReadOnlySpan<byte> data) => PngWriter.Crc32.Compute(data);
}
