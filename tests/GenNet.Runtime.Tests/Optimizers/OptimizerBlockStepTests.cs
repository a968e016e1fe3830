using Xunit;

namespace GenNet.Tests.Optimizers;

/// <summary>
/// The step Fit runs block by block beside the gradient reduction (<see cref="Optimizer.ApplyBlock"/>) must be the
/// step <see cref="Optimizer.Apply"/> takes, bit for bit, and must be offered only where it is one.
/// </summary>
public class OptimizerBlockStepTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_clipvalue")]
    [InlineData("sgd_weight_decay")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop_centered_momentum")] // three slots
    [InlineData("adagrad")]
    [InlineData("adadelta")]
    [InlineData("adam")]
    [InlineData("adam_amsgrad")]
    [InlineData("adamw")]
    [InlineData("adamax")]
    public void ApplyBlock_OverAllBlocks_EqualsApplyBitForBit(string variant)
    {
        const int count = 10_003, block = 4096; // odd: blocks end inside a vector, the last block is short
        Optimizer whole = OptimizerVariants.Create(variant), blocks = OptimizerVariants.Create(variant);
        whole.Build(count, []);
        blocks.Build(count, []);
        Assert.True(blocks.AppliesInBlocks);
        float[] p1 = OptimizerVariants.Values(count, 1), p2 = (float[])p1.Clone();
        for (int step = 0; step < 3; step++)
        {
            float[] g1 = OptimizerVariants.Values(count, 10 + step), g2 = (float[])g1.Clone();
            whole.Apply(p1, g1);
            for (int start = 0; start < count; start += block) blocks.ApplyBlock(p2, g2, start, Math.Min(block, count - start));
            blocks.EndBlockStep();
            Assert.True(p1.AsSpan().SequenceEqual(p2), $"{variant}: parameters differ after step {step + 1}");
            Assert.True(g1.AsSpan().SequenceEqual(g2), $"{variant}: gradients (as clipped) differ after step {step + 1}");
            Assert.True(whole.Slots.SequenceEqual(blocks.Slots), $"{variant}: slots differ after step {step + 1}");
        }
        Assert.Equal(whole.Iterations, blocks.Iterations);
    }

    [Theory]
    [InlineData("sgd", true)]
    [InlineData("sgd_momentum", true)]
    [InlineData("sgd_clipvalue", true)]
    [InlineData("sgd_weight_decay", true)]
    [InlineData("sgd_clipnorm", false)]        // a norm over a whole variable
    [InlineData("sgd_global_clipnorm", false)] // a norm over every variable
    [InlineData("adam", true)]
    [InlineData("rmsprop_centered_momentum", true)]
    [InlineData("adagrad", true)]
    [InlineData("nadam", false)]                // its momentum product advances once per step, in Update
    public void AppliesInBlocks_OnlyForElementWiseSteps(string variant, bool expected)
    {
        Optimizer optimizer = OptimizerVariants.Create(variant);
        Assert.False(optimizer.AppliesInBlocks); // not before Build
        optimizer.Build(10, []);
        Assert.Equal(expected, optimizer.AppliesInBlocks);
    }
}
