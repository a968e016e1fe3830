using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tutorials.DigitDemo;

/// <summary>
/// Reads the body of <c>POST /predict</c>: exactly <c>{"pixels": [784 numbers]}</c>, each finite and in [0, 1].
/// Anything else is refused with a message that says what was expected and what came.
/// </summary>
public static class PixelRequest
{
    /// <summary>Largest accepted body: 784 numbers of up to ~20 characters each, with room to spare.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Kestrel's limit: a body between <see cref="MaxBodyBytes"/> and this is read and discarded before the 413, so
    /// the client sees the answer; a longer one has its connection closed once the 413 is sent.
    /// </summary>
    public const int MaxDrainBytes = 1024 * 1024;

    /// <summary>The pixels, or null and the reason they were refused.</summary>
    public static float[]? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            return ParseUnchecked(json, out error);
        }
        catch (JsonException e)
        {
            error = $"expected JSON {{\"pixels\": [{DigitClassifier.Pixels} numbers]}}, found malformed JSON at byte {e.BytePositionInLine + 1} of line {e.LineNumber + 1}";
            return null;
        }
    }

    private static float[]? ParseUnchecked(ReadOnlySpan<byte> json, out string? error)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
        float[]? pixels = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Fail(out error, $"expected a JSON object {{\"pixels\": [...]}}, found {Describe(ref reader)}");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            // Inside an object the reader yields only property names (it rejects anything else itself).
            if (!reader.ValueTextEquals("pixels"u8))
                return Fail(out error, $"expected only the property \"pixels\", found \"{Truncate(reader.GetString())}\"");
            if (pixels is not null) return Fail(out error, "expected one \"pixels\" property, found two");
            reader.Read();
            pixels = ReadPixels(ref reader, out error);
            if (pixels is null) return null;
        }
        if (reader.Read()) return Fail(out error, "expected the end of the body after the JSON object, found more");
        if (pixels is null) return Fail(out error, $"expected a \"pixels\" property of {DigitClassifier.Pixels} numbers, found none");
        error = null;
        return pixels;
    }

    private static float[]? ReadPixels(ref Utf8JsonReader reader, out string? error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            return Fail(out error, $"expected \"pixels\" to be an array of {DigitClassifier.Pixels} numbers, found {Describe(ref reader)}");
        var pixels = new float[DigitClassifier.Pixels];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == pixels.Length)
                return Fail(out error, $"expected {DigitClassifier.Pixels} values (28×28), found more");
            if (reader.TokenType != JsonTokenType.Number)
                return Fail(out error, $"expected a number at pixels[{count}], found {Describe(ref reader)}");
            // Numbers too large for a double (1e999) fail TryGetDouble or come back infinite: both are refused.
            if (!reader.TryGetDouble(out double value) || !double.IsFinite(value) || value < 0 || value > 1)
                return Fail(out error, $"expected finite values in [0, 1], found {Truncate(Encoding.UTF8.GetString(reader.ValueSpan))} at pixels[{count}]");
            pixels[count++] = (float)value;
        }
        if (count != pixels.Length)
            return Fail(out error, $"expected {DigitClassifier.Pixels} values (28×28), found {count.ToString(CultureInfo.InvariantCulture)}");
        error = null;
        return pixels;
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.None => "an empty body",
        JsonTokenType.String => $"the string \"{Truncate(reader.GetString())}\"",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        var token => token.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    private static float[]? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }
}
