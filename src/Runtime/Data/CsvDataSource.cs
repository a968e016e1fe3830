using System.Globalization;
using System.Text;

namespace GenNet.Data;

/// <summary>
/// Numeric CSV files as a <see cref="DataSource"/>, read lazily: each row holds <c>inputColumns</c> input values, then
/// <c>labelColumns</c> label values. Only the current file is open and only one batch is in memory, so a data set of
/// many files trains without being loaded whole: <c>model.Fit(new CsvDataSource(files, 13, 1), epochs: 10)</c>.
/// </summary>
/// <remarks>
/// The constructor counts the rows of every file once (blank lines are skipped; with <c>hasHeader</c> the first
/// non-blank line of each file is a header). A pass reads the files one after another, each from start to end; a
/// shuffled pass first shuffles the order of the files (the rows within a file keep their order), so give several
/// files, or shuffle the rows once when writing them, for well-mixed batches. Values are parsed in the invariant
/// culture; a row with the wrong number of values, a value that is not a number, NaN or infinity throws
/// <see cref="InvalidDataException"/> naming the file, line and column. Reading a batch allocates nothing after the first.
/// </remarks>
public sealed class CsvDataSource : DataSource, IDisposable
{
    private readonly string[] _files;
    private readonly int[] _rowsPerFile;
    private readonly int[] _order; // the pass's file order: indices into _files
    private readonly int _inputColumns, _labelColumns;
    private readonly bool _hasHeader;
    private readonly byte _separator;
    private CsvLineReader? _reader;
    private int _orderIndex = -1;  // which of _order the reader has open
    private int _rowsReadInFile;
    private int _position;         // the pass position the next row has

    /// <summary>One CSV file; see the other constructor.</summary>
    public CsvDataSource(string path, int inputColumns, int labelColumns = 1, bool hasHeader = true, char separator = ',')
        : this([path], inputColumns, labelColumns, hasHeader, separator)
    {
    }

    /// <summary>Reads <paramref name="paths"/> in this order (shuffled per pass when Fit shuffles).</summary>
    /// <param name="paths">The CSV files, at least one.</param>
    /// <param name="inputColumns">Leading values of each row that are the model's input (its <c>InputSize</c>).</param>
    /// <param name="labelColumns">Values after them that are the label (one class id, or a one-hot row, or regression targets).</param>
    /// <param name="hasHeader">Whether each file's first non-blank line names the columns (and is skipped).</param>
    /// <param name="separator">The character between values (an ASCII character such as ',', ';' or '\t').</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentException">No files, column counts below 1 (labels: 0), or a non-ASCII separator.</exception>
    public CsvDataSource(IReadOnlyList<string> paths, int inputColumns, int labelColumns = 1, bool hasHeader = true, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("Expected at least one CSV file, got none.", nameof(paths));
        if (inputColumns < 1) throw new ArgumentOutOfRangeException(nameof(inputColumns), inputColumns, "Expected at least one input column.");
        if (labelColumns < 0) throw new ArgumentOutOfRangeException(nameof(labelColumns), labelColumns, "Expected zero or more label columns.");
        if (separator > 127 || separator is '\n' or '\r' or '"' || char.IsAsciiDigit(separator))
            throw new ArgumentException($"Expected an ASCII separator other than a digit, a quote or a line break, got '{separator}'.", nameof(separator));
        _files = paths.ToArray();
        _inputColumns = inputColumns;
        _labelColumns = labelColumns;
        _hasHeader = hasHeader;
        _separator = (byte)separator;
        _rowsPerFile = new int[_files.Length];
        long total = 0;
        for (int f = 0; f < _files.Length; f++)
        {
            if (!File.Exists(_files[f])) throw new FileNotFoundException($"CSV data: expected the file {_files[f]}, found no such file.", _files[f]);
            _rowsPerFile[f] = CountRows(_files[f]);
            total += _rowsPerFile[f];
        }
        if (total > int.MaxValue) throw new ArgumentException($"Expected at most {int.MaxValue} rows in all, got {total}.", nameof(paths));
        Count = (int)total;
        _order = new int[_files.Length];
        for (int f = 0; f < _order.Length; f++) _order[f] = f;
    }

    /// <summary>The files, in the order given.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <inheritdoc/>
    public override int InputSize => _inputColumns;

    /// <inheritdoc/>
    public override int LabelSize => _labelColumns;

    /// <summary>Data rows in all files (headers and blank lines not counted).</summary>
    public override int Count { get; }

    /// <summary>Starts from the first file; with <paramref name="shuffle"/>, the file order is shuffled first.</summary>
    public override void BeginPass(Rng? shuffle)
    {
        // The file order afresh from the identity, so a pass depends only on the stream's state (see DataSource.BeginPass).
        shuffle?.Permutation(_order);
        Restart();
    }

    /// <summary>
    /// Parses the rows at pass positions <c>[start, start + count)</c>: reading on from the last row read, skipping forward
    /// without parsing, or starting the pass over (same file order) for an earlier position.
    /// </summary>
    /// <exception cref="InvalidDataException">A row is malformed (the message names file, line and column) or a file changed since it was counted.</exception>
    public override void Read(int start, int count, Span<float> x, Span<float> y, Span<float> sampleWeights)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Expected rows within [0, {Count}), got {count} row(s) from {start}.");
        if (x.Length < count * _inputColumns || y.Length < count * _labelColumns)
            throw new ArgumentException($"Expected room for {count} rows: {count * _inputColumns} inputs and {count * _labelColumns} labels, got {x.Length} and {y.Length}.", nameof(x));
        if (start < _position) Restart();
        while (_position < start)
        {
            NextLine(out _);
            _position++;
        }
        for (int i = 0; i < count; i++)
        {
            var line = NextLine(out var reader);
            ParseRow(line, reader, x.Slice(i * _inputColumns, _inputColumns), y.Slice(i * _labelColumns, _labelColumns));
            _position++;
        }
    }

    /// <summary>Closes the open file.</summary>
    public void Dispose() => CloseFile();

    private void Restart()
    {
        CloseFile();
        _orderIndex = -1;
        _position = 0;
    }

    private void CloseFile()
    {
        _reader?.Dispose();
        _reader = null;
    }

    /// <summary>The next data line of the pass, opening the next file when the current one has given all its counted rows.</summary>
    private ReadOnlySpan<byte> NextLine(out CsvLineReader reader)
    {
        while (_reader is null || _rowsReadInFile == _rowsPerFile[_order[_orderIndex]])
        {
            CloseFile();
            _orderIndex++; // Read's range check keeps this within the files
            _reader = new CsvLineReader(_files[_order[_orderIndex]]);
            _rowsReadInFile = 0;
            if (_hasHeader) NextNonBlank(_reader, out _);
        }
        reader = _reader;
        if (!NextNonBlank(reader, out var line))
            throw new InvalidDataException(
                $"{reader.Path}: ended after {_rowsReadInFile} data row(s), but it had {_rowsPerFile[_order[_orderIndex]]} when the CSV source counted them (was it changed?).");
        _rowsReadInFile++;
        return line;
    }

    private static bool NextNonBlank(CsvLineReader reader, out ReadOnlySpan<byte> line)
    {
        while (reader.TryReadLine(out line))
            if (!line[Ascii.Trim(line)].IsEmpty) return true;
        return false;
    }

    private int CountRows(string path)
    {
        using var reader = new CsvLineReader(path);
        int rows = 0;
        while (NextNonBlank(reader, out _)) rows++;
        return _hasHeader ? Math.Max(rows - 1, 0) : rows;
    }

    private void ParseRow(ReadOnlySpan<byte> line, CsvLineReader reader, Span<float> x, Span<float> y)
    {
        int expected = _inputColumns + _labelColumns;
        int fields = line.Count(_separator) + 1;
        if (fields != expected)
            throw new InvalidDataException(
                $"{reader.Path}, line {reader.LineNumber}: expected {expected} values separated by '{(char)_separator}' ({_inputColumns} input(s), then {_labelColumns} label value(s)), got {fields}.");
        for (int column = 0; column < expected; column++)
        {
            int end = line.IndexOf(_separator);
            var field = end < 0 ? line : line[..end];
            line = end < 0 ? default : line[(end + 1)..];
            var text = field[Ascii.Trim(field)];
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
                throw new InvalidDataException(
                    $"{reader.Path}, line {reader.LineNumber}, column {column + 1}: expected a finite number, got \"{System.Text.Encoding.UTF8.GetString(text)}\".");
            if (column < _inputColumns) x[column] = value;
            else y[column - _inputColumns] = value;
        }
    }
}
