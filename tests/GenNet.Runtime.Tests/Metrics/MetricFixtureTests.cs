using System.Text.Json;
using GenNet.Metrics;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Metrics;

/// <summary>Every case of <c>metrics.json</c>, and its <c>accuracy_string_resolution</c> table.</summary>
public class MetricFixtureTests
{
    private static readonly JsonElement s_file = Fixtures.Load("metrics.json");
    private static readonly JsonElement[] s_cases = s_file.GetProperty("cases").EnumerateArray().ToArray();
    private static readonly JsonElement[] s_resolution = s_file.GetProperty("accuracy_string_resolution").EnumerateArray().ToArray();

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < s_cases.Length; i++) data.Add(i, s_cases[i].GetProperty("name").GetString()!);
        return data;
    }

    public static TheoryData<int> Resolutions()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < s_resolution.Length; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureCase_MatchesKeras(int index, string name)
    {
        JsonElement c = s_cases[index];
        MeanMetric metric = Create(c);
        JsonElement inputs = c.GetProperty("inputs"), outputs = c.GetProperty("outputs");
        float[] yTrue = Fixtures.Floats(inputs.GetProperty("y_true"));
        float[] yPred = Fixtures.Floats(inputs.GetProperty("y_pred"));
        int[] shape = Fixtures.Shape(inputs.GetProperty("y_pred"));
        int batch = shape[0], n = shape[1];

        var values = new float[batch];
        metric.PerSample(yTrue, yPred, values, batch, n);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("matches")), values, 0, 0, name + " matches");

        // The loop's running mean with unit weights.
        double mean = values.Average(v => (double)v);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("value")), [(float)mean], 1e-6, 1e-5, name + " value");
    }

    [Theory]
    [MemberData(nameof(Resolutions))]
    public void AccuracyString_ResolvesAsKeras(int index)
    {
        JsonElement r = s_resolution[index];
        int[] trueShape = r.GetProperty("y_true_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] predShape = r.GetProperty("y_pred_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int outputSize = predShape[^1];
        int labelSize = trueShape.Length < predShape.Length ? 1 : trueShape[^1];

        Metric resolved = Metric.FromName("accuracy").Resolve(outputSize, labelSize);

        Type expected = r.GetProperty("resolves_to").GetString() switch
        {
            "binary_accuracy" => typeof(BinaryAccuracy),
            "sparse_categorical_accuracy" => typeof(SparseCategoricalAccuracy),
            "categorical_accuracy" => typeof(CategoricalAccuracy),
            var other => throw new InvalidOperationException("unexpected resolves_to " + other),
        };
        Assert.IsType(expected, resolved);
        Assert.Equal("accuracy", resolved.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UnresolvedAccuracy_InfersFromSpans_ForAccuracyCases(int index, string name)
    {
        JsonElement c = s_cases[index];
        string metric = c.GetProperty("metric").GetString()!;
        if (metric.Contains("top_k")) return; // "accuracy" never resolves to top-k
        JsonElement inputs = c.GetProperty("inputs");
        float[] yTrue = Fixtures.Floats(inputs.GetProperty("y_true"));
        float[] yPred = Fixtures.Floats(inputs.GetProperty("y_pred"));
        int[] shape = Fixtures.Shape(inputs.GetProperty("y_pred"));

        var values = new float[shape[0]];
        new Accuracy().PerSample(yTrue, yPred, values, shape[0], shape[1]);
        Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty("matches")), values, 0, 0, name + " via accuracy");
    }

    private static MeanMetric Create(JsonElement c)
    {
        string name = c.GetProperty("metric").GetString()!;
        c.TryGetProperty("params", out JsonElement p);
        bool hasParams = p.ValueKind == JsonValueKind.Object;
        MeanMetric metric = name switch
        {
            "binary_accuracy" => new BinaryAccuracy(hasParams && p.TryGetProperty("threshold", out var t) ? t.GetSingle() : 0.5f),
            "top_k_categorical_accuracy" => new TopKCategoricalAccuracy(p.GetProperty("k").GetInt32()),
            "sparse_top_k_categorical_accuracy" => new SparseTopKCategoricalAccuracy(p.GetProperty("k").GetInt32()),
            _ => Assert.IsAssignableFrom<MeanMetric>(Metric.FromName(name)),
        };
        Assert.Equal(name, metric.Name);
        return metric;
    }
}
