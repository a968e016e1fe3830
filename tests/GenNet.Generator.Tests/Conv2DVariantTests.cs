using GenNet.Generator.Layers;
using GenNet.Generator.Tests.Support;

namespace GenNet.Generator.Tests;

/// <summary>
/// The Conv2D kernel variant is chosen at build time from the geometry (the rule the runtime shares), and the generated
/// code names the chosen entry point.
/// </summary>
public class Conv2DVariantTests
{
    private static ConvolutionGeometry Geometry(int size, int channels, int kernel, int filters, int stride = 1, int dilation = 1,
        int pad = 0, int? outSize = null) =>
        new(size, size, channels, kernel, kernel, filters, stride, stride, dilation, dilation, pad, pad,
            outSize ?? (size + 2 * pad - ((kernel - 1) * dilation + 1)) / stride + 1,
            outSize ?? (size + 2 * pad - ((kernel - 1) * dilation + 1)) / stride + 1);

    [Fact]
    public void UnpaddedGeometry_WithFiltersAMultipleOfFour_RunsDirect()
    {
        Assert.Equal(Conv2DVariant.Direct, Conv2DVariants.Choose(Geometry(28, 1, 3, 16)));
        Assert.Equal(Conv2DVariant.Direct, Conv2DVariants.Choose(Geometry(13, 16, 3, 4, stride: 2)));
        Assert.Equal(Conv2DVariant.Direct, Conv2DVariants.Choose(Geometry(12, 3, 3, 8, dilation: 2)));
    }

    [Fact]
    public void Padding_OneByOneKernels_AndOddFilterCounts_RunIm2Col()
    {
        Assert.Equal(Conv2DVariant.Im2Col, Conv2DVariants.Choose(Geometry(8, 1, 3, 4, pad: 1)));
        Assert.Equal(Conv2DVariant.Im2Col, Conv2DVariants.Choose(Geometry(8, 4, 1, 16)));
        Assert.Equal(Conv2DVariant.Im2Col, Conv2DVariants.Choose(Geometry(8, 1, 3, 6)));
        Assert.Equal(Conv2DVariant.Im2Col, Conv2DVariants.Choose(Geometry(5, 1, 2, 2)));
    }

    [Fact]
    public void GeneratedCode_CallsTheChosenEntryPoints()
    {
        string cnn = GeneratorHarness.Generate(Samples.MnistCnn);
        Assert.Contains("Conv2DKernel.ForwardReluDirect(", cnn);
        Assert.Contains("Conv2DKernel.BackwardDirect(", cnn);
        Assert.DoesNotContain("Im2Col(", cnn);

        string shared = GeneratorHarness.Generate(Samples.SharedLayers);
        Assert.Contains("Conv2DKernel.ForwardIm2Col(", shared);
        Assert.Contains("Conv2DKernel.BackwardIm2Col(", shared);
        Assert.DoesNotContain("Direct(", shared);
    }
}
