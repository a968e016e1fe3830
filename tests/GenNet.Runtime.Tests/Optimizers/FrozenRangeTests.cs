namespace GenNet.Tests.Optimizers;

/// <summary>
/// <c>Optimizer.SetFrozen</c> (what a layer's <c>Trainable = false</c> turns into): frozen ranges keep their values and
/// slots, the rest steps as usual; a frozen range inside a coarser variable splits it.
/// </summary>
public class FrozenRangeTests
{
    private static readonly float[] Gradient = [1, -2, 3, -4, 5, -6, 7, -8, 9, -10];

    [Fact]
    public void Sgd_FrozenRangeInsideOneVariable_StaysPut_OthersStepByLearningRateTimesGradient()
    {
        var sgd = new SGD(0.5f);
        sgd.Build(10, []);
        sgd.SetFrozen([(3, 4)]);
        var parameters = new float[10];
        var gradients = (float[])Gradient.Clone();

        sgd.Apply(parameters, gradients);

        // v − lr·g by hand outside [3, 7); 0 inside.
        Assert.Equal([-0.5f, 1f, -1.5f, 0, 0, 0, 0, 4f, -4.5f, 5f], parameters);
    }

    [Fact]
    public void Adam_FrozenVariable_KeepsZeroSlots_AndUnfreezingTrainsItAgain()
    {
        var adam = new Adam(0.1f);
        adam.Build(10, [(0, 4), (4, 6)]);
        adam.SetFrozen([(0, 4)]);
        var parameters = new float[10];

        adam.Apply(parameters, (float[])Gradient.Clone());

        Assert.All(parameters[..4], p => Assert.Equal(0f, p));
        // First Adam step: m = 0.1·g, s = 0.001·g², α = lr·√(1 − 0.999)/(1 − 0.9): the step is α·m/(√s + ε) ≈ lr·sign(g).
        for (int i = 4; i < 10; i++) Assert.Equal(-0.1 * Math.Sign(Gradient[i]), parameters[i], 1e-5);
        for (int k = 0; k < 2; k++) Assert.All(adam.Slots.Slice(k * 10, 4).ToArray(), s => Assert.Equal(0f, s));

        adam.SetFrozen([]);
        adam.Apply(parameters, (float[])Gradient.Clone());
        Assert.All(parameters[..4], p => Assert.NotEqual(0f, p));
    }
}
