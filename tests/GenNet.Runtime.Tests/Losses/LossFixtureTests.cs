using System.Text.Json;
using GenNet.Losses;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Losses;

/// <summary>Every case of <c>losses.json</c>: per-sample values, the reduced loss and the gradient, in float32.</summary>
public class LossFixtureTests
{
    // The fixtures README's float32 tolerance; every case meets it (no case needs a looser one).
    private const double Absolute = 1e-6, Relative = 1e-5;

    private static readonly JsonElement[] s_cases = Fixtures.Cases("losses.json").ToArray();

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < s_cases.Length; i++) data.Add(i, s_cases[i].GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureCase_MatchesKeras(int index, string name)
    {
        JsonElement c = s_cases[index];
        Loss loss = Create(c);
        JsonElement inputs = c.GetProperty("inputs"), outputs = c.GetProperty("outputs");
        float[] yTrue = Fixtures.Floats(inputs.GetProperty("y_true"));
        float[] yPred = Fixtures.Floats(inputs.GetProperty("y_pred"));
        int[] shape = Fixtures.Shape(inputs.GetProperty("y_pred"));
        int batch = shape[0], n = shape[1];
        float[] weights = inputs.TryGetProperty("sample_weight", out var w) ? Fixtures.Floats(w) : [];
        Assert.Equal(yTrue.Length, batch * loss.LabelSize(n));

        var perSample = new float[batch];
        loss.PerSample(yTrue, yPred, perSample, batch, n);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("per_sample")), perSample, Absolute, Relative, name + " per_sample");

        // The training loop's reduction, "sum_over_batch_size": Σ w·l / N with N the sample count, not Σw.
        double total = 0;
        for (int i = 0; i < batch; i++) total += (weights.Length == 0 ? 1.0 : weights[i]) * perSample[i];
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("loss")), [(float)(total / batch)], Absolute, Relative, name + " loss");

        var gradient = new float[batch * n];
        loss.Gradient(yTrue, yPred, weights, 1f / batch, gradient, batch, n);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("dloss_dy_pred")), gradient, Absolute, Relative, name + " dloss_dy_pred");
    }

    [Fact]
    public void Fixtures_CoverEveryLoss()
    {
        var covered = s_cases.Select(c => c.GetProperty("loss").GetString()).ToHashSet();
        foreach (string keras in new[] { "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
                     "mean_squared_logarithmic_error", "hinge", "squared_hinge", "categorical_hinge", "binary_crossentropy",
                     "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "poisson",
                     "cosine_similarity", "huber", "log_cosh" })
            Assert.Contains(keras, covered);
    }

    /// <summary>The loss a fixture case names, with its params (from_logits, label_smoothing, delta; axis is always −1).</summary>
    private static Loss Create(JsonElement c)
    {
        string name = c.GetProperty("loss").GetString()!;
        c.TryGetProperty("params", out JsonElement p);
        bool fromLogits = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("from_logits", out var fl) && fl.GetBoolean();
        float smoothing = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("label_smoothing", out var ls) ? ls.GetSingle() : 0f;
        if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("axis", out var axis)) Assert.Equal(-1, axis.GetInt32());
        Loss loss = name switch
        {
            "binary_crossentropy" => new BinaryCrossentropy(fromLogits, smoothing),
            "categorical_crossentropy" => new CategoricalCrossentropy(fromLogits, smoothing),
            "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(fromLogits),
            "huber" => new Huber(p.GetProperty("delta").GetSingle()),
            _ => Loss.FromName(name),
        };
        Assert.Equal(name, loss.Name);
        return loss;
    }
}
