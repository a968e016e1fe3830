using System.Reflection;

namespace GenNet.Demo.Tests;

/// <summary>Where the repository and the built child programs are (baked in at build time).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Metadata("GenNetRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string DigitDemoDll => Built("samples/DigitDemo", "DigitDemo");

    public static string SaveChildDll => Built("tests/GenNet.SaveChild", "GenNet.SaveChild");

    public static string E2EFolder => Path.Combine(Root, "tests", "GenNet.Demo.Tests", "e2e");

    private static string Built(string project, string assembly)
    {
        string path = Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Expected the built {assembly} at {path}; build GenNet.sln -c {Configuration} first.", path);
    }

    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
