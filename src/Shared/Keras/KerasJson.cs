using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GenNet.Serialization.Keras;

/// <summary>The kinds of value a Keras config holds.</summary>
internal enum KerasJsonKind { Null, Boolean, Number, String, Array, Object }

/// <summary>
/// One value of a Keras config (<c>config.json</c>, the legacy <c>model_config</c> attribute). The generator targets
/// netstandard2.0 and is loaded by the compiler without System.Text.Json, so both assemblies read configs with this
/// reader of their own: a document tree, members kept in file order, numbers kept as their text.
/// </summary>
internal sealed class KerasJson
{
    private static readonly List<KerasJson> NoItems = new();
    private static readonly List<KeyValuePair<string, KerasJson>> NoMembers = new();

    private KerasJson(KerasJsonKind kind, string text, List<KerasJson>? items, List<KeyValuePair<string, KerasJson>>? members)
    {
        Kind = kind;
        Text = text;
        Items = items ?? NoItems;
        Members = members ?? NoMembers;
    }

    /// <summary>What the value is.</summary>
    public KerasJsonKind Kind { get; }

    /// <summary>A string's text, a number's literal (<c>0.3</c>), <c>true</c>/<c>false</c>/<c>null</c>; empty for arrays and objects.</summary>
    public string Text { get; }

    /// <summary>An array's items.</summary>
    public IReadOnlyList<KerasJson> Items { get; }

    /// <summary>An object's members in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, KerasJson>> Members { get; }

    /// <summary>The object member <paramref name="name"/> (the last one if repeated), or null.</summary>
    public KerasJson? this[string name]
    {
        get
        {
            KerasJson? found = null;
            foreach (var member in Members) if (member.Key == name) found = member.Value;
            return found;
        }
    }

    /// <summary>A string's text, or null for any other kind.</summary>
    public string? AsString => Kind == KerasJsonKind.String ? Text : null;

    /// <summary>A whole number that fits an int, or null.</summary>
    public int? AsInt =>
        Kind == KerasJsonKind.Number && int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null;

    /// <summary>Any number, or null.</summary>
    public double? AsDouble =>
        Kind == KerasJsonKind.Number && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    /// <summary><c>true</c>/<c>false</c>, or null.</summary>
    public bool? AsBool => Kind == KerasJsonKind.Boolean ? Text == "true" : null;

    /// <summary>The value as Keras' config text shows it: strings quoted, lists in brackets, objects by their class_name.</summary>
    public string Describe()
    {
        switch (Kind)
        {
            case KerasJsonKind.String: return $"'{Text}'";
            case KerasJsonKind.Array:
                var parts = new List<string>();
                foreach (var item in Items) parts.Add(item.Describe());
                return $"[{string.Join(", ", parts)}]";
            case KerasJsonKind.Object:
                return this["class_name"]?.AsString is { } cls ? $"{cls}({this["config"]?.DescribeConfig() ?? ""})" : "{…}";
            default: return Text;
        }
    }

    private string DescribeConfig()
    {
        var parts = new List<string>();
        foreach (var member in Members) parts.Add($"{member.Key}={member.Value.Describe()}");
        return string.Join(", ", parts);
    }

    /// <summary>Parses one JSON document.</summary>
    /// <param name="text">The UTF-8 decoded text.</param>
    /// <param name="what">What the text is, for messages (e.g. "config.json of 'model.keras'").</param>
    /// <exception cref="InvalidDataException">The text is not JSON; the message gives the character offset.</exception>
    public static KerasJson Parse(string text, string what) => new Parser(text, what).Document();

    /// <summary>Parses UTF-8 bytes (a leading byte order mark is skipped).</summary>
    public static KerasJson Parse(byte[] utf8, string what)
    {
        int start = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8, start, utf8.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{what} is not valid UTF-8 text: {e.Message}", e);
        }
        return Parse(text, what);
    }

    /// <summary>
    /// A recursive-descent reader of RFC 8259 JSON plus the <c>NaN</c>/<c>Infinity</c> words Python's json module
    /// writes. Nesting is limited so a hostile file cannot exhaust the stack.
    /// </summary>
    private sealed class Parser
    {
        private const int MaxDepth = 128;
        private readonly string _s;
        private readonly string _what;
        private int _i;

        public Parser(string text, string what)
        {
            _s = text;
            _what = what;
        }

        public KerasJson Document()
        {
            Space();
            var value = Value(0);
            Space();
            if (_i != _s.Length) throw Fail("text after the end of the document");
            return value;
        }

        private KerasJson Value(int depth)
        {
            if (depth > MaxDepth) throw Fail($"nesting deeper than {MaxDepth} levels");
            if (_i >= _s.Length) throw Fail("the text ends where a value was expected");
            char c = _s[_i];
            if (c == '{') return Object(depth);
            if (c == '[') return Array(depth);
            if (c == '"') return new KerasJson(KerasJsonKind.String, String(), null, null);
            if (c == '-' || (c >= '0' && c <= '9')) return Number();
            foreach (var (word, kind) in Words)
            {
                if (string.CompareOrdinal(_s, _i, word, 0, word.Length) == 0)
                {
                    _i += word.Length;
                    return new KerasJson(kind, word, null, null);
                }
            }
            throw Fail($"unexpected character '{c}'");
        }

        private static readonly (string Word, KerasJsonKind Kind)[] Words =
        {
            ("true", KerasJsonKind.Boolean), ("false", KerasJsonKind.Boolean), ("null", KerasJsonKind.Null),
            ("NaN", KerasJsonKind.Number), ("Infinity", KerasJsonKind.Number),
        };

        private KerasJson Object(int depth)
        {
            _i++;
            var members = new List<KeyValuePair<string, KerasJson>>();
            Space();
            if (Take('}')) return new KerasJson(KerasJsonKind.Object, "", null, members);
            while (true)
            {
                Space();
                if (_i >= _s.Length || _s[_i] != '"') throw Fail("expected a member name in quotes");
                string key = String();
                Space();
                if (!Take(':')) throw Fail("expected ':' after a member name");
                Space();
                members.Add(new KeyValuePair<string, KerasJson>(key, Value(depth + 1)));
                Space();
                if (Take('}')) return new KerasJson(KerasJsonKind.Object, "", null, members);
                if (!Take(',')) throw Fail("expected ',' or '}' in an object");
            }
        }

        private KerasJson Array(int depth)
        {
            _i++;
            var items = new List<KerasJson>();
            Space();
            if (Take(']')) return new KerasJson(KerasJsonKind.Array, "", items, null);
            while (true)
            {
                Space();
                items.Add(Value(depth + 1));
                Space();
                if (Take(']')) return new KerasJson(KerasJsonKind.Array, "", items, null);
                if (!Take(',')) throw Fail("expected ',' or ']' in an array");
            }
        }

        private string String()
        {
            _i++;
            var text = new StringBuilder();
            while (true)
            {
                if (_i >= _s.Length) throw Fail("the text ends inside a string");
                char c = _s[_i++];
                if (c == '"') return text.ToString();
                if (c < ' ') throw Fail("a control character inside a string");
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }
                if (_i >= _s.Length) throw Fail("the text ends inside an escape");
                char e = _s[_i++];
                switch (e)
                {
                    case '"': case '\\': case '/': text.Append(e); break;
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u':
                        if (_i + 4 > _s.Length || !ushort.TryParse(_s.Substring(_i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                        {
                            throw Fail("a \\u escape without four hex digits");
                        }
                        text.Append((char)code);
                        _i += 4;
                        break;
                    default: throw Fail($"the unknown escape '\\{e}'");
                }
            }
        }

        private KerasJson Number()
        {
            int start = _i;
            Take('-');
            if (string.CompareOrdinal(_s, _i, "Infinity", 0, 8) == 0)
            {
                _i += 8;
                return new KerasJson(KerasJsonKind.Number, _s.Substring(start, _i - start), null, null);
            }
            if (!Take('0') && !Digits()) throw Fail("a malformed number");
            if (Take('.') && !Digits()) throw Fail("a malformed number");
            if (Take('e') || Take('E'))
            {
                if (!Take('+')) Take('-');
                if (!Digits()) throw Fail("a malformed number");
            }
            return new KerasJson(KerasJsonKind.Number, _s.Substring(start, _i - start), null, null);
        }

        private bool Digits()
        {
            int start = _i;
            while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9') _i++;
            return _i > start;
        }

        private void Space()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r')) _i++;
        }

        private bool Take(char c)
        {
            if (_i < _s.Length && _s[_i] == c)
            {
                _i++;
                return true;
            }
            return false;
        }

        private InvalidDataException Fail(string problem) =>
            new($"{_what} is not valid JSON: {problem} at character {_i.ToString(CultureInfo.InvariantCulture)}.");
    }
}
