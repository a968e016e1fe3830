using System.Text;

namespace GenNet;

/// <summary>
/// Keras <c>CSVLogger</c>: writes one row per epoch to <c>filename</c>, as Keras' file reads: a header
/// <c>epoch,&lt;keys&gt;</c> with the keys of the first epoch's logs in ordinal order (and, when none of them starts with
/// <c>val_</c>, a <c>val_</c> copy of each, which then read <c>NA</c>), then the 0-based epoch and each value
/// (Python's float text, <c>NA</c> where an epoch lacks the key), rows ending in <c>\r\n</c> as Python's csv writer ends
/// them; fields holding the separator or a quote are quoted.
/// </summary>
public sealed class CSVLogger : Callback
{
    private readonly string _separator;
    private readonly bool _append;
    private StreamWriter? _writer;
    private string[]? _keys;
    private bool _writeHeader;

    /// <summary>Creates the callback; defaults are Keras 3's.</summary>
    /// <param name="filename">The file to write (its folder must exist).</param>
    /// <param name="separator">One character between fields (Keras <c>separator</c>).</param>
    /// <param name="append">Append to an existing file (no second header unless the file is empty) instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A separator that is not one character (Python's csv module requires one).</exception>
    public CSVLogger(string filename, string separator = ",", bool append = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        ArgumentNullException.ThrowIfNull(separator);
        if (separator.Length != 1)
            throw new ArgumentException($"Expected a separator of one character. Received: \"{separator}\".", nameof(separator));
        Filename = filename;
        _separator = separator;
        _append = append;
    }

    /// <summary>The file written.</summary>
    public string Filename { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin()
    {
        _writer?.Dispose();
        _writeHeader = !(_append && File.Exists(Filename) && new FileInfo(Filename).Length > 0);
        _writer = new StreamWriter(Filename, _append, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        _keys = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (_writer is null) return;
        if (_keys is null)
        {
            var keys = logs.Keys.Order(StringComparer.Ordinal).ToList();
            if (keys.Count > 0 && !keys.Any(k => k.StartsWith("val_", StringComparison.Ordinal))) keys.AddRange(keys.Select(k => "val_" + k).ToList());
            _keys = [.. keys];
            if (_writeHeader) WriteRow(["epoch", .. _keys]);
        }
        var row = new string[_keys.Length + 1];
        row[0] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < _keys.Length; i++) row[i + 1] = logs.TryGetValue(_keys[i], out double v) ? PythonFloat.Format(v) : "NA";
        WriteRow(row);
        _writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private void WriteRow(string[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) _writer!.Write(_separator);
            _writer!.Write(Quoted(fields[i]));
        }
        _writer!.Write("\r\n");
    }

    /// <summary>Python csv's minimal quoting: a field holding the separator, a quote or a line break is quoted, quotes doubled.</summary>
    private string Quoted(string field) =>
        field.Contains(_separator, StringComparison.Ordinal) || field.AsSpan().IndexOfAny('"', '\r', '\n') >= 0
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
