using GenNet.Kernels;

namespace GenNet.Tests.Quantization;

/// <summary>Every int8 product path this machine has gives the scalar path's bits, and the scalar path the definition's.</summary>
public class Int8GemmTests
{
    public static TheoryData<Int8GemmPath> Paths => new(Enum.GetValues<Int8GemmPath>());

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 1, 4, 16 }, { 3, 7, 5 }, { 9, 13, 33 }, { 4, 3, 17 }, { 1, 9, 64 }, { 3, 21, 100 }, { 2, 6, 129 }, { 5, 37, 40 }, { 8, 784, 100 }, { 2, 50, 10 }, { 4, 144, 32 }, { 1, 1600, 128 },
    };

    private static (byte[] X, sbyte[] W) Data(int rows, int k, int n, int seed, int xStride)
    {
        var random = new Random(seed);
        var x = new byte[(rows - 1) * xStride + k];
        random.NextBytes(x);
        // The extremes too: 255 × −127 and 255 × 127 are the largest products.
        if (x.Length > 1) { x[0] = 255; x[^1] = 255; }
        var w = new sbyte[k * n];
        for (int i = 0; i < w.Length; i++) w[i] = (sbyte)random.Next(-127, 128);
        w[0] = -127;
        w[^1] = 127;
        return (x, w);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Scalar_EqualsTheDefinition(int rows, int k, int n)
    {
        int xStride = k + 3;
        var (x, w) = Data(rows, k, n, seed: k * 31 + n, xStride);
        var packed = new sbyte[Int8Gemm.PackedLength(k, n)];
        Int8Gemm.Pack(w, k, n, packed);
        int stride = Int8Gemm.PaddedColumns(n);
        var acc = new int[rows * stride];
        Int8Gemm.Multiply(Int8GemmPath.Scalar, x, xStride, packed, acc, rows, k, n);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < stride; c++)
            {
                long expected = 0;
                if (c < n) for (int p = 0; p < k; p++) expected += x[r * xStride + p] * (long)w[p * n + c];
                Assert.Equal(expected, acc[r * stride + c]);
            }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryAvailablePath_IsBitIdenticalToScalar(Int8GemmPath path)
    {
        if (!Int8Gemm.IsSupported(path))
        {
            Assert.Throws<PlatformNotSupportedException>(() => Int8Gemm.Multiply(path, new byte[4], 4, new sbyte[64], new int[16], 1, 4, 1));
            return;
        }
        foreach (var (rows, k, n) in Sizes.Select(s => ((int)s[0], (int)s[1], (int)s[2])))
        {
            var (x, w) = Data(rows, k, n, seed: 7 * k + n, k);
            var packed = new sbyte[Int8Gemm.PackedLength(k, n)];
            Int8Gemm.Pack(w, k, n, packed);
            var expected = new int[rows * Int8Gemm.PaddedColumns(n)];
            var actual = new int[expected.Length];
            Int8Gemm.Multiply(Int8GemmPath.Scalar, x, k, packed, expected, rows, k, n);
            Int8Gemm.Multiply(path, x, k, packed, actual, rows, k, n);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ThisMachine_HasVnni_AndBestIsIt()
    {
        // The development machine (docs/QUANTIZATION.md) has AVX-VNNI; elsewhere Best is whatever is fastest there.
        if (System.Runtime.Intrinsics.X86.AvxVnni.IsSupported) Assert.Equal(Int8GemmPath.AvxVnni, Int8Gemm.Best);
        Assert.True(Int8Gemm.IsSupported(Int8Gemm.Best));
    }

    [Fact]
    public void Multiply_AfterWarmUp_AllocatesNothing()
    {
        var (x, w) = Data(4, 100, 50, 1, 100);
        var packed = new sbyte[Int8Gemm.PackedLength(100, 50)];
        Int8Gemm.Pack(w, 100, 50, packed);
        var acc = new int[4 * 64];
        var paths = Enum.GetValues<Int8GemmPath>().Where(Int8Gemm.IsSupported).ToArray();
        GenNet.Tests.Support.Allocations.AssertNoneAfterWarmUp(() =>
        {
            foreach (var path in paths) Int8Gemm.Multiply(path, x, 100, packed, acc, 4, 100, 50);
        });
    }

    // Per-channel offsets and multipliers over a wide range: most bytes in range, some clamped at either end, ties possible.
    private static (int[] Offset, float[] Multiplier) Epilogue(int n, int seed)
    {
        var random = new Random(seed);
        var offset = new int[n];
        var multiplier = new float[n];
        for (int c = 0; c < n; c++)
        {
            offset[c] = random.Next(-300_000, 300_000);
            multiplier[c] = (float)(Math.Pow(2, random.Next(-14, -2)) * (0.5 + random.NextDouble()));
        }
        if (n > 1) multiplier[1] = 1f; // integer sums exactly: ties of round half to even never arise, clamps do
        return (offset, multiplier);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void MultiplyRequantize_EqualsMultiplyThenRequantize(Int8GemmPath path)
    {
        if (!Int8Gemm.IsSupported(path)) return;
        foreach (var (rows, k, n) in Sizes.Select(s => ((int)s[0], (int)s[1], (int)s[2])).Append((676, 9, 16)).Append((7, 144, 32)).Append((5, 800, 64)))
            foreach (int slack in new[] { 0, 3 })
                foreach (var (zeroPoint, low) in new[] { (0, 0), (37, 37), (200, 0) })
                {
                    var (x, w) = Data(rows, k, n, seed: 5 * k + n, k);
                    Array.Resize(ref x, x.Length + slack);
                    var packed = new sbyte[Int8Gemm.PackedLength(k, n)];
                    Int8Gemm.Pack(w, k, n, packed);
                    var (offset, multiplier) = Epilogue(n, rows + k + n);
                    var acc = new int[rows * Int8Gemm.PaddedColumns(n)];
                    Int8Gemm.Multiply(Int8GemmPath.Scalar, x, k, packed, acc, rows, k, n);
                    var expected = new byte[rows * n];
                    QuantizedKernels.Requantize(acc, Int8Gemm.PaddedColumns(n), offset, multiplier, zeroPoint, low, expected, rows, n);
                    var actual = new byte[rows * n];
                    Int8Gemm.MultiplyRequantize(path, x, k, packed, rows, k, n, offset, multiplier, zeroPoint, low, actual);
                    Assert.Equal(expected, actual);

                    var expectedFloats = new float[rows * n];
                    QuantizedKernels.Dequantize(acc, Int8Gemm.PaddedColumns(n), offset, multiplier, expectedFloats, rows, n);
                    var actualFloats = new float[rows * n];
                    Int8Gemm.MultiplyDequantize(path, x, k, packed, rows, k, n, offset, multiplier, actualFloats);
                    Assert.Equal(expectedFloats, actualFloats);
                }
    }

    [Fact]
    public void Fused_AfterWarmUp_AllocatesNothing()
    {
        var (x, w) = Data(5, 100, 50, 1, 100);
        var packed = new sbyte[Int8Gemm.PackedLength(100, 50)];
        Int8Gemm.Pack(w, 100, 50, packed);
        var (offset, multiplier) = Epilogue(50, 3);
        var y = new byte[5 * 50];
        var f = new float[5 * 50];
        var paths = Enum.GetValues<Int8GemmPath>().Where(Int8Gemm.IsSupported).ToArray();
        GenNet.Tests.Support.Allocations.AssertNoneAfterWarmUp(() =>
        {
            foreach (var path in paths)
            {
                Int8Gemm.MultiplyRequantize(path, x, 100, packed, 5, 100, 50, offset, multiplier, 9, 9, y);
                Int8Gemm.MultiplyDequantize(path, x, 100, packed, 5, 100, 50, offset, multiplier, f);
            }
        });
    }

    public static TheoryData<int, int, int, int, int, int, int, int> ConvGeometries => new()
    {
        // height, width, channels, kernel h, kernel w, filters, stride, dilation h
        { 28, 28, 1, 3, 3, 16, 1, 1 }, { 13, 13, 16, 3, 3, 32, 1, 1 }, { 9, 9, 2, 2, 2, 5, 2, 1 }, { 8, 7, 3, 3, 2, 40, 1, 2 }, { 5, 5, 5, 1, 1, 7, 1, 1 }, { 6, 3, 2, 3, 3, 20, 1, 1 }, { 40, 37, 1, 3, 3, 16, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(ConvGeometries))]
    public void Convolve_EqualsIm2ColThenTheScalarProduct(int height, int width, int channels, int kh, int kw, int filters, int stride, int dilation)
    {
        var g = Conv2DGeometry.Create(height, width, channels, kh, kw, filters, stride, stride, dilation, 1);
        if (!Int8Gemm.CanConvolveDirect(g)) { Assert.False(Int8Gemm.Best is Int8GemmPath.AvxVnni or Int8GemmPath.Avx512BW); return; }
        var (x, w) = Data(1, g.InputSize + 3, g.PatchSize * filters / (g.InputSize + 3) + 1, seed: height * 7 + channels, g.InputSize + 3);
        w = w.AsSpan(0, g.PatchSize * filters).ToArray();
        var packed = new sbyte[Int8Gemm.PackedLength(g.PatchSize, filters)];
        Int8Gemm.Pack(w, g.PatchSize, filters, packed);
        var runs = new sbyte[Int8Gemm.PackedLength(4 * Int8Gemm.RunQuads(g), filters)];
        Int8Gemm.PackRuns(w, g, runs);
        int pixels = g.OutHeight * g.OutWidth;
        var patches = new byte[pixels * g.PatchSize];
        QuantizedKernels.Im2Col(x, patches, g, 0);
        var (offset, multiplier) = Epilogue(filters, filters + channels);
        var expected = new byte[pixels * filters];
        Int8Gemm.MultiplyRequantize(Int8GemmPath.Scalar, patches, g.PatchSize, packed, pixels, g.PatchSize, filters, offset, multiplier, 11, 11, expected);
        var actual = new byte[pixels * filters];
        Int8Gemm.ConvolveRequantize(x, g, runs, offset, multiplier, 11, 11, actual);
        Assert.Equal(expected, actual);
        var expectedFloats = new float[pixels * filters];
        Int8Gemm.MultiplyDequantize(Int8GemmPath.Scalar, patches, g.PatchSize, packed, pixels, g.PatchSize, filters, offset, multiplier, expectedFloats);
        var actualFloats = new float[pixels * filters];
        Int8Gemm.ConvolveDequantize(x, g, runs, offset, multiplier, actualFloats);
        Assert.Equal(expectedFloats, actualFloats);
    }
}
