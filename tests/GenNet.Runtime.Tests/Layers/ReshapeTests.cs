namespace GenNet.Tests.Layers;

/// <summary>
/// Keras <c>Reshape</c> is the identity on the row-major buffer, so GenNet emits no kernel for it; this checks that
/// claim against layers.json, forward and backward.
/// </summary>
public class ReshapeTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Reshape");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reshape_IsTheIdentityOnRowMajorData(string name)
    {
        var c = LayerCases.Get(name);
        int[] xs = LayerCases.Shape(c, "inputs", "x"), ys = LayerCases.Shape(c, "outputs", "y");
        Assert.Equal(xs.Aggregate(1, (a, b) => a * b), ys.Aggregate(1, (a, b) => a * b));
        LayerCases.AssertOutput(c, "y", LayerCases.Floats(c, "inputs", "x"));
        LayerCases.AssertOutput(c, "dx", LayerCases.Floats(c, "upstream", "dy"));
    }
}
