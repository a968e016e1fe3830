using System.Text.Json;
using GenNet.Tests.Layers;
using GenNet.Tests.Support;

namespace GenNet.Tests.Sequence;

/// <summary>The layers2.json cases (sequence layers, float64 ground truth) by name, parsed once.</summary>
internal static class SequenceCases
{
    private static readonly Lazy<JsonElement[]> s_cases = new(() => Fixtures.Cases("layers2.json").ToArray());

    public static JsonElement Get(string name) => s_cases.Value.Single(c => c.GetProperty("name").GetString() == name);

    public static float[] Floats(JsonElement c, string group, string name) => Fixtures.Floats(c.GetProperty(group).GetProperty(name));

    public static int[] Shape(JsonElement c, string group, string name) => Fixtures.Shape(c.GetProperty(group).GetProperty(name));

    /// <summary>Asserts <paramref name="got"/> matches <c>outputs.name</c> within the fixture tolerance (1e-6 + 1e-5·|want|).</summary>
    public static void AssertOutput(JsonElement c, string name, ReadOnlySpan<float> got) =>
        Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty(name)), got, LayerCases.Absolute, LayerCases.Relative,
            c.GetProperty("name").GetString() + "." + name);

    /// <summary>Copies <paramref name="values"/> into the model's weight <paramref name="key"/> (e.g. <c>conv1d.kernel</c>), checking its length.</summary>
    public static void SetWeight(Model model, string key, float[] values)
    {
        WeightInfo w = model.Info.Weights.Single(w => w.Name == key);
        Assert.Equal(w.Length, values.Length);
        values.CopyTo((w.Trainable ? model.Parameters : model.State).Slice(w.Offset, w.Length));
    }
}
