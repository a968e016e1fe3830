using Xunit;

namespace GenNet.Tests.Initializers;

using Init = GenNet.Initializers;

/// <summary>
/// Statistics on large draws against the formula in KERAS-SEMANTICS.md §4, and seed determinism. With n = 200 000
/// draws the sample variance is within ~0.5% of the truth (3σ), so 2% tolerances are safe yet catch a wrong constant.
/// </summary>
public class InitializerTests
{
    private const int N = 200_000;
    private const double TruncationFactor = 0.87962566103423978;

    private static (double Mean, double Variance, double Min, double Max) Stats(float[] w)
    {
        double mean = w.Average(x => (double)x);
        double variance = w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1);
        return (mean, variance, w.Min(), w.Max());
    }

    private static void AssertMoments(float[] w, double mean, double variance)
    {
        var s = Stats(w);
        double meanTolerance = 5 * Math.Sqrt(variance / w.Length);
        Assert.True(Math.Abs(s.Mean - mean) <= meanTolerance, $"mean {s.Mean} vs {mean} ± {meanTolerance}");
        Assert.True(Math.Abs(s.Variance / variance - 1) <= 0.02, $"variance {s.Variance} vs {variance}");
    }

    private static void AssertUniform(float[] w, double low, double high)
    {
        var s = Stats(w);
        Assert.True(s.Min >= (float)low && s.Max <= (float)high, $"range [{s.Min}, {s.Max}] outside [{low}, {high}]");
        // The draw reaches close to both ends.
        double width = high - low;
        Assert.True(s.Min < low + 0.001 * width && s.Max > high - 0.001 * width, $"range [{s.Min}, {s.Max}] does not fill [{low}, {high}]");
        AssertMoments(w, (low + high) / 2, width * width / 12);
    }

    /// <summary>Truncated at 2σ around the mean; with σ = target/0.8796… the variance is target² (Keras' correction).</summary>
    private static void AssertTruncated(float[] w, double mean, double sigma)
    {
        var s = Stats(w);
        Assert.True(s.Min >= mean - 2 * sigma - 1e-6 && s.Max <= mean + 2 * sigma + 1e-6, $"range [{s.Min}, {s.Max}] beyond 2σ = {2 * sigma}");
        Assert.True(s.Max > mean + 1.99 * sigma && s.Min < mean - 1.99 * sigma, "the draw should reach the truncation bounds");
        double truncatedStddev = sigma * TruncationFactor;
        AssertMoments(w, mean, truncatedStddev * truncatedStddev);
    }

    private static float[] Draw(Action<float[], Rng> fill, ulong seed = 42)
    {
        var w = new float[N];
        fill(w, new Rng(seed));
        return w;
    }

    [Fact]
    public void Constants_FillEveryElement()
    {
        var w = new float[37];
        Init.Ones(w);
        Assert.All(w, x => Assert.Equal(1f, x));
        Init.Zeros(w);
        Assert.All(w, x => Assert.Equal(0f, x));
        Init.Constant(w, -2.5f);
        Assert.All(w, x => Assert.Equal(-2.5f, x));
    }

    [Fact]
    public void RandomUniform_IsUniformOnRange() =>
        AssertUniform(Draw((w, r) => Init.RandomUniform(w, -0.05f, 0.05f, r)), -0.05, 0.05);

    [Fact]
    public void RandomUniform_ShiftedRange() =>
        AssertUniform(Draw((w, r) => Init.RandomUniform(w, 2f, 5f, r)), 2, 5);

    [Fact]
    public void RandomNormal_HasMeanAndStddev()
    {
        float[] w = Draw((w, r) => Init.RandomNormal(w, 1f, 0.5f, r));
        AssertMoments(w, 1, 0.25);
        // Untruncated: about 4.6% of draws lie beyond 2σ.
        double beyond = w.Count(x => Math.Abs(x - 1) > 1.0) / (double)N;
        Assert.InRange(beyond, 0.040, 0.052);
    }

    [Fact]
    public void TruncatedNormal_RedrawsBeyondTwoSigma() =>
        AssertTruncated(Draw((w, r) => Init.TruncatedNormal(w, 1f, 0.5f, r)), 1, 0.5);

    [Fact]
    public void GlorotUniform_LimitIsSqrtSixOverFanSum()
    {
        double limit = Math.Sqrt(6.0 / (300 + 200));
        AssertUniform(Draw((w, r) => Init.GlorotUniform(w, 300, 200, r)), -limit, limit);
    }

    [Fact]
    public void GlorotNormal_VarianceIsTwoOverFanSum() =>
        AssertTruncated(Draw((w, r) => Init.GlorotNormal(w, 300, 200, r)), 0, Math.Sqrt(2.0 / 500) / TruncationFactor);

    [Fact]
    public void HeUniform_LimitIsSqrtSixOverFanIn()
    {
        double limit = Math.Sqrt(6.0 / 300);
        AssertUniform(Draw((w, r) => Init.HeUniform(w, 300, 200, r)), -limit, limit);
    }

    [Fact]
    public void HeNormal_VarianceIsTwoOverFanIn() =>
        AssertTruncated(Draw((w, r) => Init.HeNormal(w, 300, 200, r)), 0, Math.Sqrt(2.0 / 300) / TruncationFactor);

    [Fact]
    public void LecunUniform_LimitIsSqrtThreeOverFanIn()
    {
        double limit = Math.Sqrt(3.0 / 300);
        AssertUniform(Draw((w, r) => Init.LecunUniform(w, 300, 200, r)), -limit, limit);
    }

    [Fact]
    public void LecunNormal_VarianceIsOneOverFanIn() =>
        AssertTruncated(Draw((w, r) => Init.LecunNormal(w, 300, 200, r)), 0, Math.Sqrt(1.0 / 300) / TruncationFactor);

    [Fact]
    public void VarianceScaling_FanOutUntruncated_HasVarianceScaleOverFanOut()
    {
        float[] w = Draw((w, r) => Init.VarianceScaling(w, 3.0, "fan_out", "untruncated_normal", 300, 200, r));
        AssertMoments(w, 0, 3.0 / 200);
        Assert.Contains(w, x => Math.Abs(x) > 2 * Math.Sqrt(3.0 / 200));
    }

    [Fact]
    public void VarianceScaling_FanBelowOne_UsesOne()
    {
        double limit = Math.Sqrt(3.0 * 2.0);
        AssertUniform(Draw((w, r) => Init.VarianceScaling(w, 2.0, "fan_in", "uniform", 0, 5, r)), -limit, limit);
    }

    [Theory]
    [InlineData("fan_sum", "uniform")]
    [InlineData("fan_in", "normal")]
    [InlineData("FAN_IN", "uniform")]
    public void VarianceScaling_UnknownModeOrDistribution_Throws(string mode, string distribution)
    {
        var e = Assert.Throws<ArgumentException>(() => Init.VarianceScaling(new float[4], 1.0, mode, distribution, 2, 2, new Rng(1)));
        Assert.Contains("Received", e.Message);
    }

    [Fact]
    public void VarianceScaling_NonPositiveScale_Throws() =>
        Assert.ThrowsAny<ArgumentException>(() => Init.VarianceScaling(new float[4], 0.0, "fan_in", "uniform", 2, 2, new Rng(1)));

    public static TheoryData<string> RandomInitializers() =>
        new("random_uniform", "random_normal", "truncated_normal", "glorot_uniform", "glorot_normal",
            "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "variance_scaling");

    private static float[] Fill(string name, ulong seed)
    {
        var w = new float[1000];
        var rng = new Rng(seed);
        switch (name)
        {
            case "random_uniform": Init.RandomUniform(w, -0.05f, 0.05f, rng); break;
            case "random_normal": Init.RandomNormal(w, 0f, 0.05f, rng); break;
            case "truncated_normal": Init.TruncatedNormal(w, 0f, 0.05f, rng); break;
            case "glorot_uniform": Init.GlorotUniform(w, 20, 50, rng); break;
            case "glorot_normal": Init.GlorotNormal(w, 20, 50, rng); break;
            case "he_uniform": Init.HeUniform(w, 20, 50, rng); break;
            case "he_normal": Init.HeNormal(w, 20, 50, rng); break;
            case "lecun_uniform": Init.LecunUniform(w, 20, 50, rng); break;
            case "lecun_normal": Init.LecunNormal(w, 20, 50, rng); break;
            case "variance_scaling": Init.VarianceScaling(w, 0.5, "fan_avg", "untruncated_normal", 20, 50, rng); break;
            default: throw new ArgumentException(name, nameof(name));
        }
        return w;
    }

    [Theory]
    [MemberData(nameof(RandomInitializers))]
    public void SameSeed_GivesIdenticalBits(string name)
    {
        int[] first = Fill(name, 7).Select(BitConverter.SingleToInt32Bits).ToArray();
        int[] second = Fill(name, 7).Select(BitConverter.SingleToInt32Bits).ToArray();
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(RandomInitializers))]
    public void DifferentSeed_GivesDifferentValues(string name)
    {
        float[] first = Fill(name, 7), second = Fill(name, 8);
        Assert.True(first.Zip(second).Count(p => p.First != p.Second) > 990);
    }
}
