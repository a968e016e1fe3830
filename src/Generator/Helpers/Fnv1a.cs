using System.Globalization;
using System.Text;

namespace GenNet.Generator.Helpers;

/// <summary>FNV-1a 64 (Fowler, Noll, Vo): a stable digest of the canonical architecture text, the same on every host.</summary>
internal static class Fnv1a
{
    public static string Hex64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash = unchecked(hash * 1099511628211UL);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
