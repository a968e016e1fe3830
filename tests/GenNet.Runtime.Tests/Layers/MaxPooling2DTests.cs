using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>MaxPooling2DKernel against layers.json, central differences, tie and padding behaviour, and argument checks.</summary>
public class MaxPooling2DTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("MaxPooling2D");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaxPooling2D_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        var (g, batch) = PoolingSupport.Geometry(c);
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");
        var y = new float[batch * g.OutputSize];
        MaxPooling2DKernel.Forward(x, y, batch, g);
        LayerCases.AssertOutput(c, "y", y);
        var dx = new float[x.Length];
        Array.Fill(dx, 9f);
        MaxPooling2DKernel.Backward(x, dy, dx, batch, g);
        LayerCases.AssertOutput(c, "dx", dx);
    }

    public static TheoryData<string> GradientGeometries() => PoolingSupport.GradientGeometries();

    [Theory]
    [MemberData(nameof(GradientGeometries))]
    public void MaxPooling2D_Gradient_MatchesCentralDifferences(string spec)
    {
        PoolGeometry g = PoolingSupport.Parse(spec);
        const int batch = 2;
        var rng = new Rng(3);
        float[] x = PoolingSupport.DistinctValues(rng, batch * g.InputSize), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var dx = new float[x.Length];
        MaxPooling2DKernel.Backward(x, dy, dx, batch, g);
        var y = new float[batch * g.OutputSize];
        double Loss()
        {
            MaxPooling2DKernel.Forward(x, y, batch, g);
            return LayerCases.Dot(y, dy);
        }
        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));

        // The check has teeth: the gradient sent to the wrong cell of a window is caught.
        int winner = Array.FindIndex(dx, v => v != 0);
        dx[winner] += 0.5f;
        Assert.NotNull(LayerCases.CheckGradient(x, dx, Loss, "dx"));
    }

    [Fact]
    public void MaxPooling2D_Ties_RouteToTheFirstMaximumInScanOrder()
    {
        // One 2×2 window, one channel, all equal: PyTorch (and Keras on it) credits the first cell.
        var g = PoolGeometry.Create(2, 2, 1, 2, 2);
        float[] x = [1f, 1f, 1f, 1f];
        var dx = new float[4];
        MaxPooling2DKernel.Backward(x, [5f], dx, 1, g);
        Assert.Equal(new[] { 5f, 0f, 0f, 0f }, dx);
        x = [0f, 2f, 2f, 1f];
        MaxPooling2DKernel.Backward(x, [5f], dx, 1, g);
        Assert.Equal(new[] { 0f, 5f, 0f, 0f }, dx);
    }

    /// <summary>Channel counts that fill whole vectors (plus a remainder), overlapping, padded and disjoint windows, ties and NaN.</summary>
    [Theory]
    [InlineData("6 7 19 2 2 2 2 valid")]
    [InlineData("7 7 32 3 3 2 2 same")]
    [InlineData("5 6 16 3 2 1 1 valid")]
    [InlineData("26 26 16 2 2 2 2 valid")]
    // Disjoint windows (strides ≥ pool size, no padding): cells left out at the edges or between windows must get 0.
    [InlineData("11 11 32 2 2 2 2 valid")]
    [InlineData("9 10 12 2 2 3 3 valid")]
    [InlineData("7 9 20 3 2 3 2 valid")]
    [InlineData("5 5 3 2 2 2 2 valid")]
    [InlineData("5 7 16 2 2 2 2 same")]
    [InlineData("10 12 48 2 2 2 2 valid")]
    [InlineData("9 7 16 2 2 2 2 valid")]
    public void MaxPooling2D_ManyChannels_MatchTheScalarDefinition(string spec)
    {
        PoolGeometry g = PoolingSupport.Parse(spec);
        const int batch = 2;
        var rng = new Rng((ulong)spec.Length);
        // Few distinct values, so windows have ties; a few NaNs, which never win unless first.
        float[] x = LayerCases.Random(rng, batch * g.InputSize).Select(v => MathF.Round(v * 3f)).ToArray();
        for (int i = 0; i < x.Length; i += 37) x[i] = float.NaN;
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        var y = new float[batch * g.OutputSize];
        var dx = new float[x.Length];
        Array.Fill(dx, 7f);
        MaxPooling2DKernel.Forward(x, y, batch, g);
        MaxPooling2DKernel.Backward(x, dy, dx, batch, g);

        var wantY = new float[y.Length];
        var wantDx = new float[x.Length];
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        for (int k = 0; k < c; k++)
        {
            int h0 = Math.Max(i * g.StrideH - g.PadTop, 0), h1 = Math.Min(i * g.StrideH - g.PadTop + g.PoolHeight, g.Height);
            int w0 = Math.Max(j * g.StrideW - g.PadLeft, 0), w1 = Math.Min(j * g.StrideW - g.PadLeft + g.PoolWidth, g.Width);
            int best = ((n * g.Height + h0) * g.Width + w0) * c + k;
            for (int h = h0; h < h1; h++)
            for (int w = w0; w < w1; w++)
            {
                int at = ((n * g.Height + h) * g.Width + w) * c + k;
                if (x[at] > x[best]) best = at;
            }
            int o = ((n * g.OutHeight + i) * g.OutWidth + j) * c + k;
            wantY[o] = x[best];
            wantDx[best] += dy[o];
        }
        Assert.Equal(wantY, y);
        Assert.Equal(wantDx, dx);
    }

    /// <summary>The fused gradient of MaxPooling2D(relu(z)) equals the two passes it replaces.</summary>
    [Theory]
    [InlineData("26 26 16 2 2 2 2 valid")]
    [InlineData("11 11 32 2 2 2 2 valid")]
    [InlineData("9 10 12 2 2 3 3 valid")]
    [InlineData("7 7 19 3 3 2 2 same")]
    [InlineData("5 6 16 3 2 1 1 valid")]
    [InlineData("5 7 3 2 2 2 2 same")]
    public void MaxPooling2D_BackwardRelu_EqualsBackwardThenReluGradient(string spec)
    {
        PoolGeometry g = PoolingSupport.Parse(spec);
        const int batch = 2;
        var rng = new Rng((ulong)spec.Length * 13);
        // Rounded values: ties, exact zeros and whole windows of non-positive z.
        float[] z = LayerCases.Random(rng, batch * g.InputSize).Select(v => MathF.Round(v * 3f) - 0.5f * MathF.Round(v)).ToArray();
        for (int i = 0; i < z.Length; i += 29) z[i] = float.NaN;
        var y = new float[z.Length];
        GenNet.Kernels.Activations.Relu(z, y);
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        var dPool = new float[z.Length];
        var want = new float[z.Length];
        MaxPooling2DKernel.Backward(y, dy, dPool, batch, g);
        GenNet.Kernels.Activations.ReluGradient(z, y, dPool, want);

        var dz = new float[z.Length];
        Array.Fill(dz, 7f);
        MaxPooling2DKernel.BackwardRelu(y, dy, dz, batch, g);
        // Equal values; a zero's sign may differ (ReluGradient writes 0·dy below zero, which is −0 for a negative dy; the
        // fused pass writes +0 there, as it cannot tell z < 0 from z = 0 in relu(z)). Sums over dz start at +0, so every
        // gradient computed from it has the same bits.
        Assert.Equal(want, dz);
        Assert.DoesNotContain(dz, v => BitConverter.SingleToInt32Bits(v) == BitConverter.SingleToInt32Bits(-0f));
        Assert.Contains(want, v => v == 0f);
        Assert.Contains(want, v => v != 0f);
    }

    [Fact]
    public void MaxPooling2D_SamePadding_IgnoresPaddedCells()
    {
        // All-negative input: a zero pad would win if it took part.
        var g = PoolGeometry.Create(3, 3, 1, 2, 2, same: true);
        float[] x = [-1, -2, -3, -4, -5, -6, -7, -8, -9];
        var y = new float[g.OutputSize];
        MaxPooling2DKernel.Forward(x, y, 1, g);
        Assert.Equal(new[] { -1f, -3f, -7f, -9f }, y);
    }

    [Fact]
    public void MaxPooling2D_BadLengths_ThrowNamingExpectedAndActual()
    {
        var g = PoolGeometry.Create(4, 4, 2, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => MaxPooling2DKernel.Forward(new float[31], new float[8], 1, g));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("32", e.Message);
        Assert.Contains("31", e.Message);
        e = Assert.Throws<ArgumentException>(() => MaxPooling2DKernel.Forward(new float[32], new float[9], 1, g));
        Assert.Equal("y", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => MaxPooling2DKernel.Backward(new float[32], new float[8], new float[3], 1, g));
        Assert.Equal("dx", e.ParamName);
        Assert.Throws<ArgumentException>(() => MaxPooling2DKernel.Forward(new float[32], new float[8], 1, g with { OutHeight = 9 }));
    }
}
