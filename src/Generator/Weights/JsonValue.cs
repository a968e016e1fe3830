using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GenNet.Generator.Weights;

/// <summary>The JSON value kinds a safetensors header can hold.</summary>
internal enum JsonKind { Object, Array, String, Number, Literal }

/// <summary>
/// A parsed JSON value: just enough of a document model to check a safetensors header. The generator targets
/// netstandard2.0 and ships alone, so it cannot use System.Text.Json.
/// </summary>
/// <param name="Text">String: the decoded string. Number and Literal: the raw token (<c>12</c>, <c>true</c>).</param>
/// <param name="Members">Object: the members in file order (duplicates kept, so the caller can refuse them).</param>
/// <param name="Items">Array: the items.</param>
internal sealed class JsonValue
{
    private JsonValue(JsonKind kind, string text, List<KeyValuePair<string, JsonValue>>? members, List<JsonValue>? items)
    {
        Kind = kind;
        Text = text;
        Members = members ?? new List<KeyValuePair<string, JsonValue>>();
        Items = items ?? new List<JsonValue>();
    }

    public JsonKind Kind { get; }

    public string Text { get; }

    public List<KeyValuePair<string, JsonValue>> Members { get; }

    public List<JsonValue> Items { get; }

    public static JsonValue Object(List<KeyValuePair<string, JsonValue>> members) => new(JsonKind.Object, "", members, null);

    public static JsonValue Array(List<JsonValue> items) => new(JsonKind.Array, "", null, items);

    public static JsonValue String(string text) => new(JsonKind.String, text, null, null);

    public static JsonValue Token(JsonKind kind, string raw) => new(kind, raw, null, null);

    public JsonValue? Member(string name)
    {
        foreach (var member in Members) if (member.Key == name) return member.Value;
        return null;
    }

    /// <summary>A non-negative integer that fits in 64 bits (shape dimensions, byte offsets), or null.</summary>
    public ulong? AsUnsigned() =>
        Kind == JsonKind.Number && ulong.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;

    /// <summary>How the value reads in a message: its kind, and a short raw form for scalars.</summary>
    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => $"the string \"{Shorten(Text)}\"",
        _ => Text,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text.Substring(0, 40)}…";
}

/// <summary>
/// A strict RFC 8259 reader over the header's UTF-8 text (already checked to be valid UTF-8). Depth is limited, as the
/// runtime's reader limits it, so a hostile header cannot overflow the stack.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 8;
    private readonly string _text;
    private int _position;

    private JsonReader(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as one JSON value; throws <see cref="WeightFileException"/> with the position of the first error.</summary>
    public static JsonValue Parse(string text)
    {
        var reader = new JsonReader(text);
        reader.SkipWhitespace();
        JsonValue value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._position != text.Length) throw reader.Error("unexpected text after the header object");
        return value;
    }

    private JsonValue ReadValue(int depth)
    {
        if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        if (_position >= _text.Length) throw Error("the header ends inside a value");
        char c = _text[_position];
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"': return JsonValue.String(ReadString());
            case 't': return ReadLiteral("true");
            case 'f': return ReadLiteral("false");
            case 'n': return ReadLiteral("null");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                throw Error($"unexpected character '{c}'");
        }
    }

    private JsonValue ReadObject(int depth)
    {
        _position++;
        var members = new List<KeyValuePair<string, JsonValue>>();
        SkipWhitespace();
        if (TryConsume('}')) return JsonValue.Object(members);
        while (true)
        {
            SkipWhitespace();
            if (_position >= _text.Length || _text[_position] != '"') throw Error("expected a quoted member name");
            string name = ReadString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            members.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(depth + 1)));
            SkipWhitespace();
            if (TryConsume('}')) return JsonValue.Object(members);
            Expect(',');
        }
    }

    private JsonValue ReadArray(int depth)
    {
        _position++;
        var items = new List<JsonValue>();
        SkipWhitespace();
        if (TryConsume(']')) return JsonValue.Array(items);
        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(']')) return JsonValue.Array(items);
            Expect(',');
        }
    }

    private string ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length) throw Error("the header ends inside a string");
            char c = _text[_position++];
            if (c == '"') break;
            if (c < ' ') throw Error("a control character inside a string");
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_position >= _text.Length) throw Error("the header ends inside a string");
            char escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length ||
                        !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("a \\u escape without four hex digits");
                    }
                    builder.Append((char)code);
                    _position += 4;
                    break;
                default: throw Error($"an unknown escape '\\{escape}'");
            }
        }
        string result = builder.ToString();
        for (int i = 0; i < result.Length; i++)
        {
            // Escapes can spell lone surrogates, which are not text (the runtime's reader refuses them too).
            if (char.IsHighSurrogate(result[i]) && i + 1 < result.Length && char.IsLowSurrogate(result[i + 1])) i++;
            else if (char.IsSurrogate(result[i])) throw Error("a string with an unpaired surrogate escape");
        }
        return result;
    }

    private JsonValue ReadNumber()
    {
        int start = _position;
        TryConsume('-');
        if (TryConsume('0')) { }
        else if (!ReadDigits()) throw Error("a malformed number");
        if (TryConsume('.') && !ReadDigits()) throw Error("a malformed number");
        if (TryConsume('e') || TryConsume('E'))
        {
            if (!TryConsume('+')) TryConsume('-');
            if (!ReadDigits()) throw Error("a malformed number");
        }
        return JsonValue.Token(JsonKind.Number, _text.Substring(start, _position - start));
    }

    private bool ReadDigits()
    {
        int start = _position;
        while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9') _position++;
        return _position > start;
    }

    private JsonValue ReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0) throw Error("an unknown word");
        _position += literal.Length;
        return JsonValue.Token(JsonKind.Literal, literal);
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r') _position++;
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c)) throw Error($"expected '{c}'");
    }

    private WeightFileException Error(string what) =>
        new(WeightFileProblem.Corrupt, $"the header is not valid JSON: {what} at character {_position.ToString(CultureInfo.InvariantCulture)}");
}
