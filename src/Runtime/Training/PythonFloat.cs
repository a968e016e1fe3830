using System.Globalization;

namespace GenNet;

/// <summary>
/// Numbers as Python's <c>str(float)</c> writes them, for text Keras writes with it (CSVLogger rows, callback messages):
/// the shortest digits that round-trip, positional for 1e-4 ≤ |x| &lt; 1e16 with at least one decimal (<c>0.001</c>,
/// <c>3.0</c>), else <c>1e-05</c> / <c>1.5e+16</c>; <c>nan</c>, <c>inf</c>, <c>-inf</c>.
/// </summary>
internal static class PythonFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        string sign = value < 0 ? "-" : "";
        var (digits, exponent) = ShortestDigits(Math.Abs(value));

        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary>
    /// The shortest round-trip significant digits of a positive <paramref name="value"/> (.NET's "R", which Python's repr
    /// also uses) and the power of ten of the first one: 0.00125 → ("125", −3).
    /// </summary>
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        string r = value.ToString("R", CultureInfo.InvariantCulture); // "123.45", "0.00125", "1.25E-05", "1E+16"
        int e = r.IndexOf('E');
        int written = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int point = mantissa.IndexOf('.');
        if (point < 0) point = mantissa.Length;
        string all = mantissa.Replace(".", "", StringComparison.Ordinal);
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        return (all.Trim('0'), point - 1 - leadingZeros + written);
    }
}
