using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GenNet.Generator.Helpers;

/// <summary>Invariant formatting of numbers, shapes and names for generated code, comments and messages.</summary>
internal static class Text
{
    /// <summary>A C# float literal that round-trips: <c>0.1f</c>, <c>-5E-05f</c>, <c>float.PositiveInfinity</c>.</summary>
    public static string FloatLiteral(double value)
    {
        float f = (float)value;
        if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
        if (float.IsNaN(f)) return "float.NaN";
        return $"{f.ToString("R", CultureInfo.InvariantCulture)}f";
    }

    /// <summary>A number as a user reads it in a comment or message: <c>0.1</c>, <c>-inf</c>.</summary>
    public static string Number(double value)
    {
        float f = (float)value;
        if (float.IsPositiveInfinity(f)) return "inf";
        if (float.IsNegativeInfinity(f)) return "-inf";
        return f.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Keras' thousands-separated count, <c>78,500</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A per-sample shape as Keras prints it without the batch axis: <c>(128)</c>, <c>(4, 16)</c>.</summary>
    public static string Shape(IEnumerable<int> shape) => $"({string.Join(", ", shape.Select(d => Int(d)))})";

    /// <summary>A shape with the batch axis, as in Keras' summary: <c>(None, 128)</c>.</summary>
    public static string BatchShape(IEnumerable<int> shape) => $"(None, {string.Join(", ", shape.Select(d => Int(d)))})";

    /// <summary><c>new[] { 4, 16 }</c>.</summary>
    public static string IntArray(IEnumerable<int> values) => $$"""new[] { {{string.Join(", ", values.Select(d => Int(d)))}} }""";

    /// <summary>Text for an XML doc comment: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped (a Lambda's <c>Ops&lt;float&gt;</c>).</summary>
    public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal (names are validated snake_case, but messages may carry anything).</summary>
    public static string StringLiteral(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>snake_case Keras name to a PascalCase member prefix: <c>dense_1</c> → <c>Dense1</c>.</summary>
    public static string Pascal(string snake)
    {
        var sb = new StringBuilder();
        foreach (string part in snake.Split('_'))
        {
            if (part.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }
        // "_1" would give "1": members must start with a letter.
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, "Layer");
        return sb.ToString();
    }

    /// <summary>PascalCase to camelCase: <c>Dense1</c> → <c>dense1</c>.</summary>
    public static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    /// <summary>Keras' valid name: <c>[a-z_][a-z0-9_]*</c>.</summary>
    public static bool IsSnakeCase(string name)
    {
        if (name.Length == 0) return false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) return false;
        }
        return true;
    }
}
