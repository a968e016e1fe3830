using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GenNet.Demo.Tests;

/// <summary>
/// Issue #7 for the demo page: every malformed or oversized request is refused with a 4xx and a JSON error that
/// says what was expected — never a 5xx, never a crash — and good requests still get answers afterwards.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class PredictEndpointTests(DemoServer server)
{
    private static readonly string Zeros = Digits.PixelsBody(new float[784]);

    [Fact]
    public void Training_ReachesNinetyFivePercentOnHeldOutDigits()
    {
        Assert.True(server.TestAccuracy >= 0.95, $"test accuracy {server.TestAccuracy}\n{server.TrainingOutput}");
    }

    [Fact]
    public async Task Predict_HeldOutDigit_AnswersProbabilitiesThatSumToOne()
    {
        using var response = await server.Client.PostAsync("/predict", Digits.Json(Digits.RequestBody(0)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        float[] probabilities = json.RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        Assert.Equal(10, probabilities.Length);
        Assert.InRange(probabilities.Sum(), 0.999f, 1.001f);
        int digit = json.RootElement.GetProperty("digit").GetInt32();
        Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()), digit);
        Assert.Equal(Digits.Test.Labels[0], digit);
    }

    [Fact]
    public async Task Page_IsServedWithItsScriptAndStyle()
    {
        foreach (var (path, type, marker) in new[] { ("/", "text/html", "<canvas id=\"pad\""), ("/digit.js", "text/javascript", "function toMnist"), ("/style.css", "text/css", "#pad") })
        {
            using var response = await server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(marker, await response.Content.ReadAsStringAsync());
        }
    }

    public static TheoryData<string, string, int, string> BadBodies => new()
    {
        // name, body, expected status, part of the expected error message
        { "empty body", "", 400, "malformed JSON" },
        { "not JSON", "hello", 400, "malformed JSON" },
        { "truncated JSON", "{\"pixels\":[0,0,", 400, "malformed JSON" },
        { "NaN literal", "{\"pixels\":[NaN]}", 400, "malformed JSON" },
        { "Infinity literal", "{\"pixels\":[Infinity]}", 400, "malformed JSON" },
        { "trailing garbage", Zeros + "x", 400, "malformed JSON" },
        { "two objects", Zeros + Zeros, 400, "malformed JSON" },
        { "bare array", "[0,0,0]", 400, "expected a JSON object" },
        { "null", "null", 400, "expected a JSON object" },
        { "no pixels", "{}", 400, "found none" },
        { "other property", "{\"image\":[0]}", 400, "expected only the property \"pixels\"" },
        { "pixels twice", "{\"pixels\":" + Zeros[10..^1] + ",\"pixels\":[]}", 400, "found two" },
        { "pixels not an array", "{\"pixels\":\"0,0\"}", 400, "found the string" },
        { "no values", "{\"pixels\":[]}", 400, "expected 784 values (28×28), found 0" },
        { "783 values", Digits.PixelsBody(new float[783]), 400, "found 783" },
        { "785 values", Digits.PixelsBody(new float[785]), 400, "found more" },
        { "string value", "{\"pixels\":[\"NaN\"]}", 400, "expected a number at pixels[0]" },
        { "null value", "{\"pixels\":[0,null]}", 400, "expected a number at pixels[1]" },
        { "nested array", "{\"pixels\":[[0]]}", 400, "expected a number at pixels[0]" },
        { "deep nesting", "{\"pixels\":[" + new string('[', 100) + new string(']', 100) + "]}", 400, "" },
        { "huge exponent", "{\"pixels\":[1e999]}", 400, "finite values in [0, 1], found 1e999" },
        { "negative", "{\"pixels\":[-0.001]}", 400, "found -0.001 at pixels[0]" },
        { "above one", Digits.PixelsBody(Enumerable.Repeat(0f, 700).Append(1.5f).Concat(new float[83])), 400, "found 1.5 at pixels[700]" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Predict_BadBody_Is4xxWithAClearError(string name, string body, int status, string message)
    {
        using var response = await server.Client.PostAsync("/predict", Digits.Json(body));

        await AssertError(response, status, message, name);
    }

    [Theory]
    [InlineData(100_000, false, false)]   // 200 kB with Content-Length
    [InlineData(100_000, true, false)]    // 200 kB chunked: the length is known only by reading
    [InlineData(450_000, false, false)]   // 900 kB: still read and discarded before the answer
    [InlineData(2_000_000, false, true)]  // 4 MB with "Expect: 100-continue": refused before it is sent
    public async Task Predict_OversizedBody_Is413(int zeros, bool chunked, bool expectContinue)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = OversizedBody(zeros) };
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.ExpectContinue = expectContinue;
        using var response = await server.Client.SendAsync(request);

        await AssertError(response, 413, chunked ? "" : "expected a body of at most 65536 bytes", $"{zeros} zeros");
    }

    [Fact]
    public async Task Predict_HugeBodyWithoutExpectContinue_IsRefusedAndTheServerGoesOn()
    {
        // 16 MB pushed without waiting: past the 1 MiB Kestrel reads, the connection is closed after the 413, so the
        // client sees either the 413 or a reset while still sending. Either way no 5xx, and the server keeps serving.
        try
        {
            using var response = await server.Client.PostAsync("/predict", OversizedBody(8_000_000));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
        }
        using var after = await server.Client.PostAsync("/predict", Digits.Json(Digits.RequestBody(1)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static ByteArrayContent OversizedBody(int zeros)
    {
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("{\"pixels\":[" + string.Join(",", Enumerable.Repeat("0", zeros)) + "]}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Predict_WrongContentType_Is415(string? contentType)
    {
        var content = new StringContent(Zeros, System.Text.Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        using var response = await server.Client.PostAsync("/predict", content);

        await AssertError(response, 415, "expected Content-Type application/json", contentType ?? "none");
    }

    [Theory]
    [InlineData("GET", "/predict", 405)]
    [InlineData("PUT", "/predict", 405)]
    [InlineData("DELETE", "/predict", 405)]
    [InlineData("POST", "/", 405)]
    [InlineData("GET", "/nope", 404)]
    [InlineData("POST", "/predict/extra", 404)]
    [InlineData("GET", "/..%2F..%2Fetc%2Fpasswd", 404)]
    [InlineData("GET", "/wwwroot/index.html", 404)]
    public async Task WrongMethodOrPath_Is4xx(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = Digits.Json(Zeros);
        using var response = await server.Client.SendAsync(request);

        await AssertError(response, status, "the demo serves GET / and POST /predict", $"{method} {path}");
    }

    [Fact]
    public async Task Predict_RandomBytes_AreAlways400()
    {
        var random = new Random(20261130);
        for (int i = 0; i < 300; i++)
        {
            byte[] body = new byte[random.Next(0, 2000)];
            random.NextBytes(body);
            // Half start like a valid request, so the parser gets past the first token.
            if (i % 2 == 0) System.Text.Encoding.ASCII.GetBytes("{\"pixels\":[0.5,").CopyTo(body, 0);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await server.Client.PostAsync("/predict", content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"random body {i} ({body.Length} bytes): {(int)response.StatusCode}");
        }
        Assert.True(server.IsRunning);
    }

    private async Task AssertError(HttpResponseMessage response, int status, string message, string what)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{what}: expected {status}, got {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString());
        Assert.True(server.IsRunning, $"{what}: the server exited. Output:\n{server.ServerOutput}");
    }
}
