using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>GlobalAveragePooling2DKernel against layers.json, central differences and argument checks.</summary>
public class GlobalAveragePooling2DTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("GlobalAveragePooling2D");

    [Theory]
    [MemberData(nameof(Cases))]
    public void GlobalAveragePooling2D_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        int[] s = LayerCases.Shape(c, "inputs", "x");
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");
        var y = new float[s[0] * s[3]];
        GlobalAveragePooling2DKernel.Forward(x, y, s[0], s[1], s[2], s[3]);
        LayerCases.AssertOutput(c, "y", y);
        var dx = new float[x.Length];
        GlobalAveragePooling2DKernel.Backward(dy, dx, s[0], s[1], s[2], s[3]);
        LayerCases.AssertOutput(c, "dx", dx);
    }

    [Fact]
    public void GlobalAveragePooling2D_Gradient_MatchesCentralDifferences()
    {
        const int batch = 2, h = 3, w = 5, ch = 7;
        var rng = new Rng(6);
        float[] x = LayerCases.Random(rng, batch * h * w * ch), dy = LayerCases.Random(rng, batch * ch);
        var dx = new float[x.Length];
        GlobalAveragePooling2DKernel.Backward(dy, dx, batch, h, w, ch);
        var y = new float[batch * ch];
        double Loss()
        {
            GlobalAveragePooling2DKernel.Forward(x, y, batch, h, w, ch);
            return LayerCases.Dot(y, dy);
        }
        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));
        dx[3] += 0.01f;
        Assert.NotNull(LayerCases.CheckGradient(x, dx, Loss, "dx"));
    }

    [Fact]
    public void GlobalAveragePooling2D_BadLengths_ThrowNamingExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => GlobalAveragePooling2DKernel.Forward(new float[60], new float[11], 2, 3, 2, 5));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("10", e.Message);
        Assert.Contains("11", e.Message);
        e = Assert.Throws<ArgumentException>(() => GlobalAveragePooling2DKernel.Backward(new float[10], new float[59], 2, 3, 2, 5));
        Assert.Equal("dx", e.ParamName);
    }
}
