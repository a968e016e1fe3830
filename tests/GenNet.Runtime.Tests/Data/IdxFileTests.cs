using GenNet.Data;
using static GenNet.Tests.Data.IdxTestFiles;

namespace GenNet.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_SmallFile_RoundTrips(bool gzip)
    {
        byte[] bytes = SmallImages();
        string path = _files.Write("images", gzip ? Gzip(bytes) : bytes);

        var (pixels, count, rows, cols) = IdxFile.ReadImages(path);

        Assert.Equal((3, 2, 3), (count, rows, cols));
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (byte)i), pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_SmallFile_RoundTrips(bool gzip)
    {
        byte[] bytes = SmallLabels();
        string path = _files.Write("labels", gzip ? Gzip(bytes) : bytes);

        Assert.Equal(new byte[] { 9, 0, 4, 1, 255 }, IdxFile.ReadLabels(path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_ForwardOnlyStream_RoundTrips(bool gzip)
    {
        byte[] bytes = SmallImages();
        var (pixels, count, _, _) = IdxFile.ReadImages(new ForwardOnlyStream(gzip ? Gzip(bytes) : bytes), "pipe");
        Assert.Equal(3, count);
        Assert.Equal(17, pixels[^1]);
    }

    [Fact]
    public void ReadImages_LargerThanOneChunk_FromForwardOnlyGzip_RoundTrips()
    {
        // 300 KB of values: the growing buffer (64 KB first) must resize several times and keep every byte.
        var data = Enumerable.Range(0, 100 * 50 * 60).Select(i => (byte)(i * 7 % 251)).ToArray();
        byte[] bytes = Gzip(Idx(0x803, [100, 50, 60], data));
        var (pixels, count, rows, cols) = IdxFile.ReadImages(new ForwardOnlyStream(bytes), "pipe");
        Assert.Equal((100, 50, 60), (count, rows, cols));
        Assert.Equal(data, pixels);
    }

    [Fact]
    public void ReadImages_WrongFirstBytes_NamesFileExpectedAndFound()
    {
        byte[] bytes = SmallImages();
        bytes[0] = 0x1F; // not gzip either: 1F 00
        string path = _files.Write("notidx", bytes);

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected IDX images magic number 0x00000803", e.Message);
        Assert.Contains("found 0x1F000803", e.Message);
    }

    [Fact]
    public void ReadImages_FloatTypeByte_IsRejected()
    {
        byte[] bytes = SmallImages();
        bytes[2] = 0x0D;
        string path = _files.Write("floats", bytes);

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("type byte 0x0D (float32)", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadLabels_OnImagesFile_ReportsDimensionCount()
    {
        string path = _files.Write("images", SmallImages());

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("expected IDX labels magic number 0x00000801", e.Message);
        Assert.Contains("3 dimension(s)", e.Message);
    }

    [Theory]
    [InlineData(0, 2, 3)]
    [InlineData(3, 0, 3)]
    [InlineData(3, 2, -1)]
    [InlineData(int.MinValue, 2, 3)] // 2^31 images: the size field reads as negative
    public void ReadImages_NonPositiveDimension_IsRejected(int count, int rows, int cols)
    {
        string path = _files.Write("dims", Idx(0x803, [count, rows, cols], new byte[18]));

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("to be positive", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadImages_TruncatedAtEveryOffset_ThrowsInvalidData()
    {
        byte[] plain = SmallImages();
        byte[] gzip = Gzip(plain);
        RunBounded(() =>
        {
            for (int length = 0; length < plain.Length; length++)
            {
                byte[] prefix = plain[..length];
                AssertInvalid(() => IdxFile.ReadImages(_files.Write("t", prefix)), $"plain prefix of {length}");
                AssertInvalid(() => IdxFile.ReadImages(new ForwardOnlyStream(prefix), "pipe"), $"streamed prefix of {length}");
                AssertInvalid(() => IdxFile.ReadImages(_files.Write("t.gz", Gzip(prefix))), $"gzip of prefix of {length}");
            }
            for (int length = 0; length < gzip.Length; length++)
            {
                byte[] prefix = gzip[..length];
                AssertInvalid(() => IdxFile.ReadImages(_files.Write("t.gz", prefix)), $"gzip cut at {length}");
                AssertInvalid(() => IdxFile.ReadImages(new ForwardOnlyStream(prefix), "pipe"), $"streamed gzip cut at {length}");
            }
        });
    }

    [Fact]
    public void ReadLabels_TruncatedAtEveryOffset_ThrowsInvalidData()
    {
        byte[] plain = SmallLabels();
        RunBounded(() =>
        {
            for (int length = 0; length < plain.Length; length++)
                AssertInvalid(() => IdxFile.ReadLabels(_files.Write("t", plain[..length])), $"prefix of {length}");
        });
    }

    [Fact]
    public void ReadImages_Truncated_SaysHowManyBytesWereExpectedAndFound()
    {
        string path = _files.Write("short", SmallImages()[..^5]);

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("expected 18 data bytes after the header (3 × 2 × 3), found 13", e.Message);
    }

    [Fact]
    public void ReadImages_GzipMissingItsTrailer_IsRejected()
    {
        // GZipStream itself returns all the data without complaint when the 8-byte CRC/size trailer is cut off.
        string path = _files.Write("notrailer.gz", Gzip(SmallImages())[..^8]);

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("expected a gzip trailer with uncompressed size 34", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_TrailingBytes_AreRejected(bool gzip)
    {
        byte[] bytes = [.. SmallImages(), 0];
        string path = _files.Write("long", gzip ? Gzip(bytes) : bytes);

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("trailing", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(new ForwardOnlyStream(gzip ? Gzip(bytes) : bytes), "pipe"));
    }

    [Fact]
    public void ReadImages_MoreValuesThanAnArrayHolds_IsRejected()
    {
        string path = _files.Write("huge", Idx(0x803, [int.MaxValue, 28, 28], new byte[16]));

        var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains($"expected at most {IdxFile.MaxValues} values", e.Message);
    }

    public static TheoryData<string> AbsurdHeaderSources => ["plain file", "gzip file", "plain pipe", "gzip pipe"];

    [Theory]
    [MemberData(nameof(AbsurdHeaderSources))]
    public void ReadLabels_AbsurdDeclaredCount_IsRejectedWithoutAllocatingIt(string source)
    {
        // Two billion labels declared, ten bytes present.
        byte[] bytes = Idx(0x801, [2_000_000_000], new byte[10]);
        if (source.StartsWith("gzip")) bytes = Gzip(bytes);
        string path = _files.Write("absurd", bytes);
        Stream stream = source.EndsWith("pipe") ? new ForwardOnlyStream(bytes) : File.OpenRead(path);

        long before = GC.GetAllocatedBytesForCurrentThread();
        using (stream) Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(stream, path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"{source}: allocated {allocated} bytes rejecting the header");
    }

    [Fact]
    public void ReadImages_CorruptDeflateData_ThrowsInvalidDataNamingFile()
    {
        byte[] gzip = Gzip(SmallImages());
        int corrupted = 0;
        // Flip each byte of the compressed body and trailer in turn (header bytes 0..9 are gzip's own): every
        // result must be rejected, as bad deflate data, a bad CRC/length trailer, or a wrong IDX header or size.
        for (int at = 10; at < gzip.Length; at++)
        {
            byte[] bad = (byte[])gzip.Clone();
            bad[at] ^= 0xFF;
            string path = _files.Write("bad.gz", bad);
            var e = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
            Assert.Contains(path, e.Message);
            corrupted++;
        }
        Assert.True(corrupted > 8);
    }

    private static void AssertInvalid(Action read, string what)
    {
        try
        {
            read();
        }
        catch (InvalidDataException)
        {
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: expected InvalidDataException, got {e.GetType().Name}: {e.Message}");
        }
        Assert.Fail($"{what}: expected InvalidDataException, got a successful read");
    }

    /// <summary>Runs the loop with a deadline, so a reader that hangs on bad input fails instead of stalling the run.</summary>
    private static void RunBounded(Action body)
    {
        var task = Task.Run(body);
        Assert.True(task.Wait(TimeSpan.FromSeconds(60)), "reading truncated files did not finish within 60 s");
        task.GetAwaiter().GetResult();
    }
}
