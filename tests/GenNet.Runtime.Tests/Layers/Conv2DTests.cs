using System.Text.Json;
using GenNet.Kernels;

namespace GenNet.Tests.Layers;

/// <summary>
/// Conv2DKernel against the float64 ground truth in layers.json, against a naive loop in double on random geometries
/// (forward and both gradients), against central differences, and at its argument checks.
/// </summary>
public class Conv2DTests
{
    public static TheoryData<string> Cases() => LayerCases.Names("Conv2D");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_MatchesKeras(string name)
    {
        JsonElement c = LayerCases.Get(name);
        JsonElement config = c.GetProperty("config");
        int[] xShape = LayerCases.Shape(c, "inputs", "x");
        int[] k = Ints(config.GetProperty("kernel_size")), s = Ints(config.GetProperty("strides")), d = Ints(config.GetProperty("dilation_rate"));
        bool useBias = config.GetProperty("use_bias").GetBoolean();
        var g = Conv2DGeometry.Create(xShape[1], xShape[2], xShape[3], k[0], k[1], config.GetProperty("filters").GetInt32(),
            s[0], s[1], d[0], d[1], same: config.GetProperty("padding").GetString() == "same");
        int batch = xShape[0];
        Assert.Equal(new[] { batch, g.OutHeight, g.OutWidth, g.Filters }, LayerCases.Shape(c, "outputs", "y"));

        float[] x = LayerCases.Floats(c, "inputs", "x"), kernel = LayerCases.Floats(c, "params", "kernel");
        float[] bias = useBias ? LayerCases.Floats(c, "params", "bias") : [];
        float[] dy = LayerCases.Floats(c, "upstream", "dy");
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var y = new float[batch * g.OutputSize];
        Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
        LayerCases.AssertOutput(c, "y", y);

        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);
        LayerCases.AssertOutput(c, "dx", dx);
        LayerCases.AssertOutput(c, "dkernel", dKernel);
        if (useBias) LayerCases.AssertOutput(c, "dbias", dBias);
    }

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>Random geometries covering padding, strides, dilation, 1×1, odd channel/filter counts (tile remainders) and batch &gt; 1.</summary>
    public static TheoryData<string> Geometries() => new(
        // "h w c kh kw filters sh sw dh dw padding batch"
        "7 8 3 3 3 5 1 1 1 1 valid 2",
        "7 8 3 3 3 5 1 1 1 1 same 3",
        "9 7 2 3 2 19 2 1 1 1 same 2",
        "10 9 4 3 3 16 2 3 1 1 valid 2",
        "10 11 3 3 3 33 1 1 2 2 same 2",
        "10 11 2 2 3 7 1 1 3 2 valid 1",
        "6 5 5 1 1 8 1 1 1 1 valid 3",
        "6 5 5 1 1 9 2 2 1 1 same 2",
        "5 5 1 5 5 4 1 1 1 1 same 2",
        "4 13 6 4 4 24 3 3 1 1 same 2",
        "28 28 1 3 3 16 1 1 1 1 valid 2",
        // Direct kernels (Conv2DDirect): unpadded, filters a multiple of a vector width; channels too for the direct dx.
        "13 13 16 3 3 32 1 1 1 1 valid 2",
        "9 10 8 2 3 24 1 2 2 1 valid 3",
        "12 11 16 3 3 48 2 1 1 2 valid 2",
        "7 9 3 3 2 16 1 1 1 1 valid 2",
        "5 12 4 2 2 4 1 3 1 1 valid 1",
        // The gathered input gradient (3-wide kernels, stride 1): row widths of whole tiles, tails of 1–7 cells, several
        // channel vectors, kernel heights 1–5.
        "12 19 16 2 3 16 1 1 1 1 valid 2",
        "9 10 32 3 3 8 1 1 1 1 valid 1",
        "8 6 8 2 3 8 1 1 1 1 valid 3",
        "10 9 4 5 3 8 1 1 1 1 valid 2",
        "6 17 16 1 3 16 1 1 1 1 valid 2",
        // Kernel gradients of small patches (up to 12 taps) in one group, the bias summed alongside.
        "9 8 2 2 3 16 1 1 1 1 valid 2",
        "8 9 1 1 5 16 1 2 1 1 valid 2",
        "10 10 1 3 3 8 2 2 1 1 valid 3",
        // Forward row tiles (3-wide, stride 1) for the last single vector of filters after a pair, widths with tails.
        "7 12 3 3 3 48 1 1 1 1 valid 2",
        "5 4 2 2 3 16 1 1 1 1 valid 2",
        // One filter over at least a vector of channels (a dot per pixel): the autoencoder's last layer, strides, a channel
        // count with a scalar tail, column dilation (one dot per tap), and a window wider than the input.
        "28 28 32 3 3 1 1 1 1 1 same 2",
        "9 7 24 3 3 1 2 1 1 1 same 2",
        "6 7 20 3 3 1 1 1 1 1 same 3",
        "10 11 16 3 3 1 1 1 1 2 same 2",
        "3 2 8 5 5 1 1 1 1 1 same 1");

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2D_RandomGeometry_MatchesNaiveLoops(string spec)
    {
        string[] p = spec.Split(' ');
        int[] v = p.Where((_, i) => i != 10).Select(int.Parse).ToArray();
        int batch = v[10], filters = v[5];
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], filters, v[6], v[7], v[8], v[9], same: p[10] == "same");
        var rng = new Rng((ulong)spec.Length * 7919 + (ulong)(v[0] * 1000 + v[1] * 100 + filters));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, filters), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var y = new float[batch * g.OutputSize];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[filters];
        // Poisoned outputs: the kernels must overwrite, never accumulate.
        Array.Fill(y, 9f); Array.Fill(dx, 9f); Array.Fill(dKernel, 9f); Array.Fill(dBias, 9f);
        Array.Fill(scratch, float.NaN);
        Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);

        var (wantY, wantDx, wantDKernel, wantDBias) = Naive(x, kernel, bias, dy, batch, g);
        GenNet.Tests.Support.Fixtures.AssertClose(wantY, y, 1e-5, 1e-5, "y");
        GenNet.Tests.Support.Fixtures.AssertClose(wantDx, dx, 1e-5, 1e-5, "dx");
        GenNet.Tests.Support.Fixtures.AssertClose(wantDKernel, dKernel, 1e-5, 1e-5, "dKernel");
        GenNet.Tests.Support.Fixtures.AssertClose(wantDBias, dBias, 1e-5, 1e-5, "dBias");
    }

    /// <summary>The fused relu forward equals Forward then Activations.Relu bit for bit, on the direct and the im2col paths.</summary>
    [Theory]
    [MemberData(nameof(Geometries))]
    public void Conv2D_ForwardRelu_EqualsForwardThenRelu(string spec)
    {
        string[] p = spec.Split(' ');
        int[] v = p.Where((_, i) => i != 10).Select(int.Parse).ToArray();
        int batch = v[10];
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], same: p[10] == "same");
        var rng = new Rng((ulong)spec.Length * 101 + (ulong)v[5]);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, g.Filters);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var z = new float[batch * g.OutputSize];
        var want = new float[z.Length];
        Conv2DKernel.Forward(x, kernel, bias, z, scratch, batch, g);
        GenNet.Kernels.Activations.Relu(z, want);

        var y = new float[z.Length];
        Array.Fill(y, 9f);
        Conv2DKernel.ForwardRelu(x, kernel, bias, y, scratch, batch, g);
        Assert.Equal(want.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(z, f => f < 0f);
    }

    /// <summary>The definition, loop by loop in double: forward, and the adjoint sums for dx, dkernel and dbias.</summary>
    internal static (double[] Y, double[] Dx, double[] DKernel, double[] DBias) Naive(float[] x, float[] kernel, float[] bias, float[] dy, int batch, Conv2DGeometry g)
    {
        var y = new double[batch * g.OutputSize];
        var dx = new double[x.Length];
        var dk = new double[kernel.Length];
        var db = new double[g.Filters];
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        for (int f = 0; f < g.Filters; f++)
        {
            int yi = ((n * g.OutHeight + i) * g.OutWidth + j) * g.Filters + f;
            double sum = bias[f];
            db[f] += dy[yi];
            for (int a = 0; a < g.KernelHeight; a++)
            for (int b = 0; b < g.KernelWidth; b++)
            for (int ch = 0; ch < g.Channels; ch++)
            {
                int hh = i * g.StrideH - g.PadTop + a * g.DilationH, ww = j * g.StrideW - g.PadLeft + b * g.DilationW;
                if (hh < 0 || hh >= g.Height || ww < 0 || ww >= g.Width) continue;
                int xi = ((n * g.Height + hh) * g.Width + ww) * g.Channels + ch;
                int ki = ((a * g.KernelWidth + b) * g.Channels + ch) * g.Filters + f;
                sum += (double)x[xi] * kernel[ki];
                dx[xi] += (double)dy[yi] * kernel[ki];
                dk[ki] += (double)dy[yi] * x[xi];
            }
            y[yi] = sum;
        }
        return (y, dx, dk, db);
    }

    public static TheoryData<int, int, int, bool> GradientGeometries() => new()
    {
        // stride, dilation, kernel, same
        { 1, 1, 3, false }, { 1, 1, 3, true }, { 2, 1, 3, true }, { 2, 1, 2, false }, { 1, 2, 3, true }, { 1, 2, 2, false },
    };

    [Theory]
    [MemberData(nameof(GradientGeometries))]
    public void Conv2D_Gradients_MatchCentralDifferences(int stride, int dilation, int k, bool same)
    {
        var g = Conv2DGeometry.Create(6, 7, 2, k, k, 3, stride, stride, dilation, dilation, same);
        const int batch = 2;
        var rng = new Rng(5);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, g.Filters), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);

        var y = new float[batch * g.OutputSize];
        double Loss()
        {
            Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
            return LayerCases.Dot(y, dy);
        }

        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));
        Assert.Null(LayerCases.CheckGradient(kernel, dKernel, Loss, "dkernel"));
        Assert.Null(LayerCases.CheckGradient(bias, dBias, Loss, "dbias"));

        // The check has teeth: one entry off by 1e-2 is caught.
        dKernel[dKernel.Length / 2] += 1e-2f;
        Assert.NotNull(LayerCases.CheckGradient(kernel, dKernel, Loss, "dkernel"));
    }

    /// <summary>Geometries the direct kernels take: its forward and all three gradients against central differences.</summary>
    public static TheoryData<string> DirectGeometries() => new(
        // "h w c kh kw filters sh sw dh dw"
        "6 7 4 3 3 16 1 1 1 1",
        "7 6 16 2 3 32 2 1 1 2",
        "6 8 3 3 3 8 1 2 1 1");

    [Theory]
    [MemberData(nameof(DirectGeometries))]
    public void Conv2D_DirectKernels_MatchCentralDifferencesAndIm2Col(string spec)
    {
        int[] v = spec.Split(' ').Select(int.Parse).ToArray();
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        Assert.True(Conv2DDirect.TryGetPath(g, out _), "the geometry should take the direct kernels");
        const int batch = 2;
        var rng = new Rng((ulong)spec.Length * 31 + (ulong)v[5]);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, g.Filters), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        Conv2DKernel.Backward(x, kernel, dy, dx, dKernel, dBias, scratch, batch, g);

        var y = new float[batch * g.OutputSize];
        double Loss()
        {
            Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
            return LayerCases.Dot(y, dy);
        }

        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));
        Assert.Null(LayerCases.CheckGradient(kernel, dKernel, Loss, "dkernel"));
        Assert.Null(LayerCases.CheckGradient(bias, dBias, Loss, "dbias"));

        // The same numbers as the im2col + GEMM path, up to summation order.
        var yIm2Col = new float[y.Length];
        Conv2DKernel.Forward(x, kernel, bias, y, scratch, batch, g);
        Conv2DKernel.ForwardIm2Col(x, kernel, bias, yIm2Col, scratch, batch, g);
        GenNet.Tests.Support.Fixtures.AssertClose(yIm2Col.Select(f => (double)f).ToArray(), y, 1e-5, 1e-5, "y");
        var dxIm2Col = new float[x.Length];
        var dKernelIm2Col = new float[kernel.Length];
        var dBiasIm2Col = new float[bias.Length];
        Conv2DKernel.BackwardIm2Col(x, kernel, dy, dxIm2Col, dKernelIm2Col, dBiasIm2Col, scratch, batch, g);
        GenNet.Tests.Support.Fixtures.AssertClose(dxIm2Col.Select(f => (double)f).ToArray(), dx, 1e-5, 1e-5, "dx");
        GenNet.Tests.Support.Fixtures.AssertClose(dKernelIm2Col.Select(f => (double)f).ToArray(), dKernel, 1e-5, 1e-5, "dKernel");
        GenNet.Tests.Support.Fixtures.AssertClose(dBiasIm2Col.Select(f => (double)f).ToArray(), dBias, 1e-5, 1e-5, "dBias");
    }

    /// <summary>Geometries whose input gradient is gathered: against the scatter it replaces, and the definition in double.</summary>
    public static TheoryData<string> GatherGeometries() => new(
        // "h w c kh kw filters"
        "13 13 16 3 3 32",
        "12 19 16 2 3 16",
        "9 10 32 3 3 8",
        "8 6 8 2 3 8",
        "10 9 4 5 3 8",
        "6 17 16 1 3 16",
        "7 4 4 3 3 8",
        "5 12 8 4 3 24");

    [Theory]
    [MemberData(nameof(GatherGeometries))]
    public void Conv2D_GatheredInputGradient_MatchesScatterAndDefinition(string spec)
    {
        int[] v = spec.Split(' ').Select(int.Parse).ToArray();
        var g = Conv2DGeometry.Create(v[0], v[1], v[2], v[3], v[4], v[5]);
        const int batch = 3;
        var path = Conv2DDirect.VectorPath(g.Channels);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];
        Assert.True(Conv2DDirect.TryGetPath(g, out _) && Conv2DDirect.CanGather(g, path, scratch.Length), "the geometry should gather");
        var rng = new Rng((ulong)spec.Length * 17 + (ulong)v[0]);
        float[] x = LayerCases.Random(rng, batch * g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize);
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        var gathered = new float[x.Length];
        var scattered = new float[x.Length];
        Array.Fill(gathered, 9f);
        Array.Fill(scratch, float.NaN);
        Conv2DDirect.InputGradientGather(path, kernel, dy, gathered, scratch, batch, g);
        Conv2DDirect.InputGradient(path, kernel, dy, scattered, scratch, batch, g);

        var (_, wantDx, _, _) = Naive(x, kernel, new float[g.Filters], dy, batch, g);
        GenNet.Tests.Support.Fixtures.AssertClose(wantDx, gathered, 1e-5, 1e-5, "dx gathered");
        GenNet.Tests.Support.Fixtures.AssertClose(scattered.Select(f => (double)f).ToArray(), gathered, 1e-5, 1e-5, "dx gathered vs scattered");

        // Fixed bits: a second run over the same inputs (scratch left dirty by the first) gives the same floats.
        var again = new float[x.Length];
        Conv2DDirect.InputGradientGather(path, kernel, dy, again, scratch, batch, g);
        Assert.Equal(gathered, again);
    }

    [Fact]
    public void Conv2D_EmptyDx_SkipsTheInputGradient()
    {
        var g = Conv2DGeometry.Create(5, 5, 2, 3, 3, 4, same: true);
        var rng = new Rng(1);
        float[] x = LayerCases.Random(rng, g.InputSize), kernel = LayerCases.Random(rng, g.KernelSize), dy = LayerCases.Random(rng, g.OutputSize);
        var scratch = new float[Conv2DKernel.ScratchSize(g, 1)];
        var withDx = new float[kernel.Length];
        var withoutDx = new float[kernel.Length];
        Conv2DKernel.Backward(x, kernel, dy, new float[x.Length], withDx, [], scratch, 1, g);
        Conv2DKernel.Backward(x, kernel, dy, [], withoutDx, [], scratch, 1, g);
        Assert.Equal(withDx, withoutDx);
    }

    [Fact]
    public void Create_FollowsKerasPaddingRules()
    {
        // same, stride 2 on 5: out 3, total pad (3−1)·2 + 3 − 5 = 2, 1 before. Even kernel 2, stride 1 on 6: pad 1, all after.
        Assert.Equal((3, 1), ConvolutionPadding.Resolve(5, 3, 2, 1, same: true));
        Assert.Equal((6, 0), ConvolutionPadding.Resolve(6, 2, 1, 1, same: true));
        Assert.Equal((7, 2), ConvolutionPadding.Resolve(7, 3, 1, 2, same: true));
        Assert.Equal((2, 0), ConvolutionPadding.Resolve(6, 3, 2, 1, same: false));
        Assert.Equal((3, 0), ConvolutionPadding.Resolve(7, 3, 1, 2, same: false));
        var g = Conv2DGeometry.Create(28, 28, 1, 3, 3, 16);
        Assert.Equal(new Conv2DGeometry(28, 28, 1, 3, 3, 16, 1, 1, 1, 1, 0, 0, 26, 26), g);
        Assert.Throws<ArgumentException>(() => ConvolutionPadding.Resolve(4, 3, 1, 2, same: false));
    }

    [Fact]
    public void Conv2D_BadLengths_ThrowNamingExpectedAndActual()
    {
        var g = Conv2DGeometry.Create(5, 6, 3, 3, 3, 2);
        const int batch = 2;
        var x = new float[batch * g.InputSize];
        var kernel = new float[g.KernelSize];
        var y = new float[batch * g.OutputSize];
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];

        var e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Forward(x.AsSpan(1), kernel, [], y, scratch, batch, g));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("180", e.Message);
        Assert.Contains("179", e.Message);
        e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Forward(x, kernel, new float[3], y, scratch, batch, g));
        Assert.Equal("bias", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Forward(x, kernel, [], y, scratch.AsSpan(1), batch, g));
        Assert.Equal("scratch", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Forward(x, kernel, [], new float[7], scratch, batch, g));
        Assert.Contains("48", e.Message);
        e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Backward(x, kernel, y, new float[5], new float[g.KernelSize], [], scratch, batch, g));
        Assert.Equal("dx", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Conv2DKernel.Backward(x, kernel, y, [], new float[4], [], scratch, batch, g));
        Assert.Equal("dKernel", e.ParamName);
        Assert.Throws<ArgumentException>(() => Conv2DKernel.Forward(x, kernel, [], y, scratch, batch, g with { StrideH = 0 }));
    }
}
