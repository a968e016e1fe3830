using GenNet.Kernels;

namespace GenNet.Tests.Quantization;

/// <summary>
/// <see cref="QuantizedKernels.Quantize"/> gives the scalar formula's bytes (a division, round half to even) on every input,
/// above all next to the rounding ties, where a multiply by the reciprocal alone would round the other way; byte max
/// pooling gives the window maxima of the definition on every geometry.
/// </summary>
public class QuantizedKernelsTests
{
    [Theory]
    [InlineData(1f / 255, 0)]
    [InlineData(0.0123f, 37)]
    [InlineData(3.7e-3f, 200)]
    [InlineData(0.5f, 128)]
    [InlineData(3f, 255)]
    [InlineData(1e-30f, 5)]
    [InlineData(1e-39f, 9)] // subnormal: its reciprocal overflows, so every lane divides
    public void Quantize_NextToEveryTie_EqualsTheScalarFormula(float scale, int zeroPoint)
    {
        float[] x = Inputs(scale);
        var actual = new byte[x.Length];
        QuantizedKernels.Quantize(x, actual, scale, zeroPoint);
        for (int i = 0; i < x.Length; i++)
        {
            var expected = (byte)Math.Clamp(MathF.Round(x[i] / scale) + zeroPoint, 0f, 255f);
            Assert.True(expected == actual[i], $"x = {x[i]:R} (x/scale = {x[i] / scale:R}): expected {expected}, got {actual[i]}.");
        }
    }

    // (m + ½)·scale for every m a byte can reach, each with its 6 float neighbours on either side (quotients a hair either
    // side of the tie), plus random values, values that clamp, zeros, infinities and NaN; a length that leaves tails.
    private static float[] Inputs(float scale)
    {
        var values = new List<float>();
        for (int m = -300; m <= 300; m++)
        {
            float tie = (m + 0.5f) * scale, below = tie, above = tie;
            values.Add(tie);
            for (int k = 0; k < 6; k++)
            {
                below = MathF.BitDecrement(below);
                above = MathF.BitIncrement(above);
                values.Add(below);
                values.Add(above);
            }
        }
        var random = new Random(17);
        for (int i = 0; i < 3001; i++) values.Add((float)(random.NextDouble() * 700 - 350) * scale);
        values.AddRange([0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, 2047.5f * scale, 2048.5f * scale, -5000 * scale]);
        return values.ToArray();
    }

    [Fact]
    public void Quantize_AfterWarmUp_AllocatesNothing()
    {
        var x = Inputs(0.01f);
        var q = new byte[x.Length];
        GenNet.Tests.Support.Allocations.AssertNoneAfterWarmUp(() => QuantizedKernels.Quantize(x, q, 0.01f, 3));
    }

    [Theory]
    [InlineData(26, 26, 16, 2, 2, false)] // the sample CNN's pools: every window inside, whole 16-channel vectors
    [InlineData(11, 11, 32, 2, 2, false)]
    [InlineData(9, 8, 48, 3, 2, false)]
    [InlineData(9, 9, 16, 2, 2, true)] // same padding: clipped windows
    [InlineData(7, 7, 5, 2, 1, false)] // channels not a multiple of 16
    public void MaxPool_EqualsTheWindowMaxima(int height, int width, int channels, int pool, int stride, bool same)
    {
        var g = PoolGeometry.Create(height, width, channels, pool, pool, stride, stride, same);
        const int batch = 3;
        var x = new byte[batch * g.InputSize];
        new Random(height * 31 + channels).NextBytes(x);
        var actual = new byte[batch * g.OutputSize];
        QuantizedKernels.MaxPool(x, actual, batch, g);
        for (int s = 0; s < batch; s++)
            for (int i = 0; i < g.OutHeight; i++)
                for (int j = 0; j < g.OutWidth; j++)
                    for (int c = 0; c < channels; c++)
                    {
                        int max = 0;
                        for (int a = 0; a < pool; a++)
                            for (int b = 0; b < pool; b++)
                            {
                                int h = i * stride - g.PadTop + a, w = j * stride - g.PadLeft + b;
                                if (h >= 0 && h < height && w >= 0 && w < width) max = Math.Max(max, x[s * g.InputSize + (h * width + w) * channels + c]);
                            }
                        Assert.Equal(max, actual[s * g.OutputSize + (i * g.OutWidth + j) * channels + c]);
                    }
    }
}
