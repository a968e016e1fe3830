using System.Text.Json;

namespace GenNet.Tests.Support;

/// <summary>
/// Reads the float64 ground truth in <c>../shared/fixtures</c> (beside the repository). A tensor is
/// <c>{"shape": [...], "data": [...]}</c>, row-major; see that folder's README for each file's schema.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> s_directory = new(FindDirectory);

    /// <summary>The fixtures folder: <c>GENNET_FIXTURES</c> if set, else <c>shared/fixtures</c> beside the repository root.</summary>
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
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GenNet.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
                if (System.IO.Directory.Exists(candidate)) return candidate;
                throw new DirectoryNotFoundException($"Expected the fixtures at {candidate} (shared/ beside the repository) or GENNET_FIXTURES set.");
            }
        }
        throw new DirectoryNotFoundException("GenNet.sln not found above " + AppContext.BaseDirectory + "; set GENNET_FIXTURES.");
    }
}
