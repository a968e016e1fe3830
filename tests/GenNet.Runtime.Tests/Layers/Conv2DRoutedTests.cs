using System.Runtime.Intrinsics;
using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>
/// Conv2DDirect's routed backward (an output gradient at most half nonzero, as behind a max-pool and a relu): against the
/// naive loops in double, its kernel gradient against the dense kernel's bit for bit, and the dense path taken when dy is
/// dense. Without AVX-512 (<c>DOTNET_EnableAVX512F=0</c>) the same tests check the dense fallback.
/// </summary>
public class Conv2DRoutedTests
{
    /// <summary>"h w c kh kw filters sh sw dh dw batch": the seed CNN's conv2, strides, dilation, several channel vectors, 12 patch vectors.</summary>
    public static TheoryData<string> Geometries() => new(
        "13 13 16 3 3 32 1 1 1 1 3",
        "12 11 16 3 3 48 2 1 1 2 2",
        "9 10 32 3 2 16 1 2 2 1 2",
        "8 9 16 3 4 16 1 1 1 1 2",
        "6 6 48 2 2 32 1 1 1 1 1");

    private static (Conv2DGeometry G, int Batch, float[] X, float[] Kernel, float[] Dy) Case(string spec, double density)
    {
        int[] v = spec.Split(' ').Select(int.Parse).ToArray();
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], same: false);
        var rng = new Rng((ulong)spec.GetHashCode(StringComparison.Ordinal) + 17);
        int batch = v[10];
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        // A pooled relu's gradient: most cells exact zeros, some of them negative zeros.
        for (int i = 0; i < dy.Length; i++)
            if (rng.NextDouble() >= density) dy[i] = i % 7 == 0 ? -0f : 0f;
        return (g, batch, x, kernel, dy);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void SparseOutputGradient_MatchesNaiveLoops(string spec)
    {
        var (g, batch, x, kernel, dy) = Case(spec, 0.2);
        Assert.True(Conv2DDirect.IsSparse(dy));
        // Room for the routes where the im2col scratch has too little (the dense path runs then).
        var scratch = new float[Math.Max(Conv2DKernel.ScratchSize(g, batch), Conv2DDirect.RouteScratch(g))];
        Assert.True(!Vector512.IsHardwareAccelerated || Conv2DDirect.CanRoute(g, scratch.Length), "the routes should apply here");
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[g.Filters];
        Array.Fill(dx, 9f); Array.Fill(dKernel, 9f); Array.Fill(dBias, 9f);
        Array.Fill(scratch, float.NaN);
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);

        var (_, wantDx, wantDKernel, wantDBias) = Conv2DTests.Naive(x, kernel, new float[g.Filters], dy, batch, g);
        GenNet.Tests.Support.Fixtures.AssertClose(wantDx, dx, 1e-5, 1e-5, "dx");
        GenNet.Tests.Support.Fixtures.AssertClose(wantDKernel, dKernel, 1e-5, 1e-5, "dKernel");
        GenNet.Tests.Support.Fixtures.AssertClose(wantDBias, dBias, 1e-5, 1e-5, "dBias");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void SparseOutputGradient_KernelGradientHasTheDenseKernelsBits(string spec)
    {
        var (g, batch, x, kernel, dy) = Case(spec, 0.25);
        Assert.True(Conv2DDirect.TryGetPath(g, out var path));
        var scratch = new float[Math.Max(Conv2DKernel.ScratchSize(g, batch), Conv2DDirect.RouteScratch(g))];
        float[] routedK = new float[kernel.Length], routedB = new float[g.Filters], denseK = new float[kernel.Length], denseB = new float[g.Filters];
        // Without dx (a first layer) and with it: the kernel gradient does not depend on it.
        Conv2DKernel.Backward(x, kernel, dy, default, routedK, routedB, scratch, batch, g);
        Conv2DDirect.KernelGradient(path, x, dy, denseK, denseB, batch, g);
        Assert.Equal(denseK, routedK);
        Assert.Equal(denseB, routedB);
        var dx = new float[x.Length];
        Conv2DKernel.Backward(x, kernel, dy, dx, routedK, routedB, scratch, batch, g);
        Assert.Equal(denseK, routedK);
    }

    [Fact]
    public void DenseOutputGradient_IsNotSparse()
    {
        var (_, _, _, _, dy) = Case("13 13 16 3 3 32 1 1 1 1 2", 0.6);
        Assert.False(Conv2DDirect.IsSparse(dy));
        Assert.True(Conv2DDirect.IsSparse(new float[40]));
        Assert.False(Conv2DDirect.IsSparse([0f, 1f, float.NaN]));
    }
}
