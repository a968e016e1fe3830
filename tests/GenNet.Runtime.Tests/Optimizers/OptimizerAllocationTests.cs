using Xunit;

namespace GenNet.Tests.Optimizers;

public class OptimizerAllocationTests
{
    [Theory]
    [MemberData(nameof(OptimizerVariants.All), MemberType = typeof(OptimizerVariants))]
    public void Apply_AfterWarmUp_AllocatesNothing(string variant)
    {
        // Odd sizes so both the SIMD pass and its tail run; three variables so per-variable clipping loops.
        const int count = 1003;
        Optimizer optimizer = OptimizerVariants.Create(variant);
        optimizer.Build(count, [(0, 500), (500, 3), (503, 500)]);
        float[] parameters = OptimizerVariants.Values(count, 1);
        float[] gradients = OptimizerVariants.Values(count, 2);
        optimizer.Apply(parameters, gradients);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) optimizer.Apply(parameters, gradients);
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        Assert.Equal(11, optimizer.Iterations);
        Assert.All(parameters, p => Assert.True(float.IsFinite(p)));
    }
}
