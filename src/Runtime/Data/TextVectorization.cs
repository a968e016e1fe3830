using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GenNet.Data;

/// <summary>
/// Keras' <c>TextVectorization</c> in its <c>output_mode = "int"</c> form, as a runtime helper in front of a model: it
/// standardizes and splits text into tokens, <see cref="Adapt"/> builds the vocabulary, and <see cref="Transform(string, Span{float})"/>
/// writes each text's token ids as floats (exact integers, what an <c>[Embedding]</c> layer reads from the model's float
/// input), padded with 0 or truncated to <see cref="OutputSequenceLength"/>.
/// </summary>
/// <remarks>
/// <para>Index 0 is the padding (mask) token <c>""</c>, index 1 the out-of-vocabulary token <c>"[UNK]"</c> (one OOV
/// index, Keras' default), then the adapted tokens by descending count. Ties are ordered as Keras orders them: its
/// <c>IndexLookup</c> sorts with <c>np.lexsort((tokens, counts))[::-1]</c>, i.e. by count descending and, between equal
/// counts, by the token's UTF-8 bytes <em>descending</em> ("b" before "a"); that order is the order of Unicode code
/// points, which is what is compared here. <see cref="MaxTokens"/> counts the two special tokens, as in Keras.</para>
/// <para>Standardize: <c>"lower_and_strip_punctuation"</c> (default), <c>"lower"</c>, <c>"strip_punctuation"</c> or
/// null (none). Lowering is ASCII only (<c>A</c>–<c>Z</c>), as Keras' <c>tf.strings.lower(inputs)</c> with its default empty
/// <c>encoding</c> (TensorFlow then lowers with <c>absl::AsciiStrToLower</c>): "ÉTÉ" stays "ÉTÉ". The punctuation stripped
/// is Keras' <c>DEFAULT_STRIP_REGEX</c> set, the 32 ASCII punctuation characters <c>!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>.
/// Split: <c>"whitespace"</c> (default; runs of ASCII space, tab, line feed, vertical tab, form feed or carriage return
/// separate tokens, empty tokens are dropped, as <c>tf.strings.split</c>), <c>"character"</c> (each code point a token)
/// or null (the whole standardized text is one token).</para>
/// <para>Ids are floats, so the vocabulary is limited to 2^24 entries (every id exactly representable). After
/// <see cref="Adapt"/> or <see cref="Load"/>, <see cref="Transform(string, Span{float})"/> allocates nothing (texts up
/// to 256 characters use the stack, longer ones a pooled buffer) and may be called from several threads at once.</para>
/// <para>Keras' <c>output_mode</c> other than <c>"int"</c>, <c>ngrams</c>, callables for standardize/split and a
/// <c>None</c> output length are not offered: GenNet models have fixed input sizes.</para>
/// </remarks>
public sealed class TextVectorization
{
    /// <summary>The padding (mask) token, index 0.</summary>
    public const string PaddingToken = "";

    /// <summary>The out-of-vocabulary token, index 1.</summary>
    public const string OovToken = "[UNK]";

    /// <summary>The largest vocabulary (special tokens included): 2^24, so that every id is an exact float.</summary>
    public const int MaxVocabularySize = 1 << 24;

    private const string FileHeader = "# GenNet TextVectorization vocabulary 1";
    private const int StackChars = 256;

    private readonly bool _lower, _strip;
    private readonly SplitMode _split;
    private string[] _vocabulary = [PaddingToken, OovToken];
    private Dictionary<string, int> _ids = NewIds([PaddingToken, OovToken]);
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private enum SplitMode { None, Whitespace, Character }

    /// <summary>Creates an unadapted layer (its vocabulary holds only <c>""</c> and <c>"[UNK]"</c>).</summary>
    /// <param name="MaxTokens">The largest vocabulary, the two special tokens included (at least 2), or null for no limit but 2^24.</param>
    /// <param name="OutputSequenceLength">Ids written per text (padded with 0 or truncated), at least 1.</param>
    /// <param name="Standardize"><c>"lower_and_strip_punctuation"</c>, <c>"lower"</c>, <c>"strip_punctuation"</c> or null.</param>
    /// <param name="Split"><c>"whitespace"</c>, <c>"character"</c> or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">MaxTokens below 2 or above 2^24, OutputSequenceLength below 1.</exception>
    /// <exception cref="ArgumentException">An unknown Standardize or Split value.</exception>
    public TextVectorization(int? MaxTokens, int OutputSequenceLength, string? Standardize = "lower_and_strip_punctuation", string? Split = "whitespace")
    {
        if (MaxTokens is { } max && (max < 2 || max > MaxVocabularySize))
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), max, $"Expected MaxTokens between 2 (the padding and OOV tokens) and {MaxVocabularySize} (ids are exact floats), or null.");
        if (OutputSequenceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(OutputSequenceLength), OutputSequenceLength, "Expected OutputSequenceLength of at least 1.");
        (_lower, _strip) = Standardize switch
        {
            null or "none" => (false, false),
            "lower_and_strip_punctuation" => (true, true),
            "lower" => (true, false),
            "strip_punctuation" => (false, true),
            _ => throw new ArgumentException($"Expected Standardize \"lower_and_strip_punctuation\", \"lower\", \"strip_punctuation\" or null, got \"{Standardize}\".", nameof(Standardize)),
        };
        _split = Split switch
        {
            null or "none" => SplitMode.None,
            "whitespace" => SplitMode.Whitespace,
            "character" => SplitMode.Character,
            _ => throw new ArgumentException($"Expected Split \"whitespace\", \"character\" or null, got \"{Split}\".", nameof(Split)),
        };
        this.MaxTokens = MaxTokens;
        this.OutputSequenceLength = OutputSequenceLength;
        this.Standardize = Standardize is "none" ? null : Standardize;
        this.Split = Split is "none" ? null : Split;
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The largest vocabulary (special tokens included), or null.</summary>
    public int? MaxTokens { get; }

    /// <summary>Ids written per text.</summary>
    public int OutputSequenceLength { get; }

    /// <summary>The standardization, or null for none.</summary>
    public string? Standardize { get; }

    /// <summary>The split, or null for none.</summary>
    public string? Split { get; }

    /// <summary>Number of ids in use (special tokens included): the <c>inputDim</c> an Embedding after this layer needs.</summary>
    public int VocabularySize => _vocabulary.Length;

    /// <summary>The vocabulary by id, as Keras' <c>get_vocabulary()</c>: <c>""</c>, <c>"[UNK]"</c>, then the adapted tokens.</summary>
    public IReadOnlyList<string> GetVocabulary() => Array.AsReadOnly(_vocabulary);

    /// <summary>
    /// Builds the vocabulary from <paramref name="texts"/> (replacing any earlier one, as Keras' <c>adapt</c> does):
    /// every text is standardized and split, tokens are counted, <c>""</c> and <c>"[UNK]"</c> are not counted, and the
    /// most frequent <c>MaxTokens − 2</c> (ties: code points descending, as Keras) follow the special tokens.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> or one of its texts is null.</exception>
    public void Adapt(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var countLookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        int index = 0;
        char[] standardized = new char[StackChars];
        foreach (string text in texts)
        {
            if (text is null) throw new ArgumentNullException(nameof(texts), $"Expected texts, got null at position {index}.");
            if (standardized.Length < text.Length) standardized = new char[Math.Max(text.Length, 2 * standardized.Length)];
            int length = StandardizeInto(text, standardized);
            ForEachToken(standardized.AsSpan(0, length), token =>
            {
                if (countLookup.TryGetValue(token, out long c)) countLookup[token] = c + 1;
                else countLookup[token] = 1;
            });
            index++;
        }
        counts.Remove(PaddingToken);
        counts.Remove(OovToken);
        var sorted = counts.ToArray();
        Array.Sort(sorted, (a, b) =>
        {
            int byCount = b.Value.CompareTo(a.Value);
            return byCount != 0 ? byCount : CompareCodePoints(b.Key, a.Key);
        });
        int learned = Math.Min(sorted.Length, (MaxTokens ?? MaxVocabularySize) - 2);
        var vocabulary = new string[learned + 2];
        vocabulary[0] = PaddingToken;
        vocabulary[1] = OovToken;
        for (int i = 0; i < learned; i++) vocabulary[i + 2] = sorted[i].Key;
        SetVocabularyCore(vocabulary);
    }

    /// <summary>
    /// Writes the ids of <paramref name="text"/>'s tokens into <paramref name="ids"/> (<see cref="OutputSequenceLength"/>
    /// floats): the first tokens in order, 1 for a token not in the vocabulary, then 0 up to the end. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ids"/> does not hold OutputSequenceLength floats.</exception>
    public void Transform(string text, Span<float> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ids.Length != OutputSequenceLength)
            throw new ArgumentException($"Expected room for {OutputSequenceLength} ids (OutputSequenceLength), got {ids.Length}.", nameof(ids));
        int needed = text.Length; // standardizing never lengthens a text
        char[]? rented = needed > StackChars ? ArrayPool<char>.Shared.Rent(needed) : null;
        Span<char> buffer = rented is not null ? rented : stackalloc char[StackChars];
        try
        {
            int length = StandardizeInto(text, buffer);
            int written = WriteIds(buffer[..length], ids);
            ids[written..].Clear();
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The ids of every text, row after row (<c>texts.Count × OutputSequenceLength</c> floats): the model's input for
    /// <c>Fit</c>/<c>Predict</c>. Allocates the result only.
    /// </summary>
    public float[] Transform(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[checked(texts.Count * OutputSequenceLength)];
        for (int i = 0; i < texts.Count; i++)
            Transform(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Expected texts, got null at position {i}."),
                result.AsSpan(i * OutputSequenceLength, OutputSequenceLength));
        return result;
    }

    /// <summary>
    /// Writes the configuration and vocabulary to <paramref name="path"/> (UTF-8 text, to keep beside the model's weights):
    /// a header line, <c>key=value</c> lines for the four arguments, <c>vocabulary=N</c>, then one JSON string literal
    /// per token, in id order. The file is written beside <paramref name="path"/> first and then renamed over it, so a
    /// crash mid-save leaves the previous file whole.
    /// </summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                WriteTo(writer);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private void WriteTo(StreamWriter writer)
    {
        writer.NewLine = "\n";
        writer.WriteLine(FileHeader);
        writer.WriteLine($"max_tokens={(MaxTokens is { } m ? m.ToString(CultureInfo.InvariantCulture) : "none")}");
        writer.WriteLine($"output_sequence_length={OutputSequenceLength.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteLine($"standardize={Standardize ?? "none"}");
        writer.WriteLine($"split={Split ?? "none"}");
        writer.WriteLine($"vocabulary={_vocabulary.Length.ToString(CultureInfo.InvariantCulture)}");
        var line = new StringBuilder();
        foreach (string token in _vocabulary)
        {
            line.Clear();
            AppendJsonString(line, token);
            writer.WriteLine(line);
        }
    }

    /// <summary>
    /// Reads a file <see cref="Save"/> wrote. Anything else (a wrong header, an unknown or missing key, a bad number, a
    /// line that is not a JSON string, a duplicate token, special tokens not first, more tokens than stated or than
    /// MaxTokens, a missing or extra line) throws <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a vocabulary file, or is corrupt.</exception>
    public static TextVectorization Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"TextVectorization: expected the vocabulary file {path}, found no such file.", path);
        // Lines are cut at '\n' in the bytes and decoded one by one, so invalid UTF-8 is reported on its own line.
        byte[] bytes = File.ReadAllBytes(path);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        int position = 0, lineNumber = 0;
        InvalidDataException Bad(string what) => new($"TextVectorization vocabulary {path}, line {lineNumber}: {what}");
        string? ReadLine()
        {
            if (position >= bytes.Length) return null;
            int end = Array.IndexOf(bytes, (byte)'\n', position);
            int next = end < 0 ? bytes.Length : end + 1;
            if (end < 0) end = bytes.Length;
            if (end > position && bytes[end - 1] == '\r') end--;
            var line = bytes.AsSpan(position, end - position);
            position = next;
            try
            {
                return utf8.GetString(line);
            }
            catch (DecoderFallbackException)
            {
                throw Bad("the line is not valid UTF-8.");
            }
        }
        string Next(string expected)
        {
            lineNumber++;
            return ReadLine() ?? throw Bad($"expected {expected}, found the end of the file.");
        }
        string Value(string key)
        {
            string line = Next($"'{key}=…'");
            if (!line.StartsWith(key + "=", StringComparison.Ordinal)) throw Bad($"expected '{key}=…', got '{Clip(line)}'.");
            return line[(key.Length + 1)..];
        }
        int Int(string key, int min, int max)
        {
            string text = Value(key);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                throw Bad($"expected {key} to be an integer in [{min}, {max}], got '{Clip(text)}'.");
            return n;
        }

        string header = Next("the header");
        if (header != FileHeader) throw Bad($"expected the header '{FileHeader}', got '{Clip(header)}'.");
        string maxText = Value("max_tokens");
        int? maxTokens = null;
        if (maxText != "none")
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m < 2 || m > MaxVocabularySize)
                throw Bad($"expected max_tokens to be 'none' or an integer in [2, {MaxVocabularySize}], got '{Clip(maxText)}'.");
            maxTokens = m;
        }
        int sequenceLength = Int("output_sequence_length", 1, int.MaxValue);
        string standardize = Value("standardize");
        if (standardize is not ("none" or "lower_and_strip_punctuation" or "lower" or "strip_punctuation"))
            throw Bad($"expected standardize 'lower_and_strip_punctuation', 'lower', 'strip_punctuation' or 'none', got '{Clip(standardize)}'.");
        string split = Value("split");
        if (split is not ("none" or "whitespace" or "character"))
            throw Bad($"expected split 'whitespace', 'character' or 'none', got '{Clip(split)}'.");
        int count = Int("vocabulary", 2, maxTokens ?? MaxVocabularySize);

        // Grown as the tokens are read, so a hostile count cannot make the reader allocate for tokens the file lacks.
        var vocabulary = new List<string>(Math.Min(count, 1 << 16));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < count; id++)
        {
            string line = Next($"token {id} of {count}");
            string? token;
            try
            {
                token = ReadJsonString(line);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException) // InvalidOperation: an escaped lone surrogate
            {
                throw Bad($"expected token {id} as a JSON string literal, got '{Clip(line)}'.");
            }
            if (token is null) throw Bad($"expected token {id} as one JSON string literal, got '{Clip(line)}'.");
            if (id == 0 && token != PaddingToken) throw Bad($"expected the padding token \"\" as token 0, got {Clip(line)}.");
            if (id == 1 && token != OovToken) throw Bad($"expected the OOV token \"[UNK]\" as token 1, got {Clip(line)}.");
            if (!seen.TryAdd(token, lineNumber)) throw Bad($"token {Clip(line)} already appears on line {seen[token]}.");
            vocabulary.Add(token);
        }
        lineNumber++;
        if (ReadLine() is { } extra) throw Bad($"expected the end of the file after {count} tokens, got '{Clip(extra)}'.");

        var layer = new TextVectorization(maxTokens, sequenceLength, standardize, split);
        layer.SetVocabularyCore([.. vocabulary]);
        return layer;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : $"{text[..60]}…";

    private static Dictionary<string, int> NewIds(string[] vocabulary)
    {
        var ids = new Dictionary<string, int>(vocabulary.Length, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Length; i++) ids.Add(vocabulary[i], i);
        return ids;
    }

    private void SetVocabularyCore(string[] vocabulary)
    {
        var ids = NewIds(vocabulary);
        _vocabulary = vocabulary;
        _ids = ids;
        _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Lowers (ASCII) and strips <paramref name="text"/> into <paramref name="destination"/> (at least <c>text.Length</c>
    /// chars); returns the length written. Both steps map one char to at most one char, so nothing grows.
    /// </summary>
    private int StandardizeInto(string text, Span<char> destination)
    {
        int written = 0;
        foreach (char c in text)
        {
            if (_strip && IsKerasPunctuation(c)) continue;
            destination[written++] = _lower && c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        }
        return written;
    }

    /// <summary>
    /// Appends <paramref name="token"/> as a JSON string literal: <c>"</c> and <c>\</c> escaped, line feed, carriage return and tab as <c>\n</c>, <c>\r</c>, <c>\t</c>, other control characters and
    /// unpaired surrogates as <c>\uXXXX</c> (so every line is valid UTF-8 and a token holding a line break stays on one line).
    /// </summary>
    private static void AppendJsonString(StringBuilder line, string token)
    {
        line.Append('"');
        for (int i = 0; i < token.Length; i++)
        {
            char c = token[i];
            bool paired = char.IsHighSurrogate(c) ? i + 1 < token.Length && char.IsLowSurrogate(token[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(token[i - 1]) : true;
            if (c == '"') line.Append("\\\"");
            else if (c == '\\') line.Append("\\\\");
            else if (c == '\n') line.Append("\\n");
            else if (c == '\r') line.Append("\\r");
            else if (c == '\t') line.Append("\\t");
            else if (c < ' ' || !paired) line.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else line.Append(c);
        }
        line.Append('"');
    }

    /// <summary>The string of a line that holds exactly one JSON string literal, else null; malformed JSON throws <see cref="JsonException"/>.</summary>
    private static string? ReadJsonString(string line)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(line), isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
        string? value = reader.GetString();
        return reader.Read() ? null : value;
    }

    // Keras' DEFAULT_STRIP_REGEX: [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~'] — every ASCII punctuation character.
    private static bool IsKerasPunctuation(char c) => char.IsAsciiLetterOrDigit(c) is false && c is > ' ' and < (char)127;

    private static bool IsSplitSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private int WriteIds(ReadOnlySpan<char> text, Span<float> ids)
    {
        int written = 0;
        switch (_split)
        {
            case SplitMode.None:
                ids[written++] = Id(text);
                break;
            case SplitMode.Whitespace:
                for (int i = 0; i < text.Length && written < ids.Length;)
                {
                    if (IsSplitSpace(text[i])) { i++; continue; }
                    int start = i;
                    while (i < text.Length && !IsSplitSpace(text[i])) i++;
                    ids[written++] = Id(text[start..i]);
                }
                break;
            case SplitMode.Character:
                for (int i = 0; i < text.Length && written < ids.Length;)
                {
                    int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                    ids[written++] = Id(text.Slice(i, width));
                    i += width;
                }
                break;
        }
        return written;
    }

    private float Id(ReadOnlySpan<char> token) => _lookup.TryGetValue(token, out int id) ? id : 1;

    /// <summary>Calls <paramref name="action"/> for each token of an already standardized text (Adapt only; allocates).</summary>
    private void ForEachToken(ReadOnlySpan<char> text, SpanAction action)
    {
        switch (_split)
        {
            case SplitMode.None:
                action(text);
                break;
            case SplitMode.Whitespace:
                for (int i = 0; i < text.Length;)
                {
                    if (IsSplitSpace(text[i])) { i++; continue; }
                    int start = i;
                    while (i < text.Length && !IsSplitSpace(text[i])) i++;
                    action(text[start..i]);
                }
                break;
            case SplitMode.Character:
                for (int i = 0; i < text.Length;)
                {
                    int width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                    action(text.Slice(i, width));
                    i += width;
                }
                break;
        }
    }

    private delegate void SpanAction(ReadOnlySpan<char> token);

    /// <summary>Orders two strings by Unicode code points (the order of their UTF-8 bytes, which NumPy's sort compares).</summary>
    private static int CompareCodePoints(string a, string b)
    {
        var x = a.EnumerateRunes();
        var y = b.EnumerateRunes();
        while (true)
        {
            bool hasX = x.MoveNext(), hasY = y.MoveNext();
            if (!hasX || !hasY) return hasX.CompareTo(hasY);
            int c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0) return c;
        }
    }
}
