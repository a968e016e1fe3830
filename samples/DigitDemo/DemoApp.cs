using System.Buffers;
using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Tutorials.DigitDemo;

/// <summary>
/// The web app: <c>GET /</c> serves the page (embedded in the assembly), <c>POST /predict</c> classifies a drawing.
/// Every refusal is a 4xx with a JSON body <c>{"error": "..."}</c>; a 5xx would be a bug.
/// </summary>
public static class DemoApp
{
    /// <summary>Where the demo listens unless <c>--urls</c> (or ASPNETCORE_URLS) says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    private static readonly (string Path, string File, string ContentType)[] Assets =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/digit.js", "digit.js", "text/javascript; charset=utf-8"),
        ("/style.css", "style.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Builds the app around <paramref name="classifier"/>; <paramref name="hostArgs"/> go to ASP.NET's configuration.</summary>
    public static WebApplication Create(DigitClassifier classifier, string[] hostArgs)
    {
        var builder = WebApplication.CreateSlimBuilder(hostArgs);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = PixelRequest.MaxDrainBytes);
        // Per-request logging would dominate the cost of a prediction; warnings and errors still show.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            // Kestrel's own refusals (body over the limit, body shorter than its Content-Length) carry a 4xx.
            int status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            return WriteError(context, status, status < 500 ? exception!.Message : "internal error");
        }));
        app.UseStatusCodePages(context => WriteError(context.HttpContext, context.HttpContext.Response.StatusCode,
            $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}: {ReasonPhrase(context.HttpContext.Response.StatusCode)}"));

        foreach (var (path, file, contentType) in Assets)
        {
            byte[] content = ReadAsset(file);
            app.MapGet(path, () => Results.Bytes(content, contentType));
        }
        app.MapPost("/predict", (HttpContext context) => PredictAsync(context, classifier));
        return app;
    }

    /// <summary>The address the started app listens on, as it prints it for people and tests.</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DefaultUrl;

    private static async Task PredictAsync(HttpContext context, DigitClassifier classifier)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            await WriteError(context, StatusCodes.Status415UnsupportedMediaType,
                $"expected Content-Type application/json, got '{request.ContentType ?? "none"}'");
            return;
        }
        if (request.ContentLength > PixelRequest.MaxBodyBytes)
        {
            await DrainAsync(request.Body, context.RequestAborted);
            await WriteError(context, StatusCodes.Status413PayloadTooLarge,
                $"expected a body of at most {PixelRequest.MaxBodyBytes} bytes, got {request.ContentLength}");
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(PixelRequest.MaxBodyBytes + 1);
        try
        {
            int length;
            try
            {
                length = await ReadBodyAsync(request.Body, buffer, context.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own refusals: a chunked body over its limit (413), a body shorter than its Content-Length (400).
                await WriteError(context, e.StatusCode, e.Message);
                return;
            }
            if (length > PixelRequest.MaxBodyBytes)
            {
                await DrainAsync(request.Body, context.RequestAborted);
                await WriteError(context, StatusCodes.Status413PayloadTooLarge, $"expected a body of at most {PixelRequest.MaxBodyBytes} bytes, got more");
                return;
            }
            float[]? pixels = PixelRequest.Parse(buffer.AsSpan(0, length), out string? error);
            if (pixels is null)
            {
                await WriteError(context, StatusCodes.Status400BadRequest, error!);
                return;
            }
            float[] probabilities = classifier.Probabilities(pixels);
            await context.Response.WriteAsJsonAsync(new Prediction(ArgMax(probabilities), probabilities), DemoJson.Readable.Prediction);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes; a result of <c>buffer.Length</c> means the body may be longer.</summary>
    private static async Task<int> ReadBodyAsync(Stream body, byte[] buffer, CancellationToken cancel)
    {
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await body.ReadAsync(buffer.AsMemory(length), cancel);
            if (read == 0) break;
            length += read;
        }
        return length;
    }

    /// <summary>
    /// Reads and discards the rest of a body that is too large, up to Kestrel's limit (<see cref="PixelRequest.MaxDrainBytes"/>):
    /// a client that is still sending then receives the 413 instead of a connection reset under its feet. Past the
    /// limit Kestrel gives up on the body and closes the connection after the answer.
    /// </summary>
    private static async Task DrainAsync(Stream body, CancellationToken cancel)
    {
        byte[] sink = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await body.ReadAsync(sink, cancel) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over Kestrel's limit: nothing more to drain; the 413 still goes out.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sink);
        }
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static Task WriteError(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), DemoJson.Readable.ErrorBody);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status404NotFound => "no such page (the demo serves GET / and POST /predict)",
        StatusCodes.Status405MethodNotAllowed => "method not allowed (the demo serves GET / and POST /predict)",
        _ => $"status {status}",
    };

    private static byte[] ReadAsset(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + file)
            ?? throw new InvalidOperationException($"The page asset wwwroot/{file} is not embedded in the DigitDemo assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
