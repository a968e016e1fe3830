using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>DropoutKernel against layers.json (given keep mask), the keep rate and determinism of its draws, and argument checks.</summary>
public class DropoutTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Dropout");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dropout_MatchesKeras(string name)
    {
        var c = LayerCases.Get(name);
        var config = c.GetProperty("config");
        float rate = (float)config.GetProperty("rate").GetDouble();
        float[] x = LayerCases.Floats(c, "inputs", "x"), dy = LayerCases.Floats(c, "upstream", "dy");
        if (!config.GetProperty("training").GetBoolean())
        {
            // Inference: the identity, which the generated code emits as nothing (or a copy).
            LayerCases.AssertOutput(c, "y", x);
            LayerCases.AssertOutput(c, "dx", dy);
            return;
        }
        // The fixture's keep mask (0/1) in the kernel's form: the factor 0 or 1/(1 − rate).
        float[] keep = LayerCases.Floats(c, "outputs", "keep_mask");
        float[] mask = Array.ConvertAll(keep, k => k * (1f / (1f - rate)));
        var y = new float[x.Length];
        DropoutKernel.Forward(x, mask, y);
        LayerCases.AssertOutput(c, "y", y);
        var dx = new float[x.Length];
        DropoutKernel.Backward(dy, mask, dx);
        LayerCases.AssertOutput(c, "dx", dx);
    }

    [Theory]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void Dropout_LargeTensor_KeepsAboutOneMinusRate(float rate)
    {
        const int n = 1 << 20;
        var x = new float[n];
        Array.Fill(x, 1f);
        var y = new float[n];
        var mask = new float[n];
        DropoutKernel.Forward(x, y, mask, rate, new Rng(42));
        int kept = mask.Count(m => m != 0);
        // Binomial standard deviation √(n·p·(1−p)) ≤ 512; allow 6 of them.
        Assert.InRange(kept, n * (1 - rate) - 3072, n * (1 - rate) + 3072);
        float scale = 1f / (1f - rate);
        Assert.All(mask, m => Assert.True(m == 0f || m == scale));
        Assert.Equal(mask, y);
        // Inverted dropout keeps the expected sum: mean of y ≈ 1.
        Assert.InRange(y.Average(v => (double)v), 0.98, 1.02);
    }

    [Fact]
    public void Dropout_SameSeed_SameMask_OtherSeed_OtherMask()
    {
        var x = new float[1000];
        Array.Fill(x, 2f);
        float[] M(ulong seed)
        {
            var mask = new float[x.Length];
            DropoutKernel.Forward(x, new float[x.Length], mask, 0.3f, new Rng(seed));
            return mask;
        }
        Assert.Equal(M(7), M(7));
        Assert.NotEqual(M(7), M(8));
    }

    [Fact]
    public void Dropout_RateZero_IsTheIdentity()
    {
        var rng = new Rng(1);
        float[] x = LayerCases.Random(rng, 100);
        var y = new float[x.Length];
        var mask = new float[x.Length];
        DropoutKernel.Forward(x, y, mask, 0f, rng);
        Assert.Equal(x, y);
        var dx = new float[x.Length];
        DropoutKernel.Backward(x, mask, dx);
        Assert.Equal(x, dx);
    }

    [Fact]
    public void Dropout_BadArguments_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => DropoutKernel.Forward(new float[4], new float[4], new float[3], 0.5f, new Rng(1)));
        Assert.Equal("mask", e.ParamName);
        Assert.Contains("4", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutKernel.Forward(new float[4], new float[4], new float[4], 1f, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutKernel.Forward(new float[4], new float[4], new float[4], float.NaN, new Rng(1)));
        e = Assert.Throws<ArgumentException>(() => DropoutKernel.Backward(new float[4], new float[4], new float[5]));
        Assert.Equal("dx", e.ParamName);
    }
}
