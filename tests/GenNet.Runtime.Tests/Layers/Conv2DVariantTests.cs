using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>
/// The variant entry points generated code calls: im2col handles every geometry (and agrees with the direct kernels where
/// both apply), the direct ones refuse a geometry the variant rule gives to im2col.
/// </summary>
public class Conv2DVariantTests
{
    public static TheoryData<string> Geometries() => Conv2DTests.Geometries();

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Im2ColEntryPoints_MatchTheChosenVariant(string spec)
    {
        string[] p = spec.Split(' ');
        int[] v = p.Where((_, i) => i != 10).Select(int.Parse).ToArray();
        int batch = v[10];
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], same: p[10] == "same");
        var rng = new Rng((ulong)spec.Length * 31 + (ulong)v[5]);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, g.Filters), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];

        var (y, dx, dKernel, dBias) = Run(g, batch, x, kernel, bias, dy, scratch, im2col: false);
        var (y2, dx2, dKernel2, dBias2) = Run(g, batch, x, kernel, bias, dy, scratch, im2col: true);
        GenNet.Tests.Support.Fixtures.AssertClose(y.Select(f => (double)f).ToArray(), y2, 1e-5, 1e-5, "y");
        GenNet.Tests.Support.Fixtures.AssertClose(dx.Select(f => (double)f).ToArray(), dx2, 1e-5, 1e-5, "dx");
        GenNet.Tests.Support.Fixtures.AssertClose(dKernel.Select(f => (double)f).ToArray(), dKernel2, 1e-5, 1e-5, "dKernel");
        GenNet.Tests.Support.Fixtures.AssertClose(dBias.Select(f => (double)f).ToArray(), dBias2, 1e-5, 1e-5, "dBias");
    }

    private static (float[] Y, float[] Dx, float[] DKernel, float[] DBias) Run(Conv2DGeometry g, int batch, float[] x, float[] kernel,
        float[] bias, float[] dy, float[] scratch, bool im2col)
    {
        var y = new float[batch * g.OutputSize];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        if (im2col)
        {
            Conv2DKernel.ForwardIm2Col(x, kernel, bias, y, scratch, batch, g);
            Conv2DKernel.BackwardIm2Col(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
        }
        else
        {
            Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
            Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
        }
        return (y, dx, dKernel, dBias);
    }

    [Theory]
    [InlineData(8, 1, 3, 4, true)]   // padded
    [InlineData(8, 4, 1, 16, false)] // 1×1
    [InlineData(8, 1, 3, 6, false)]  // filters not a multiple of 4
    public void DirectEntryPoints_RejectAnIm2ColGeometry(int size, int channels, int kernelSize, int filters, bool same)
    {
        var g = Conv2DGeometry.Create(size, size, channels, kernelSize, kernelSize, filters, 1, 1, 1, 1, same);
        var x = new float[g.InputSize];
        var kernel = new float[g.KernelSize];
        var y = new float[g.OutputSize];
        var scratch = new float[Conv2DKernel.ScratchSize(g, 1)];
        var e = Assert.Throws<ArgumentException>(() => Conv2DKernel.ForwardDirect(x, kernel, default, y, scratch, 1, g));
        Assert.Contains("ForwardIm2Col", e.Message);
        Assert.Throws<ArgumentException>(() => Conv2DKernel.ForwardReluDirect(x, kernel, default, y, scratch, 1, g));
        Assert.Throws<ArgumentException>(() =>
            Conv2DKernel.BackwardDirect(x, kernel, y, default, new float[g.KernelSize], default, scratch, 1, g));
    }
}
