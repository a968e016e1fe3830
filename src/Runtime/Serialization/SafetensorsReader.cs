using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenNet.Serialization;

/// <summary>
/// Where one expected tensor of a safetensors file goes: its key, shape, and the slice of a buffer it fills — a float
/// slice (F32), or, with <see cref="Raw"/>, the raw little-endian bytes of another dtype (the quantized weight files:
/// I8, U8, I32, F16, BF16).
/// </summary>
internal sealed record TensorTarget(string Name, int[] Shape, float[] Buffer, int Offset)
{
    /// <summary>Elements of the tensor (product of <see cref="Shape"/>).</summary>
    public int Length { get; } = Shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The dtype string (<c>F32</c> unless <see cref="Raw"/>).</summary>
    public string DType { get; init; } = "F32";

    /// <summary>The bytes of a non-F32 tensor (<see cref="Length"/> · <see cref="ElementSize"/>), read or written as they are.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>Bytes per element of <see cref="DType"/>.</summary>
    public int ElementSize => DType switch { "I8" or "U8" => 1, "F16" or "BF16" => 2, _ => 4 };

    /// <summary>A raw tensor of <paramref name="dtype"/> (bytes already little-endian).</summary>
    public static TensorTarget Bytes(string name, int[] shape, string dtype, byte[] raw) => new(name, shape, [], 0) { DType = dtype, Raw = raw };
}

/// <summary>
/// Reads a safetensors file (layout in <see cref="SafetensorsHeader"/>) whose tensors must be exactly a given set of F32
/// targets, checking everything first: header length, JSON structure, the caller's metadata checks, tensor names,
/// dtypes, shapes, offsets and file length. Weight files (<see cref="WeightFileReader"/>) and training checkpoints
/// (<see cref="CheckpointReader"/>) both read through it; the callers pass copies of their buffers and swap them in only
/// when this returns, so a bad file never leaves anything half loaded.
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>
    /// Reads the header, lets <paramref name="expect"/> check the metadata (it throws through <see cref="WeightFileError"/>)
    /// and name the tensors the file must hold, then fills every target from the data region.
    /// </summary>
    /// <param name="stream">Read from its current position to its end.</param>
    /// <param name="source">The file for messages.</param>
    /// <param name="owner">What the tensors must match, for messages, e.g. <c>model 'sequential'</c>.</param>
    /// <param name="expect">Checks the metadata and returns the targets.</param>
    public static void Read(Stream stream, FileSource source, string owner, Func<Dictionary<string, string>, IReadOnlyList<TensorTarget>> expect)
    {
        // Every size claimed by the file is checked against what is really there (when the stream knows its
        // length) or against the targets, never trusted for an allocation.
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;

        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length)
        {
            throw WeightFileError.Create(source, $"the file is {got} bytes long; a safetensors file starts with an 8-byte header length.");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < SafetensorsHeader.MinHeaderLength)
        {
            throw WeightFileError.Create(source, $"the header length is {headerLength} bytes; the smallest header, '{{}}', has {SafetensorsHeader.MinHeaderLength}.");
        }
        if (headerLength > SafetensorsHeader.MaxHeaderLength)
        {
            throw WeightFileError.Create(source, $"the header length is {headerLength} bytes, more than the format's limit of {SafetensorsHeader.MaxHeaderLength:N0}; the file is corrupt or not safetensors.");
        }
        if (remaining is long total && (long)headerLength > total - 8)
        {
            throw WeightFileError.Create(source, $"the header length is {headerLength} bytes but only {total - 8} bytes follow the length prefix; the file is truncated or corrupt.");
        }

        byte[] header = ReadBounded(stream, (int)headerLength, source);
        var (entries, metadata) = SafetensorsHeader.Decode(header, source);
        var layout = Match(entries, expect(metadata), owner, source);

        long dataLength = layout.Sum(t => (long)(t.Entry.End - t.Entry.Begin));
        if (remaining is long fileLength)
        {
            long found = fileLength - 8 - (long)headerLength;
            if (found != dataLength)
            {
                throw WeightFileError.Create(source, found < dataLength
                    ? $"the file is truncated: the header describes {dataLength} bytes of tensor data but {found} are present."
                    : $"the file has {found - dataLength} bytes after the last tensor; the header describes {dataLength} bytes of tensor data and a safetensors file ends there.");
            }
        }

        foreach (var (entry, target) in layout)
        {
            // The layout tiles the data region in file order, so each tensor is read straight into its slice.
            var slice = target.Buffer.AsSpan(target.Offset, target.Raw is null ? target.Length : 0);
            var bytes = target.Raw is { } raw ? raw.AsSpan(0, target.Length * target.ElementSize) : MemoryMarshal.AsBytes(slice);
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw WeightFileError.Create(source, $"the file is truncated inside tensor '{entry.Name}': the header describes {dataLength} bytes of tensor data but the file ends after {(long)entry.Begin + read}.");
            }
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < slice.Length; i++) slice[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }
        if (remaining is null && stream.ReadByte() >= 0)
        {
            throw WeightFileError.Create(source, $"the file has bytes after the last tensor; the header describes {dataLength} bytes of tensor data and a safetensors file ends there.");
        }
    }

    /// <summary>
    /// Checks the header's tensors against the targets, most telling problem first (names, dtypes, shapes, offsets), and
    /// returns each tensor with its target, in file order.
    /// </summary>
    private static List<(SafetensorsEntry Entry, TensorTarget Target)> Match(List<SafetensorsEntry> entries,
        IReadOnlyList<TensorTarget> expected, string owner, FileSource source)
    {
        var targets = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var present = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Select(t => t.Name).Where(n => !present.Contains(n)).ToList();
        var unexpected = entries.Select(e => e.Name).Where(n => !targets.ContainsKey(n)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing {Names(missing)}");
            if (unexpected.Count > 0) parts.Add($"unexpected {Names(unexpected)}");
            throw WeightFileError.Create(source, $"the tensors do not match {owner}: {string.Join("; ", parts)}.");
        }

        foreach (var e in entries)
        {
            var t = targets[e.Name];
            if (e.DType != t.DType)
            {
                throw WeightFileError.Create(source, t.DType == "F32"
                    ? $"tensor '{e.Name}' has dtype {e.DType}; GenNet weights are F32."
                    : $"tensor '{e.Name}' has dtype {e.DType}; {owner} expects {t.DType}.");
            }
            if (!e.Shape.SequenceEqual(t.Shape.Select(d => (ulong)d)))
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has shape {SafetensorsHeader.Format(e.Shape)}; {owner} expects {SafetensorsHeader.Format(t.Shape)}.");
            }
        }

        // The tensors must tile the data region: sorted by offset, the first at 0, each where the previous ends.
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        ulong cursor = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in ordered)
        {
            string offsets = $"data_offsets [{e.Begin}, {e.End}]";
            TensorTarget target = targets[e.Name];
            ulong needed = (ulong)target.Length * (ulong)target.ElementSize;
            if (e.End < e.Begin)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, which end before they begin.");
            }
            if (e.End - e.Begin != needed)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, {e.End - e.Begin} bytes; its {e.DType} shape {SafetensorsHeader.Format(e.Shape)} needs {needed}.");
            }
            if (e.Begin < cursor)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, overlapping tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}].");
            }
            if (e.Begin > cursor)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, leaving bytes [{cursor}, {e.Begin}) of the data region unused; tensors must be contiguous.");
            }
            cursor = e.End;
            previous = e;
        }
        return ordered.Select(e => (e, targets[e.Name])).ToList();
    }

    private static string Names(List<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes, growing the buffer as data arrives so that a stream of unknown
    /// length claiming a huge header costs memory only for the bytes it really has.
    /// </summary>
    private static byte[] ReadBounded(Stream stream, int count, FileSource source)
    {
        const int Chunk = 1 << 20;
        var buffer = new byte[Math.Min(count, Chunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            int n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
            {
                throw WeightFileError.Create(source, $"the file is truncated: it ends after {filled} of the header's {count} bytes.");
            }
            filled += n;
        }
        return buffer;
    }
}
