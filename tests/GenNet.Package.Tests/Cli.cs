using System.Diagnostics;
using System.Text;

namespace GenNet.Package.Tests;

/// <summary>Runs the dotnet CLI and scripts as a user would, with build servers off so no process outlives a test.</summary>
public static class Cli
{
    /// <summary>The repository root (the folder holding GenNet.sln), found upward from the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GenNet.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GenNet.sln not found above {AppContext.BaseDirectory}.");
    }

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s:\n{Output}";
    }

    /// <summary>Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>; stdout and stderr interleaved.</summary>
    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        // The test host runs under `dotnet test`, whose MSBuild variables would leak into a nested CLI; drop them.
        foreach (string key in info.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("MSBUILD", StringComparison.Ordinal)
                || key is "VSTEST_HOST_DEBUG" or "DOTNET_HOST_PATH")
                info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";   // no MSBuild worker nodes left running
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";  // no VBCSCompiler server left running
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} timed out after {timeout}:\n{output}");
        }
        process.WaitForExit(); // drain the output
        lock (output) return new Result(process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    public static Result Dotnet(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, timeout, environment);
}
