using System.Collections.Concurrent;
using System.Diagnostics;

namespace GenNet.Demo.Tests;

/// <summary>
/// A program the test started (<c>dotnet X.dll args</c>), with its output collected line by line. Dispose kills it
/// (this process only, by its own handle) and waits for it.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _all = new();

    public ChildProcess(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        _process.OutputDataReceived += (_, e) => Receive(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data, stdout: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ChildProcess Dotnet(string dll, params string[] arguments) => new("dotnet", [dll, .. arguments]);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything printed so far, stdout and stderr interleaved as received.</summary>
    public string Output => string.Join(Environment.NewLine, _all);

    /// <summary>The first stdout line (from now on) that <paramref name="match"/> accepts; fails after <paramref name="timeout"/> or at exit.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_lines.TryTake(out string? line, TimeSpan.FromMilliseconds(100)))
            {
                if (match(line)) return line;
                continue;
            }
            if (_lines.IsCompleted) break;
        }
        throw new TimeoutException($"The child never printed the expected line within {timeout.TotalSeconds} s (exited: {_process.HasExited}). Output:\n{Output}");
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Receive(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout) _lines.CompleteAdding();
            return;
        }
        _all.Enqueue(line);
        if (stdout) _lines.Add(line);
    }
}
