using System.Text.Json;
using GenNet.Tests.Support;

namespace GenNet.Tests.Layers;

/// <summary>
/// The layers.json cases by name (parsed once), their tensors as float32, and the shared pieces of the layer tests:
/// the fixture tolerance and a central-difference gradient check.
/// </summary>
internal static class LayerCases
{
    public const double Absolute = 1e-6, Relative = 1e-5;

    private static readonly Lazy<JsonElement[]> s_cases = new(() => Fixtures.Cases("layers.json").ToArray());

    /// <summary>The names of every case of one Keras layer class, as theory rows.</summary>
    public static TheoryData<string> Names(string layer) =>
        new(s_cases.Value.Where(c => c.GetProperty("layer").GetString() == layer).Select(c => c.GetProperty("name").GetString()!));

    public static JsonElement Get(string name) => s_cases.Value.Single(c => c.GetProperty("name").GetString() == name);

    public static float[] Floats(JsonElement c, string group, string name) => Fixtures.Floats(c.GetProperty(group).GetProperty(name));

    public static int[] Shape(JsonElement c, string group, string name) => Fixtures.Shape(c.GetProperty(group).GetProperty(name));

    /// <summary>Asserts <paramref name="got"/> matches <c>outputs.name</c> within the fixture tolerance.</summary>
    public static void AssertOutput(JsonElement c, string name, ReadOnlySpan<float> got) =>
        Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty(name)), got, Absolute, Relative,
            c.GetProperty("name").GetString() + "." + name);

    public static float[] Random(Rng rng, int n, double scale = 1)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return v;
    }

    /// <summary>
    /// Compares <paramref name="analytic"/> with central differences <c>(L(v + h) − L(v − h))/2h</c> of
    /// <paramref name="loss"/> in each entry of <paramref name="values"/>; returns the first disagreement beyond
    /// <c>absolute + relative·|numeric|</c>, or null when all agree.
    /// </summary>
    public static string? CheckGradient(float[] values, ReadOnlySpan<float> analytic, Func<double> loss, string what,
        float h = 1f / 64, double absolute = 1e-4, double relative = 1e-3)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / ((double)(saved + h) - (saved - h));
            if (!(Math.Abs(numeric - analytic[i]) <= absolute + relative * Math.Abs(numeric)))
                return $"{what}[{i}]: analytic {analytic[i]}, central difference {numeric}";
        }
        return null;
    }

    /// <summary><c>Σ y·dy</c> in double: the loss whose gradient with respect to <c>y</c> is <c>dy</c>.</summary>
    public static double Dot(ReadOnlySpan<float> y, ReadOnlySpan<float> dy)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += (double)y[i] * dy[i];
        return sum;
    }
}
