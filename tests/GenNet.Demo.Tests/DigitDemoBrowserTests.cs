using System.Text.Json;
using Xunit.Abstractions;

namespace GenNet.Demo.Tests;

/// <summary>
/// Issue #6 end to end: headless Chromium (Debian's, driven by playwright-core from e2e/draw-digits.mjs) draws
/// held-out MNIST digits on the page with the mouse, and the page must show the right digit for most of them.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class DigitDemoBrowserTests(DemoServer server, ITestOutputHelper output)
{
    private const int DigitsToDraw = 25;

    [BrowserFact]
    public void DrawnHeldOutDigits_MostAreClassifiedRight()
    {
        string directory = Directory.CreateTempSubdirectory("gennet-e2e-").FullName;
        try
        {
            string digitsFile = Path.Combine(directory, "digits.json");
            var test = Digits.Test;
            File.WriteAllText(digitsFile, JsonSerializer.Serialize(new
            {
                labels = test.Labels[..DigitsToDraw],
                images = Enumerable.Range(0, DigitsToDraw).Select(i => test.Image(i).ToArray()),
            }));
            // Kept beside the test assembly, for a person to look at after the run.
            string screenshot = Path.Combine(AppContext.BaseDirectory, "digit-demo-e2e.png");

            using var node = new ChildProcess("node",
                [Path.Combine(RepoPaths.E2EFolder, "draw-digits.mjs"), "--url", server.Url.ToString(), "--digits", digitsFile,
                 "--screenshot", screenshot, "--chromium", BrowserFactAttribute.Chromium],
                workingDirectory: RepoPaths.E2EFolder);
            string summary = node.WaitForLine(line => line.StartsWith("{\"total\"", StringComparison.Ordinal), TimeSpan.FromMinutes(4));
            output.WriteLine(node.Output);
            Console.WriteLine($"DigitDemo browser test: {summary}; screenshot {screenshot}");

            using var json = JsonDocument.Parse(summary);
            int total = json.RootElement.GetProperty("total").GetInt32(), correct = json.RootElement.GetProperty("correct").GetInt32();
            Assert.Equal(DigitsToDraw, total);
            Assert.True(correct >= 0.8 * total, $"{correct} of {total} drawn digits classified right:\n{node.Output}");
            Assert.True(node.WaitForExit(TimeSpan.FromSeconds(30)), "node did not exit after its summary");
            Assert.Equal(0, node.ExitCode);
            Assert.True(new FileInfo(screenshot).Length > 1000, "no screenshot");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
