using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace GenNet.Demo.Tests;

/// <summary>
/// Issue #7: a burst of concurrent requests from a local load generator (HttpClient, 32 connections, in this test
/// process; the server is the separate DigitDemo process) is served with no errors and the same answers as one at a
/// time. Requests per second are printed, not asserted.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class PredictLoadTests(DemoServer server, ITestOutputHelper output)
{
    private const int Concurrency = 32;
    private const int Requests = 20_000;
    private const int DistinctDigits = 50;

    [Fact]
    public async Task Burst_ConcurrentRequests_AllServedWithTheSerialAnswers()
    {
        // The answer to each digit, asked one at a time first; every tenth request of the burst is malformed (400).
        string[] bodies = Enumerable.Range(0, DistinctDigits).Select(Digits.RequestBody).ToArray();
        string[] expected = new string[DistinctDigits];
        for (int i = 0; i < DistinctDigits; i++)
        {
            using var response = await server.Client.PostAsync("/predict", Digits.Json(bodies[i]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            expected[i] = await response.Content.ReadAsStringAsync();
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency };
        using var client = new HttpClient(handler) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        int next = -1, ok = 0, refused = 0;
        var failures = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        // Bounded in count and in time (2 minutes), whichever comes first.
        var deadline = TimeSpan.FromMinutes(2);
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < Requests && stopwatch.Elapsed < deadline; i = Interlocked.Increment(ref next))
            {
                bool malformed = i % 10 == 9;
                string body = malformed ? bodies[i % DistinctDigits][..^2] : bodies[i % DistinctDigits];
                try
                {
                    using var response = await client.PostAsync("/predict", Digits.Json(body));
                    string text = await response.Content.ReadAsStringAsync();
                    if (malformed ? response.StatusCode == HttpStatusCode.BadRequest : response.StatusCode == HttpStatusCode.OK && text == expected[i % DistinctDigits])
                        Interlocked.Increment(ref malformed ? ref refused : ref ok);
                    else
                        lock (failures) failures.Add($"request {i}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }
                catch (HttpRequestException e)
                {
                    lock (failures) failures.Add($"request {i}: {e.Message}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        double seconds = stopwatch.Elapsed.TotalSeconds;

        int sent = ok + refused + failures.Count;
        string report = string.Create(CultureInfo.InvariantCulture,
            $"DigitDemo burst: {sent} requests ({ok} predictions, {refused} malformed refused with 400) from {Concurrency} connections in {seconds:0.00} s = {sent / seconds:0} requests/s; {failures.Count} errors");
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(sent >= 2_000, $"only {sent} requests within {deadline.TotalSeconds} s");
        Assert.True(server.IsRunning);
        Assert.DoesNotContain("fail:", server.ServerOutput, StringComparison.Ordinal);
    }
}
