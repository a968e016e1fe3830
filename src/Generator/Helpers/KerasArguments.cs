using System.Collections.Generic;

namespace GenNet.Generator.Helpers;

/// <summary>
/// The arguments of a Keras call written as text (<c>random_uniform(-0.1, maxval=0.1)</c>, <c>max_norm(2, axis=[0, 1])</c>):
/// split on the commas outside brackets, and bound to parameter positions as Python binds them (positional first,
/// then <c>key=value</c>, each at most once). Shared by the initializer, regularizer and constraint parsers.
/// </summary>
internal static class KerasArguments
{
    /// <summary>Splits the text inside the parentheses on the commas outside brackets; empty text is no arguments.</summary>
    public static List<string> Split(string inner)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '[' || inner[i] == '(') depth++;
            else if (inner[i] == ']' || inner[i] == ')') depth--;
            else if (inner[i] == ',' && depth == 0)
            {
                parts.Add(inner.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }
        string last = inner.Substring(start).Trim();
        if (last.Length > 0 || parts.Count > 0) parts.Add(last);
        return parts;
    }

    /// <summary>
    /// Each argument's parameter index and value text, or null and the reason (<paramref name="example"/> is the call to
    /// suggest; <paramref name="describe"/> lists what <paramref name="name"/> takes).
    /// </summary>
    public static List<(int Index, string Value)>? Bind(string name, string[] parameters, IReadOnlyList<string> parts, string example,
        string describe, out string? error)
    {
        error = null;
        if (parts.Count > parameters.Length)
        {
            error = parameters.Length == 0
                ? $"'{name}' takes no arguments. Write \"{name}\"."
                : $"'{name}' takes at most {parameters.Length} arguments ({string.Join(", ", parameters)}). Write e.g. \"{example}\".";
            return null;
        }
        var bound = new List<(int Index, string Value)>();
        var seen = new HashSet<int>();
        bool named = false;
        for (int i = 0; i < parts.Count; i++)
        {
            string part = parts[i].Trim();
            int index = i;
            int equals = part.IndexOf('=');
            if (equals >= 0)
            {
                string key = part.Substring(0, equals).Trim();
                index = System.Array.IndexOf(parameters, key);
                if (index < 0)
                {
                    error = $"'{name}' has no argument '{key}'; it takes {describe}. Write e.g. \"{example}\".";
                    return null;
                }
                part = part.Substring(equals + 1).Trim();
                named = true;
            }
            else if (named)
            {
                error = $"A positional argument follows a named one. Write e.g. \"{example}\".";
                return null;
            }
            if (!seen.Add(index))
            {
                error = $"Argument '{parameters[index]}' is given twice.";
                return null;
            }
            bound.Add((index, part));
        }
        return bound;
    }
}
