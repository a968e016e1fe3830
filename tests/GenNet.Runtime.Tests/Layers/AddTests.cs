using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>AddKernel against layers.json (two and three inputs) and its argument checks.</summary>
public class AddTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Add");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Add_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        var inputs = c.GetProperty("inputs").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        float[][] xs = inputs.Select(n => LayerCases.Floats(c, "inputs", n)).ToArray();
        float[] dy = LayerCases.Floats(c, "upstream", "dy");
        var y = new float[dy.Length];
        AddKernel.Forward(xs[0], xs[1], y);
        for (int k = 2; k < xs.Length; k++) AddKernel.Accumulate(xs[k], y);
        LayerCases.AssertOutput(c, "y", y);

        var d0 = new float[dy.Length];
        var d1 = new float[dy.Length];
        AddKernel.Backward(dy, d0, d1);
        LayerCases.AssertOutput(c, "dx0", d0);
        LayerCases.AssertOutput(c, "dx1", d1);
        for (int k = 2; k < xs.Length; k++)
        {
            var dk = new float[dy.Length];
            AddKernel.Backward(dy, dk, []);
            LayerCases.AssertOutput(c, "dx" + k, dk);
        }
    }

    [Fact]
    public void Add_BadLengths_ThrowNamingExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => AddKernel.Forward(new float[4], new float[5], new float[4]));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("4", e.Message);
        Assert.Contains("5", e.Message);
        e = Assert.Throws<ArgumentException>(() => AddKernel.Accumulate(new float[4], new float[3]));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => AddKernel.Backward(new float[4], new float[4], new float[2]));
        Assert.Equal("db", e.ParamName);
    }
}
