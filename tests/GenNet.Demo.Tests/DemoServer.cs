using System.Globalization;

namespace GenNet.Demo.Tests;

/// <summary>
/// One DigitDemo for all tests of the collection: trained once (<c>--train</c>, 4 epochs) into a temporary weight
/// file, then served by the built DigitDemo.dll on a port the OS picks (<c>--urls http://127.0.0.1:0</c>).
/// </summary>
public sealed class DemoServer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gennet-demo-").FullName;
    private readonly ChildProcess _server;

    public DemoServer()
    {
        Weights = Path.Combine(_directory, "digit-demo.safetensors");
        using (var training = ChildProcess.Dotnet(RepoPaths.DigitDemoDll, "--train", "--epochs", "4", "--weights", Weights))
        {
            string line = training.WaitForLine(l => l.StartsWith("test accuracy: ", StringComparison.Ordinal), TimeSpan.FromMinutes(5));
            TestAccuracy = double.Parse(line["test accuracy: ".Length..], CultureInfo.InvariantCulture);
            if (!training.WaitForExit(TimeSpan.FromSeconds(30)) || training.ExitCode != 0)
                throw new InvalidOperationException($"DigitDemo --train did not exit cleanly. Output:\n{training.Output}");
            TrainingOutput = training.Output;
        }

        _server = ChildProcess.Dotnet(RepoPaths.DigitDemoDll, "--weights", Weights, "--urls", "http://127.0.0.1:0");
        string listening = _server.WaitForLine(l => l.StartsWith("DigitDemo: listening on ", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        Url = new Uri(listening["DigitDemo: listening on ".Length..]);
        Client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Weights { get; }

    public double TestAccuracy { get; }

    public string TrainingOutput { get; }

    public Uri Url { get; }

    public HttpClient Client { get; }

    /// <summary>Whether the server process is still running (a crash would end it).</summary>
    public bool IsRunning => !_server.HasExited;

    /// <summary>What the server printed: warnings and errors only (the demo logs nothing per request).</summary>
    public string ServerOutput => _server.Output;

    public void Dispose()
    {
        Client.Dispose();
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DemoServerCollection : ICollectionFixture<DemoServer>
{
    public const string Name = "DigitDemo server";
}
