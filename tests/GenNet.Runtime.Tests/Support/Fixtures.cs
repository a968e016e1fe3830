using System.Text.Json;

namespace GenNet.Tests.Support;

/// <summary>
/// Reads the float64 ground truth vendored in <c>tests/fixtures</c> (a copy of <c>../shared/fixtures</c>, so a clone on
/// its own passes its tests; <c>VendoredFixturesTests</c> keeps the copy in step). A tensor is
/// <c>{"shape": [...], "data": [...]}</c>, row-major; see that folder's README for each file's schema.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> s_directory = new(FindDirectory);

    /// <summary>The fixtures folder: <c>GENNET_FIXTURES</c> if set, else the repository's <c>tests/fixtures</c>.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>Parses one fixture file, e.g. <c>"activations.json"</c>.</summary>
    public static JsonElement Load(string fileName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, fileName)));
        return doc.RootElement.Clone();
    }

    /// <summary>The <c>cases</c> array of a fixture file.</summary>
    public static IEnumerable<JsonElement> Cases(string fileName) => Load(fileName).GetProperty("cases").EnumerateArray();

    /// <summary>A tensor's data as float64.</summary>
    public static double[] Data(JsonElement tensor) =>
        tensor.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>A tensor's data rounded to float32, as GenNet computes.</summary>
    public static float[] Floats(JsonElement tensor) => Data(tensor).Select(d => (float)d).ToArray();

    /// <summary>A tensor's shape.</summary>
    public static int[] Shape(JsonElement tensor) =>
        tensor.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>
    /// Asserts <c>|got − want| ≤ absolute + relative·|want|</c> element-wise, naming the first index that fails.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<double> want, ReadOnlySpan<float> got, double absolute, double relative, string what)
    {
        Xunit.Assert.True(want.Length == got.Length, $"{what}: expected {want.Length} values, got {got.Length}");
        for (int i = 0; i < want.Length; i++)
        {
            double tolerance = absolute + relative * Math.Abs(want[i]);
            double error = Math.Abs(got[i] - want[i]);
            Xunit.Assert.True(error <= tolerance || (double.IsNaN(want[i]) && float.IsNaN(got[i])),
                $"{what}[{i}]: expected {want[i]:R}, got {got[i]:R} (error {error:E2} > tolerance {tolerance:E2})");
        }
    }

    private static string FindDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("GENNET_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        string vendored = Path.Combine(RepositoryRoot.Path, "tests", "fixtures");
        if (System.IO.Directory.Exists(vendored)) return vendored;
        throw new DirectoryNotFoundException($"Expected the fixtures at {vendored} (committed with the repository) or GENNET_FIXTURES set.");
    }
}
