using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GenNet.Shared;

/// <summary>
/// The constants of the safetensors layout that the runtime's reader and writer (System.Text.Json) and the generator's
/// reader for [EmbeddedWeights] (a small JSON reader of its own, since an analyzer cannot count on System.Text.Json)
/// both check: <c>[0, 8)</c> header length N (u64 little-endian), <c>[8, 8 + N)</c> UTF-8 JSON header, then the data.
/// </summary>
internal static class SafetensorsFormat
{
    /// <summary>Bytes of the little-endian header length before the JSON.</summary>
    public const int LengthPrefixBytes = 8;

    /// <summary>The reference reader's limit on N (100 MB): more is refused before anything is allocated.</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>The smallest valid header, <c>{}</c>.</summary>
    public const int MinHeaderLength = 2;

    /// <summary>The reserved key for string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>A tensor entry's dtype string, e.g. <c>"F32"</c>.</summary>
    public const string DTypeKey = "dtype";

    /// <summary>A tensor entry's dimensions, outermost first.</summary>
    public const string ShapeKey = "shape";

    /// <summary>A tensor entry's <c>[begin, end)</c> byte range in the data region.</summary>
    public const string DataOffsetsKey = "data_offsets";

    /// <summary><c>[2, 3]</c>: shapes in messages look like the header's JSON.</summary>
    public static string FormatShape<T>(IEnumerable<T> shape) where T : IFormattable =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(null, CultureInfo.InvariantCulture))) + "]";
}
