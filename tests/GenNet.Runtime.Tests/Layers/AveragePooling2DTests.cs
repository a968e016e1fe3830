using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>AveragePooling2DKernel against layers.json, central differences, real-cell counting and argument checks.</summary>
public class AveragePooling2DTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("AveragePooling2D");

    [Theory]
    [MemberData(nameof(Cases))]
    public void AveragePooling2D_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        var (g, batch) = PoolingSupport.Geometry(c);
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");
        var y = new float[batch * g.OutputSize];
        AveragePooling2DKernel.Forward(x, y, batch, g);
        LayerCases.AssertOutput(c, "y", y);
        var dx = new float[x.Length];
        Array.Fill(dx, 9f);
        AveragePooling2DKernel.Backward(dy, dx, batch, g);
        LayerCases.AssertOutput(c, "dx", dx);
    }

    public static TheoryData<string> GradientGeometries() => PoolingSupport.GradientGeometries();

    [Theory]
    [MemberData(nameof(GradientGeometries))]
    public void AveragePooling2D_Gradient_MatchesCentralDifferences(string spec)
    {
        PoolGeometry g = PoolingSupport.Parse(spec);
        const int batch = 2;
        var rng = new Rng(4);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var dx = new float[x.Length];
        AveragePooling2DKernel.Backward(dy, dx, batch, g);
        var y = new float[batch * g.OutputSize];
        double Loss()
        {
            AveragePooling2DKernel.Forward(x, y, batch, g);
            return LayerCases.Dot(y, dy);
        }
        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));
        dx[0] += 0.01f; // cell 0 lies in the first window whatever the padding
        Assert.NotNull(LayerCases.CheckGradient(x, dx, Loss, "dx"));
    }

    [Fact]
    public void AveragePooling2D_SamePadding_DividesByRealCells()
    {
        // 3×3 input, pool 2 "same": the bottom-right window holds one real cell, the edges two.
        var g = PoolGeometry.Create(3, 3, 1, 2, 2, same: true);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var y = new float[g.OutputSize];
        AveragePooling2DKernel.Forward(x, y, 1, g);
        Assert.Equal(new[] { 3f, 4.5f, 7.5f, 9f }, y);
    }

    [Fact]
    public void AveragePooling2D_BadLengths_ThrowNamingExpectedAndActual()
    {
        var g = PoolGeometry.Create(4, 4, 2, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => AveragePooling2DKernel.Forward(new float[64], new float[8], 1, g));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("32", e.Message);
        Assert.Contains("64", e.Message);
        e = Assert.Throws<ArgumentException>(() => AveragePooling2DKernel.Backward(new float[7], new float[32], 1, g));
        Assert.Equal("dy", e.ParamName);
    }
}
