using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tutorials.DigitDemo;

/// <summary>The answer to a drawing: the most likely digit and all ten probabilities.</summary>
public sealed record Prediction(int Digit, float[] Probabilities);

/// <summary>Why a request was refused.</summary>
public sealed record ErrorBody(string Error);

/// <summary>Source-generated JSON for the two response shapes (camelCase: <c>digit</c>, <c>probabilities</c>, <c>error</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class DemoJson : JsonSerializerContext
{
    /// <summary>Like <see cref="JsonSerializerContext"/>'s default, but quotes in error messages stay readable (<c>"</c>, not <c>\u0022</c>).</summary>
    public static DemoJson Readable { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
