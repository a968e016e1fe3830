using Xunit;

namespace GenNet.Tests.Optimizers;

/// <summary>
/// The element-wise rules store their slots flushed to zero below the smallest normal float (UpdateLoop): a moment whose
/// gradient stays zero decays to exactly 0 instead of lingering as a subnormal (which costs a microcode assist per
/// multiply), and the parameters stay within float rounding of a float64 run of the same rule that keeps its tiny moments.
/// </summary>
public class OptimizerSubnormalTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("adam_amsgrad")]
    [InlineData("adamax")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop_centered_momentum")]
    [InlineData("sgd_momentum")]
    public void DecayingSlots_NeverStoreSubnormals(string variant)
    {
        const int count = 37; // a vector body and a tail
        Optimizer optimizer = OptimizerVariants.Create(variant);
        optimizer.Build(count, []);
        float[] p = OptimizerVariants.Values(count, 1);
        optimizer.Apply(p, OptimizerVariants.Values(count, 2));
        var zero = new float[count];
        // Adam's m decays by 0.9 a step: from ≈ 0.1 it is below 2⁻¹²⁶ after ≈ 830 steps and would be subnormal for ≈ 150.
        for (int step = 0; step < 1200; step++)
        {
            optimizer.Apply(p, zero);
            foreach (float s in optimizer.Slots) Assert.False(float.IsSubnormal(s), $"{variant}: subnormal slot {s:R} after step {step + 2}");
        }
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Adam_FlushedMoment_LeavesParametersAsUnflushedFloat64()
    {
        // One real gradient, then zeros: the float64 run keeps its tiny moments; rounded to float the parameters match.
        const double lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        var adam = new Adam();
        adam.Build(1, []);
        float[] p = [0.25f];
        double v = 0.25, m = 0, s = 0;
        for (int t = 1; t <= 1100; t++)
        {
            float g = t == 1 ? 0.3f : 0f;
            adam.Apply(p, [g]);
            m += (g - m) * (1 - (double)(float)b1);
            s += (g * (double)g - s) * (1 - (double)(float)b2);
            double alpha = lr * Math.Sqrt(1 - Math.Pow((float)b2, t)) / (1 - Math.Pow((float)b1, t));
            v -= alpha * m / (Math.Sqrt(s) + (float)eps);
            Assert.Equal(v, p[0], 1e-6); // float rounding over 1,100 steps: a few ulps of 0.24
        }
        Assert.Equal(0f, adam.Slots[0]); // m: flushed (the float64 m is ≈ 1e-51 here)
    }
}
