using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>ConcatenateKernel against layers.json (last axis and axis 1), the many-input form, and argument checks.</summary>
public class ConcatenateTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Concatenate");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Concatenate_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        int axis = c.GetProperty("config").GetProperty("axis").GetInt32();
        int[] sa = LayerCases.Shape(c, "inputs", "x0"), sb = LayerCases.Shape(c, "inputs", "x1");
        if (axis < 0) axis += sa.Length;
        int outer = sa[..axis].Aggregate(1, (p, d) => p * d);
        int innerA = sa[axis..].Aggregate(1, (p, d) => p * d), innerB = sb[axis..].Aggregate(1, (p, d) => p * d);
        float[] a = LayerCases.Floats(c, "inputs", "x0"), b = LayerCases.Floats(c, "inputs", "x1"), dy = LayerCases.Floats(c, "upstream", "dy");
        var y = new float[a.Length + b.Length];
        ConcatenateKernel.Forward(a, b, y, outer, innerA, innerB);
        LayerCases.AssertOutput(c, "y", y);
        var da = new float[a.Length];
        var db = new float[b.Length];
        ConcatenateKernel.Backward(dy, da, db, outer, innerA, innerB);
        LayerCases.AssertOutput(c, "dx0", da);
        LayerCases.AssertOutput(c, "dx1", db);
    }

    [Fact]
    public void Concatenate_ThreeInputsByParts_InterleavesRows()
    {
        float[] a = [1, 2], b = [3, 4, 5, 6], c = [7, 8];
        var y = new float[8];
        ConcatenateKernel.ForwardPart(a, y, 2, 1, 0, 4);
        ConcatenateKernel.ForwardPart(b, y, 2, 2, 1, 4);
        ConcatenateKernel.ForwardPart(c, y, 2, 1, 3, 4);
        Assert.Equal(new float[] { 1, 3, 4, 7, 2, 5, 6, 8 }, y);
        var db = new float[4];
        ConcatenateKernel.BackwardPart(y, db, 2, 2, 1, 4);
        Assert.Equal(b, db);
    }

    [Fact]
    public void Concatenate_BadLengths_ThrowNamingExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => ConcatenateKernel.Forward(new float[4], new float[6], new float[9], 2, 2, 3));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("10", e.Message);
        Assert.Contains("9", e.Message);
        e = Assert.Throws<ArgumentException>(() => ConcatenateKernel.Forward(new float[5], new float[6], new float[10], 2, 2, 3));
        Assert.Equal("a", e.ParamName);
        Assert.Throws<ArgumentException>(() => ConcatenateKernel.ForwardPart(new float[4], new float[10], 2, 2, 4, 5));
    }
}
