namespace GenNet.Demo.Tests;

/// <summary>
/// A test that needs Debian's chromium, node and the npm playwright-core that scripts/install-browser.sh installs.
/// Without them it is skipped with the reason (CI's .ci/run installs them, so there it always runs).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        string? missing = !File.Exists(Chromium) ? $"{Chromium} (Debian package chromium)"
            : FindOnPath("node") is null ? "node on PATH (Debian package nodejs)"
            : !File.Exists(Path.Combine(RepoPaths.E2EFolder, "node_modules", "playwright-core", "package.json")) ? $"playwright-core in {RepoPaths.E2EFolder}/node_modules"
            : null;
        if (missing is not null) Skip = $"Browser test needs {missing}; run scripts/install-browser.sh.";
    }

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
