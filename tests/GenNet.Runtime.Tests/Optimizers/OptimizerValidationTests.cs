using Xunit;

namespace GenNet.Tests.Optimizers;

public class OptimizerValidationTests
{
    [Fact]
    public void Apply_WrongParameterLength_ThrowsNamingExpectedAndActual()
    {
        var adam = new Adam();
        adam.Build(10, []);
        var e = Assert.Throws<ArgumentException>(() => adam.Apply(new float[9], new float[10]));
        Assert.Equal("parameters", e.ParamName);
        Assert.Contains("10", e.Message);
        Assert.Contains("9", e.Message);
    }

    [Fact]
    public void Apply_WrongGradientLength_ThrowsNamingExpectedAndActual()
    {
        var adam = new Adam();
        adam.Build(10, []);
        var e = Assert.Throws<ArgumentException>(() => adam.Apply(new float[10], new float[11]));
        Assert.Equal("gradients", e.ParamName);
        Assert.Contains("10", e.Message);
        Assert.Contains("11", e.Message);
        Assert.Equal(0, adam.Iterations);
    }

    [Fact]
    public void Apply_BeforeBuild_Throws()
    {
        var sgd = new SGD();
        Assert.Throws<InvalidOperationException>(() => sgd.Apply(new float[3], new float[3]));
    }

    [Fact]
    public void Build_DifferentCount_Throws()
    {
        var adam = new Adam();
        adam.Build(10, []);
        var e = Assert.Throws<InvalidOperationException>(() => adam.Build(11, []));
        Assert.Contains("10", e.Message);
        Assert.Contains("11", e.Message);
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void Build_TwoClipOptions_Throws(bool clipNorm, bool globalClipNorm, bool clipValue)
    {
        var sgd = new SGD
        {
            ClipNorm = clipNorm ? 1f : null,
            GlobalClipNorm = globalClipNorm ? 1f : null,
            ClipValue = clipValue ? 1f : null,
        };
        Assert.Throws<InvalidOperationException>(() => sgd.Build(4, []));
        Assert.False(sgd.IsBuilt);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Build_NonPositiveClipLimit_Throws(float limit)
    {
        Assert.Throws<InvalidOperationException>(() => new SGD { ClipValue = limit }.Build(4, []));
        Assert.Throws<InvalidOperationException>(() => new SGD { ClipNorm = limit }.Build(4, []));
    }

    [Fact]
    public void Build_AdamWWithoutWeightDecay_Throws()
    {
        var adamw = new AdamW { WeightDecay = null };
        Assert.Throws<InvalidOperationException>(() => adamw.Build(4, []));
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(4, 2)]
    [InlineData(0, 6)]
    [InlineData(2, -1)]
    public void Build_VariableOutsideBuffer_Throws(int offset, int length)
    {
        var sgd = new SGD();
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Build(5, [(0, 1), (offset, length)]));
    }

    [Fact]
    public void Sgd_MomentumOutsideUnitInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(momentum: 1.5f));
    }
}
