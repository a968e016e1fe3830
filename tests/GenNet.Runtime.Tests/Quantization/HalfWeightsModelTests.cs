using GenNet.Kernels;
using GenNet.Quantization;
using GenNet.Tests.Support;

namespace GenNet.Tests.Quantization;

/// <summary>16-bit weight storage: the weights as stored, a float64 forward pass of those weights, threads, allocations.</summary>
public class HalfWeightsModelTests
{
    public static TheoryData<HalfFormat> Formats => new(Enum.GetValues<HalfFormat>());

    [Theory]
    [MemberData(nameof(Formats))]
    public void StoredWeights_AreTheRoundedFloats(HalfFormat format)
    {
        var model = QuantizedModelTests.Randomized(new QuantConv(2), 12);
        var half = model.ToHalfWeights(format);
        float[] stored = half.KernelOf("conv2d");
        WeightInfo w = model.Info.Weights.Single(x => x.Name == "conv2d.kernel");
        var original = model.Parameters.Slice(w.Offset, w.Length).ToArray();
        for (int i = 0; i < original.Length; i++)
        {
            float expected = format == HalfFormat.Float16 ? (float)(Half)original[i] : BFloat16(original[i]);
            Assert.Equal(expected, stored[i]);
        }
        Assert.Equal(2L * model.Info.Weights.Where(x => x.Name.EndsWith(".kernel")).Sum(x => x.Length), half.WeightBytes);
    }

    // Round to nearest even at bit 16, by the definition (double arithmetic on the exact value).
    private static float BFloat16(float v)
    {
        uint bits = BitConverter.SingleToUInt32Bits(v);
        float down = BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u), up = BitConverter.UInt32BitsToSingle((bits & 0xFFFF0000u) + 0x10000u);
        double dd = Math.Abs((double)v - down), du = Math.Abs((double)up - v);
        if (dd < du) return down;
        if (du < dd) return up;
        return ((bits >> 16) & 1) == 0 ? down : up;
    }

    [Fact]
    public void Float16Widen_IsTheHalfToFloatConversion_ForEveryBitPattern()
    {
        var bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).Append((ushort)0x3C00).ToArray(); // 65537: a scalar tail too
        var widened = new float[bits.Length];
        HalfGemm.Widen(bits, widened, bfloat16: false);
        for (int i = 0; i < bits.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits((float)BitConverter.UInt16BitsToHalf(bits[i])), BitConverter.SingleToUInt32Bits(widened[i]));
    }

    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(5, 9, 16)]
    [InlineData(6, 17, 37)]
    [InlineData(4, 64, 10)]
    [InlineData(9, 30, 100)]
    public void MultiplyWidened_IsTheFusedMultiplyAddChainInOrderOfK_WithAndWithoutSlack(int rows, int k, int n)
    {
        var random = new Random(rows * 100 + k);
        float[] Floats(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] x = Floats(rows * k), w = Floats(k * n + 8), bias = Floats((n + 7) / 8 * 8);
        var expected = new float[rows * n];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < n; c++)
            {
                float acc = bias[c];
                for (int p = 0; p < k; p++) acc = MathF.FusedMultiplyAdd(x[r * k + p], w[p * n + c], acc);
                expected[r * n + c] = acc;
            }
        var slack = new float[rows * n];
        HalfGemm.MultiplyWidened(x, w, bias, slack, rows, k, n);
        Assert.Equal(expected, slack);
        var exact = new float[rows * n];
        HalfGemm.MultiplyWidened(x, w.AsSpan(0, k * n), bias.AsSpan(0, n), exact, rows, k, n);
        Assert.Equal(expected, exact);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 3, 17)]
    [InlineData(2, 9, 130)]
    [InlineData(3, 784, 100)]
    [InlineData(1, 64, 10)]
    [InlineData(1, 31, 16)]
    [InlineData(5, 50, 257)]
    public void MultiplyPackedBFloat16_HasTheBitsOfTheWidenedProduct(int rows, int k, int n)
    {
        var random = new Random(rows * 1000 + k * 10 + n);
        float[] x = Enumerable.Range(0, rows * k).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        ushort[] bits = Enumerable.Range(0, k * n).Select(_ => HalfGemm.ToBFloat16((float)(random.NextDouble() * 0.2 - 0.1))).ToArray();
        float[] bias = new float[(n + 15) / 16 * 16];
        for (int c = 0; c < n; c++) bias[c] = (float)(random.NextDouble() - 0.5);
        var widened = new float[k * n + 8];
        HalfGemm.Widen(bits, widened.AsSpan(0, k * n), bfloat16: true);
        var expected = new float[rows * n];
        HalfGemm.MultiplyWidened(x, widened, bias, expected, rows, k, n);

        var packed = new uint[HalfGemm.PackedLength(k, n)];
        HalfGemm.PackPairs(bits, packed, k, n);
        var unpacked = new float[k * n];
        HalfGemm.WidenPackedBFloat16(packed, unpacked, k, n);
        Assert.Equal(widened.AsSpan(0, k * n).ToArray(), unpacked);
        var y = new float[rows * n];
        HalfGemm.MultiplyPackedBFloat16(x, packed, bias, y, new float[k * n], rows, k, n);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void BFloat16_RoundsHalfToEven()
    {
        Assert.Equal((ushort)0x3F80, HalfGemm.ToBFloat16(1f));
        Assert.Equal((ushort)0x3F80, HalfGemm.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808000))); // tie, even stays
        Assert.Equal((ushort)0x3F82, HalfGemm.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F818000))); // tie, odd rounds up
        Assert.Equal((ushort)0x3F81, HalfGemm.ToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808001)));
        var widened = new float[20];
        var bits = Enumerable.Range(0, 20).Select(i => (ushort)(0x3F80 + i * 3)).ToArray();
        HalfGemm.Widen(bits, widened, bfloat16: true);
        for (int i = 0; i < 20; i++) Assert.Equal(BitConverter.UInt32BitsToSingle((uint)bits[i] << 16), widened[i]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Predict_MatchesAFloat64ForwardPassOfTheStoredWeights(HalfFormat format)
    {
        var model = QuantizedModelTests.Randomized(new QuantConv(2), 12);
        var half = model.ToHalfWeights(format);
        float[] x = QuantizedModelTests.Inputs(13, 162, 3);
        var y = new float[13 * 4];
        half.Predict(x, y);
        var plan = InferencePlan.Read(model, "test");
        for (int s = 0; s < 13; s++)
        {
            double[] v = x.Skip(s * 162).Take(162).Select(f => (double)f).ToArray();
            foreach (PlanLayer p in plan)
            {
                double[]? kernel = p.Kernel is null ? null : half.KernelOf(p.Name).Select(f => (double)f).ToArray();
                v = p.Kind switch
                {
                    PlanKind.Dense => Enumerable.Range(0, p.Outputs).Select(c => p.Bias![c] + Enumerable.Range(0, p.Inputs).Sum(k => v[k] * kernel![k * p.Outputs + c])).ToArray(),
                    PlanKind.Conv2D => Conv(v, kernel!, p),
                    _ => Pool(v, p.Pool),
                };
                if (p.Activation == "relu") v = v.Select(a => Math.Max(a, 0)).ToArray();
            }
            for (int c = 0; c < 4; c++) Assert.True(Math.Abs(v[c] - y[s * 4 + c]) < 1e-5 * (1 + Math.Abs(v[c])), $"sample {s} output {c}: {y[s * 4 + c]} vs {v[c]}");
        }
    }

    private static double[] Conv(double[] x, double[] w, PlanLayer p)
    {
        Conv2DGeometry g = p.Conv;
        var y = new double[g.OutputSize];
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
                for (int f = 0; f < g.Filters; f++)
                {
                    double s = p.Bias![f];
                    for (int a = 0; a < g.KernelHeight; a++)
                        for (int b = 0; b < g.KernelWidth; b++)
                        {
                            int h = i * g.StrideH - g.PadTop + a * g.DilationH, ww = j * g.StrideW - g.PadLeft + b * g.DilationW;
                            if (h < 0 || h >= g.Height || ww < 0 || ww >= g.Width) continue;
                            for (int ch = 0; ch < g.Channels; ch++)
                                s += x[(h * g.Width + ww) * g.Channels + ch] * w[((a * g.KernelWidth + b) * g.Channels + ch) * g.Filters + f];
                        }
                    y[(i * g.OutWidth + j) * g.Filters + f] = s;
                }
        return y;
    }

    private static double[] Pool(double[] x, PoolGeometry g)
    {
        var y = new double[g.OutputSize];
        for (int i = 0; i < g.OutHeight; i++)
            for (int j = 0; j < g.OutWidth; j++)
                for (int ch = 0; ch < g.Channels; ch++)
                {
                    double m = double.NegativeInfinity;
                    for (int a = 0; a < g.PoolHeight; a++)
                        for (int b = 0; b < g.PoolWidth; b++)
                        {
                            int h = i * g.StrideH - g.PadTop + a, w = j * g.StrideW - g.PadLeft + b;
                            if (h >= 0 && h < g.Height && w >= 0 && w < g.Width) m = Math.Max(m, x[(h * g.Width + w) * g.Channels + ch]);
                        }
                    y[(i * g.OutWidth + j) * g.Channels + ch] = m;
                }
        return y;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void OneAndTwoThreads_AreBitIdentical_AndAllocateNothing(HalfFormat format)
    {
        var model = QuantizedModelTests.Randomized(new QuantConv(3), 13);
        var half = model.ToHalfWeights(format);
        float[] x = QuantizedModelTests.Inputs(300, 162, 8);
        var one = new float[300 * 4];
        var two = new float[300 * 4];
        half.Threads = 1;
        half.Predict(x, one);
        half.Threads = 2;
        half.Predict(x, two);
        Assert.Equal(one, two);
        var single = new float[4];
        half.Predict(x.AsSpan(162 * 200, 162), single);
        Assert.Equal(one.AsSpan(4 * 200, 4).ToArray(), single);
        foreach (int threads in new[] { 1, 2 })
        {
            half.Threads = threads;
            Allocations.AssertNoneAfterWarmUp(() =>
            {
                half.Predict(x, two);
                half.Predict(x.AsSpan(0, 162), single);
            });
        }
    }

    [Fact]
    public void UnsupportedLayers_AreNamedInTheError()
    {
        var e = Assert.Throws<NotSupportedException>(() => new QuantTanh(1).ToHalfWeights());
        Assert.Contains("ToHalfWeights: layer 'dense' (Dense)", e.Message);
    }
}
