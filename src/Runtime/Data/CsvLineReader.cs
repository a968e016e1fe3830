namespace GenNet.Data;

/// <summary>
/// Lines of one text file as UTF-8 bytes, read through one reusable buffer: after the buffer has grown to the longest
/// line, reading allocates nothing (a training step may read a batch of rows). A UTF-8 byte-order mark is skipped and
/// "\r\n" endings lose their '\r'. A line's span is valid until the next read.
/// </summary>
internal sealed class CsvLineReader : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _endOfFile, _started;

    public CsvLineReader(string path)
    {
        Path = path;
        // Unbuffered: this class's buffer is the only one.
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
    }

    public string Path { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its line ending, or false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            int newline = pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_endOfFile && !pending.IsEmpty))
            {
                int length = newline >= 0 ? newline : pending.Length;
                line = pending[..length];
                if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
                _start += newline >= 0 ? newline + 1 : length;
                LineNumber++;
                return true;
            }
            if (_endOfFile)
            {
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfFile = true;
        _end += read;
        if (!_started && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        if (_end >= 3 || _endOfFile) _started = true;
    }

    public void Dispose() => _stream.Dispose();
}
