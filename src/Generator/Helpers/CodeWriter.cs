using System.Text;

namespace GenNet.Generator.Helpers;

/// <summary>Indented text with '\n' line ends on every platform, so the output is byte-for-byte deterministic.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter(int indent = 0) => _indent = indent;

    /// <summary>The current depth, for a writer whose text is appended here later (<see cref="Append"/>).</summary>
    public int Indent => _indent;

    /// <summary>Appends what another writer wrote (it was created with this writer's <see cref="Indent"/>).</summary>
    public void Append(CodeWriter other) => _text.Append(other._text);

    public void Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line($$"""}{{suffix}}""");
    }

    public override string ToString() => _text.ToString();
}
