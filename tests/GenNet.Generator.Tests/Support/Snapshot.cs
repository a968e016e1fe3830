using System.Runtime.CompilerServices;

namespace GenNet.Generator.Tests.Support;

/// <summary>
/// Compares generated text with a baseline in Snapshots/ beside the tests, line by line. On a mismatch it writes
/// <c>&lt;Name&gt;.received.cs</c> next to the baseline (in the source tree) and fails at the first differing line.
/// <c>GENNET_UPDATE_SNAPSHOTS=1</c> rewrites the baselines; do that only on purpose, and review the diff.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string expectedPath = Path.Combine(directory, name + ".g.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        if (Environment.GetEnvironmentVariable("GENNET_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        if (!File.Exists(expectedPath))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"No baseline {expectedPath}; wrote {receivedPath}. Review it, then run with GENNET_UPDATE_SNAPSHOTS=1.");
        }

        string[] expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n").Split('\n');
        string[] received = actual.Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, received.Length); i++)
        {
            string? e = i < expected.Length ? expected[i] : null;
            string? r = i < received.Length ? received[i] : null;
            if (e == r) continue;
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"{name}: line {i + 1} differs from {expectedPath}\n  expected: {e ?? "<end of file>"}\n  received: {r ?? "<end of file>"}\n" +
                $"Wrote {receivedPath}. If the change is intended, run with GENNET_UPDATE_SNAPSHOTS=1.");
        }
        File.Delete(receivedPath);
    }
}
