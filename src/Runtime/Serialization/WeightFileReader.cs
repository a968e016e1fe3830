using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GenNet.Serialization;

/// <summary>
/// Reads a safetensors weight file (layout in <see cref="SafetensorsHeader"/>) into new copies of a model's
/// buffers, checking everything first: header length, JSON structure, architecture fingerprint, tensor names,
/// dtypes, shapes, offsets and file length. The caller swaps the copies in only when this returns, so a bad file
/// never leaves a model half loaded.
/// </summary>
internal static class WeightFileReader
{
    /// <summary>Returns the parameter and state buffers the file describes, or throws <see cref="InvalidDataException"/>.</summary>
    /// <param name="stream">Read from its current position to its end.</param>
    /// <param name="info">The model the file must match.</param>
    /// <param name="parameters">Current trainable buffer; the result starts as a copy, so floats no weight covers keep their values.</param>
    /// <param name="state">Current non-trainable buffer, likewise.</param>
    /// <param name="source">The file name for messages.</param>
    public static (float[] Parameters, float[] State) Read(Stream stream, ModelInfo info,
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> state, string source)
    {
        // Every size claimed by the file is checked against what is really there (when the stream knows its
        // length) or against the model, never trusted for an allocation.
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
        var layout = Match(entries, metadata, info, source);

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

        float[] newParameters = parameters.ToArray();
        float[] newState = state.ToArray();
        foreach (var (entry, weight) in layout)
        {
            // The layout tiles the data region in file order, so each tensor is read straight into its slice.
            var target = (weight.Trainable ? newParameters : newState).AsSpan(weight.Offset, weight.Length);
            var bytes = MemoryMarshal.AsBytes(target);
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw WeightFileError.Create(source, $"the file is truncated inside tensor '{entry.Name}': the header describes {dataLength} bytes of tensor data but the file ends after {(long)entry.Begin + read}.");
            }
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }
        if (remaining is null && stream.ReadByte() >= 0)
        {
            throw WeightFileError.Create(source, $"the file has bytes after the last tensor; the header describes {dataLength} bytes of tensor data and a safetensors file ends there.");
        }
        return (newParameters, newState);
    }

    /// <summary>
    /// Checks the header against the model, most telling problem first (architecture, names, dtypes, shapes,
    /// offsets), and returns each tensor with its weight, in file order.
    /// </summary>
    private static List<(SafetensorsEntry Entry, WeightInfo Weight)> Match(List<SafetensorsEntry> entries,
        Dictionary<string, string> metadata, ModelInfo info, string source)
    {
        metadata.TryGetValue("model", out string? fileModel);
        string fileModelText = fileModel is null ? "no model name" : $"model '{fileModel}'";
        if (!metadata.TryGetValue("fingerprint", out string? fingerprint))
        {
            throw WeightFileError.Create(source, $"the file has no architecture fingerprint in its {SafetensorsHeader.MetadataKey} (it was not saved by GenNet); expected fingerprint {info.Fingerprint} of model '{info.Name}'.");
        }
        if (fingerprint != info.Fingerprint)
        {
            throw WeightFileError.Create(source, $"this file was saved from a different architecture: expected fingerprint {info.Fingerprint} (model '{info.Name}'), found {fingerprint} ({fileModelText}).");
        }

        var weights = info.Weights.ToDictionary(w => w.Name, StringComparer.Ordinal);
        var present = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = info.Weights.Select(w => w.Name).Where(n => !present.Contains(n)).ToList();
        var unexpected = entries.Select(e => e.Name).Where(n => !weights.ContainsKey(n)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing {Names(missing)}");
            if (unexpected.Count > 0) parts.Add($"unexpected {Names(unexpected)}");
            throw WeightFileError.Create(source, $"the tensors do not match model '{info.Name}': {string.Join("; ", parts)}.");
        }

        foreach (var e in entries)
        {
            if (e.DType != "F32")
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has dtype {e.DType}; GenNet weights are F32.");
            }
            var w = weights[e.Name];
            if (!e.Shape.SequenceEqual(w.Shape.Select(d => (ulong)d)))
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has shape {SafetensorsHeader.Format(e.Shape)}; model '{info.Name}' expects {SafetensorsHeader.Format(w.Shape)}.");
            }
        }

        // The tensors must tile the data region: sorted by offset, the first at 0, each where the previous ends.
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        ulong cursor = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in ordered)
        {
            string offsets = $"data_offsets [{e.Begin}, {e.End}]";
            ulong needed = (ulong)weights[e.Name].Length * sizeof(float);
            if (e.End < e.Begin)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, which end before they begin.");
            }
            if (e.End - e.Begin != needed)
            {
                throw WeightFileError.Create(source, $"tensor '{e.Name}' has {offsets}, {e.End - e.Begin} bytes; its F32 shape {SafetensorsHeader.Format(e.Shape)} needs {needed}.");
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
        return ordered.Select(e => (e, weights[e.Name])).ToList();
    }

    private static string Names(List<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes, growing the buffer as data arrives so that a stream of unknown
    /// length claiming a huge header costs memory only for the bytes it really has.
    /// </summary>
    private static byte[] ReadBounded(Stream stream, int count, string source)
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
