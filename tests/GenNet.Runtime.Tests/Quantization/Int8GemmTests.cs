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
}
