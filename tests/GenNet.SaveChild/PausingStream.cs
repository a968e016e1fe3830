namespace GenNet.SaveChild;

/// <summary>
/// Passes writes through to a file until <c>pauseAfter</c> bytes, flushes those to disk, reports the file and the
/// count on standard output, then blocks: the save is frozen part-way for the parent to kill.
/// </summary>
internal sealed class PausingStream(FileStream file, long pauseAfter, TimeSpan maxWait) : Stream
{
    private long _written;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = pauseAfter - _written;
        if (buffer.Length <= room)
        {
            file.Write(buffer);
            _written += buffer.Length;
            return;
        }
        file.Write(buffer[..(int)room]);
        _written += room;
        file.Flush(flushToDisk: true);
        Console.WriteLine($"paused {_written} {file.Name}");
        Console.Out.Flush();
        // Bounded, so a parent that died first leaves no process behind for long; the test kills well before.
        Thread.Sleep(maxWait);
        throw new TimeoutException($"Nobody killed the child within {maxWait.TotalSeconds} s.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() => file.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
