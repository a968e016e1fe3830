using GenNet.Kernels;

namespace GenNet.Tests.Quantization;

/// <summary>
/// The fused convolution + max pooling (<see cref="Int8Gemm.ConvolvePoolRequantize(Int8GemmPath, ReadOnlySpan{byte}, ConvPoolLayout, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, ReadOnlySpan{float}, int, int, Span{byte})"/>)
/// on every tile path this machine has, against the unfused definition: im2col, the scalar product and requantization,
/// then max pooling of the bytes.
/// </summary>
public class Int8ConvPoolTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Geometries => new()
    {
        // height, width, channels, kernel, filters, conv stride, pool h, pool w, pool stride
        { 28, 28, 1, 3, 16, 1, 2, 2, 2 },  // the sample CNN's first convolution
        { 13, 13, 16, 3, 32, 1, 2, 2, 2 }, // its second: the 11×11 output's last row and column are not pooled
        { 14, 13, 3, 3, 20, 1, 3, 3, 2 },  // overlapping windows, a partial 16-column block
        { 9, 10, 2, 2, 40, 2, 2, 3, 1 },   // a strided convolution, 2×3 windows of stride 1, 2.5 column blocks
        { 4, 3, 3, 3, 70, 1, 2, 1, 2 },    // one window of 2 rows: the lone-row tiles, 70 filters
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void ConvolvePoolRequantize_EqualsConvolutionThenMaxPool_OnEveryTilePath(int height, int width, int channels, int kernel, int filters, int stride, int ph, int pw, int poolStride)
    {
        var g = Conv2DGeometry.Create(height, width, channels, kernel, kernel, filters, stride, stride);
        var pool = PoolGeometry.Create(g.OutHeight, g.OutWidth, filters, ph, pw, poolStride, poolStride);
        if (!ConvPoolLayout.Supports(g, pool)) { Assert.False(Int8Gemm.Best is Int8GemmPath.AvxVnni or Int8GemmPath.Avx512BW); return; }
        var layout = new ConvPoolLayout(g, pool);
        var random = new Random(height * 31 + filters);
        var x = new byte[g.InputSize + 3];
        random.NextBytes(x);
        x[0] = 255;
        var w = new sbyte[g.PatchSize * filters];
        for (int i = 0; i < w.Length; i++) w[i] = (sbyte)random.Next(-127, 128);
        var packed = new sbyte[Int8Gemm.PackedLength(g.PatchSize, filters)];
        Int8Gemm.Pack(w, g.PatchSize, filters, packed);
        var runs = new sbyte[Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(g), filters)];
        Int8Gemm.PackRuns(w, g, runs);
        var offset = new int[filters];
        var multiplier = new float[filters];
        for (int c = 0; c < filters; c++)
        {
            offset[c] = random.Next(-200_000, 200_000);
            multiplier[c] = (float)(Math.Pow(2, random.Next(-14, -8)) * (0.5 + random.NextDouble()));
        }
        int pixels = g.OutHeight * g.OutWidth;
        var patches = new byte[pixels * g.PatchSize];
        QuantizedKernels.Im2Col(x, patches, g, 0);
        foreach (var (zeroPoint, low) in new[] { (0, 0), (37, 37), (200, 0) })
        {
            var convolved = new byte[pixels * filters];
            Int8Gemm.MultiplyRequantize(Int8GemmPath.Scalar, patches, g.PatchSize, packed, pixels, g.PatchSize, filters, offset, multiplier, zeroPoint, low, convolved);
            var expected = new byte[pool.OutputSize];
            QuantizedKernels.MaxPool(convolved, expected, 1, pool);
            // Neither all-clamped nor constant: the pooling has something to choose.
            Assert.True(expected.Distinct().Count() > 10, $"only {expected.Distinct().Count()} distinct bytes");
            foreach (var path in new[] { Int8GemmPath.AvxVnni, Int8GemmPath.Avx512BW }.Where(Int8Gemm.IsSupported))
            {
                var actual = new byte[pool.OutputSize + 5];
                Int8Gemm.ConvolvePoolRequantize(path, x, layout, runs, offset, multiplier, zeroPoint, low, actual);
                Assert.Equal(expected, actual.AsSpan(0, pool.OutputSize).ToArray());
                Assert.All(actual.AsSpan(pool.OutputSize).ToArray(), b => Assert.Equal(0, b)); // nothing written past the output
            }
        }
    }

    [Fact]
    public void ConvolvePoolRequantize_AfterWarmUp_AllocatesNothing()
    {
        var g = Conv2DGeometry.Create(13, 13, 16, 3, 3, 32);
        var layout = new ConvPoolLayout(g, PoolGeometry.Create(11, 11, 32, 2, 2));
        var x = new byte[g.InputSize + 3];
        var runs = new sbyte[Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(g), 32)];
        var offset = new int[32];
        var multiplier = Enumerable.Repeat(0.01f, 32).ToArray();
        var y = new byte[layout.OutputSize];
        GenNet.Tests.Support.Allocations.AssertNoneAfterWarmUp(() => Int8Gemm.ConvolvePoolRequantize(x, layout, runs, offset, multiplier, 3, 3, y));
    }

    [Fact]
    public void UnfusablePairs_AreRejectedWithTheReason()
    {
        var g = Conv2DGeometry.Create(13, 13, 16, 3, 3, 32);
        var wrongInput = Assert.Throws<ArgumentException>(() => new ConvPoolLayout(g, PoolGeometry.Create(12, 11, 32, 2, 2)));
        Assert.Contains("the pooling reads 12×11×32, the convolution writes 11×11×32", wrongInput.Message);
        var padded = Assert.Throws<ArgumentException>(() => new ConvPoolLayout(g, PoolGeometry.Create(11, 11, 32, 2, 2, same: true)));
        Assert.Contains("reaches past", padded.Message);
        Assert.False(ConvPoolLayout.Supports(Conv2DGeometry.Create(13, 13, 16, 3, 3, 32, same: true), PoolGeometry.Create(13, 13, 32, 2, 2)));
        var layout = new ConvPoolLayout(g, PoolGeometry.Create(11, 11, 32, 2, 2));
        var scalar = Assert.Throws<ArgumentException>(() => Int8Gemm.ConvolvePoolRequantize(Int8GemmPath.Scalar, new byte[g.InputSize + 3], layout,
            new sbyte[Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(g), 32)], new int[32], new float[32], 0, 0, new byte[layout.OutputSize]));
        Assert.Contains("Expected the AvxVnni or Avx512BW path", scalar.Message);
        var shortOutput = Assert.Throws<ArgumentException>(() => Int8Gemm.ConvolvePoolRequantize(new byte[g.InputSize + 3], layout,
            new sbyte[Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(g), 32)], new int[32], new float[32], 0, 0, new byte[layout.OutputSize - 1]));
        Assert.Contains($"Expected {layout.OutputSize} pooled output bytes", shortOutput.Message);
    }
}
