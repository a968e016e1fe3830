using System.Text.Json;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Activations;

/// <summary>Every case of <c>tests/fixtures/activations.json</c> (Keras 3, float64) against the float32 kernels.</summary>
public class ActivationFixtureTests
{
    public static TheoryData<string> CaseNames =>
        new(Fixtures.Cases("activations.json").Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void FixtureCase_Float32Kernels_MatchKeras(string caseName)
    {
        JsonElement c = Fixtures.Cases("activations.json").Single(c => c.GetProperty("name").GetString() == caseName);
        var parameters = c.GetProperty("params").EnumerateObject()
            .Where(p => p.Name != "axis") // softmax/log_softmax: always the last axis, i.e. rows of the last dimension
            .ToDictionary(p => p.Name, p => p.Value.ValueKind switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => p.Value.GetDouble(),
            });
        JsonElement xTensor = c.GetProperty("inputs").GetProperty("x");
        int rowLength = Fixtures.Shape(xTensor)[^1];
        Activation activation = ActivationCatalog.Create(c.GetProperty("activation").GetString()!, parameters, rowLength);

        float[] x = Fixtures.Floats(xTensor);
        float[] dy = Fixtures.Floats(c.GetProperty("inputs").GetProperty("dy"));
        var y = new float[x.Length];
        var dx = new float[x.Length];
        activation.Forward(x, y);
        activation.Gradient(x, y, dy, dx);

        Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty("y")), y, 1e-6, 1e-5, caseName + " y");
        Fixtures.AssertClose(Fixtures.Data(c.GetProperty("outputs").GetProperty("dx")), dx, 1e-6, 1e-5, caseName + " dx");
    }

    [Fact]
    public void Fixtures_CoverEveryKerasActivationName()
    {
        var names = Fixtures.Cases("activations.json").Select(c => c.GetProperty("activation").GetString()).ToHashSet();
        foreach (var field in typeof(Act).GetFields())
        {
            string name = (string)field.GetValue(null)!;
            if (name != Act.HardSwish) Assert.Contains(name, names); // hard_swish is hard_silu's alias
        }
    }
}
