namespace GenNet.Tests.Layers;

/// <summary>
/// Keras <c>Flatten</c> on channels_last data is the identity on the row-major buffer (index (h·W + w)·C + c), so GenNet
/// emits no kernel for it; this checks that claim against layers.json, forward and backward.
/// </summary>
public class FlattenTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Flatten");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flatten_IsTheIdentityOnRowMajorData(string name)
    {
        var c = LayerCases.Get(name);
        int[] xs = LayerCases.Shape(c, "inputs", "x"), ys = LayerCases.Shape(c, "outputs", "y");
        Assert.Equal(xs.Aggregate(1, (a, b) => a * b), ys.Aggregate(1, (a, b) => a * b));
        Assert.Equal(xs[0], ys[0]);
        LayerCases.AssertOutput(c, "y", LayerCases.Floats(c, "inputs", "x"));
        LayerCases.AssertOutput(c, "dx", LayerCases.Floats(c, "upstream", "dy"));
    }
}
