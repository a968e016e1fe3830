using GenNet.Data;

namespace GenNet.Demo.Tests;

/// <summary>Held-out MNIST digits: the 20 % test split the demo never trains on (MnistDigits.Split, seed 0).</summary>
internal static class Digits
{
    private static readonly Lazy<LabeledImages> HeldOut = new(() => MnistDigits.Split(MnistDigits.Load()).Test);

    public static LabeledImages Test => HeldOut.Value;

    /// <summary>The body POST /predict expects for held-out image <paramref name="index"/>.</summary>
    public static string RequestBody(int index) => PixelsBody(Test.Image(index).ToArray());

    public static string PixelsBody(IEnumerable<float> pixels) =>
        "{\"pixels\":[" + string.Join(",", pixels.Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]}";

    public static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
