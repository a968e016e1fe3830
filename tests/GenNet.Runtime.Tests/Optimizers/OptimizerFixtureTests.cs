using System.Text.Json;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Optimizers;

/// <summary>Every case of <c>optimizers.json</c>: five Keras steps, every parameter after every step.</summary>
public class OptimizerFixtureTests
{
    // float32 state and float32 arithmetic; Keras itself in float32 stays within 4e-7 relative on these cases.
    private const double Absolute = 1e-6, Relative = 1e-5;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Fixtures.Cases("optimizers.json")) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Optimizer_FiveSteps_MatchesKeras(string caseName)
    {
        JsonElement c = Fixtures.Cases("optimizers.json").Single(e => e.GetProperty("name").GetString() == caseName);
        Optimizer optimizer = OptimizerConfig.Create(c.GetProperty("optimizer").GetString()!, c.GetProperty("config"));

        // One flat buffer, variables back to back as a generated model lays them out.
        float[][] initial = c.GetProperty("params0").EnumerateArray().Select(Fixtures.Floats).ToArray();
        var variables = new (int Offset, int Length)[initial.Length];
        int count = 0;
        for (int i = 0; i < initial.Length; i++)
        {
            variables[i] = (count, initial[i].Length);
            count += initial[i].Length;
        }
        float[] parameters = initial.SelectMany(x => x).ToArray();
        optimizer.Build(count, variables);

        JsonElement[] grads = c.GetProperty("grads").EnumerateArray().ToArray();
        JsonElement[] after = c.GetProperty("params_after_step").EnumerateArray().ToArray();
        Assert.Equal(5, grads.Length);
        for (int step = 0; step < grads.Length; step++)
        {
            float[] gradients = grads[step].EnumerateArray().SelectMany(Fixtures.Floats).ToArray();
            optimizer.Apply(parameters, gradients);
            Assert.Equal(step + 1, optimizer.Iterations);

            double[] want = after[step].EnumerateArray().SelectMany(Fixtures.Data).ToArray();
            Fixtures.AssertClose(want, parameters, Absolute, Relative, $"{caseName} after step {step + 1}");
        }
    }
}

/// <summary>Maps a Keras optimizer config (snake_case keys) to GenNet's constructors; an unknown key fails.</summary>
internal static class OptimizerConfig
{
    public static Optimizer Create(string kerasClass, JsonElement config)
    {
        var values = config.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var used = new HashSet<string>();

        float Float(string key)
        {
            used.Add(key);
            Assert.True(values.ContainsKey(key), $"{kerasClass} config lacks '{key}'");
            return (float)values[key].GetDouble();
        }
        bool Bool(string key)
        {
            used.Add(key);
            Assert.True(values.ContainsKey(key), $"{kerasClass} config lacks '{key}'");
            return values[key].GetBoolean();
        }
        float? Optional(string key)
        {
            used.Add(key);
            return values.TryGetValue(key, out JsonElement v) && v.ValueKind != JsonValueKind.Null ? (float)v.GetDouble() : null;
        }

        float? clipNorm = Optional("clipnorm"), globalClipNorm = Optional("global_clipnorm"), clipValue = Optional("clipvalue");
        Optimizer optimizer = kerasClass switch
        {
            "SGD" => new SGD(Float("learning_rate"), Float("momentum"), Bool("nesterov"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            "RMSprop" => new RMSprop(Float("learning_rate"), Float("rho"), Float("momentum"), Float("epsilon"), Bool("centered"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            "Adagrad" => new Adagrad(Float("learning_rate"), Float("initial_accumulator_value"), Float("epsilon"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            "Adadelta" => new Adadelta(Float("learning_rate"), Float("rho"), Float("epsilon"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            "Adam" => new Adam(Float("learning_rate"), Float("beta_1"), Float("beta_2"), Float("epsilon"), Bool("amsgrad"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            // AdamW takes weight_decay as a constructor argument (required there).
            "AdamW" => new AdamW(Float("learning_rate"), Float("weight_decay"), Float("beta_1"), Float("beta_2"), Float("epsilon"), Bool("amsgrad"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue },
            "Adamax" => new Adamax(Float("learning_rate"), Float("beta_1"), Float("beta_2"), Float("epsilon"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            "Nadam" => new Nadam(Float("learning_rate"), Float("beta_1"), Float("beta_2"), Float("epsilon"))
            { ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm, ClipValue = clipValue, WeightDecay = Optional("weight_decay") },
            _ => throw new Xunit.Sdk.XunitException($"No GenNet optimizer for Keras class '{kerasClass}'."),
        };

        string[] unknown = values.Keys.Where(k => !used.Contains(k)).ToArray();
        Assert.True(unknown.Length == 0, $"{kerasClass} config has keys the test does not map: {string.Join(", ", unknown)}");
        Assert.Equal(kerasClass.ToLowerInvariant(), optimizer.Name);
        return optimizer;
    }
}
