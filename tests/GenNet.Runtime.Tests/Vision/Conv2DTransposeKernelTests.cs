using GenNet.Kernels;
using GenNet.Tests.Layers;
using GenNet.Tests.Support;

namespace GenNet.Tests.Vision;

/// <summary>
/// Conv2DTranspose's kernel against a float64 reference written here from Keras' definition (no fixture has the layer),
/// Keras' output-size rule, PyTorch's numbers for one case, and the length checks.
/// </summary>
public class Conv2DTransposeKernelTests
{
    private static void Close(double[] want, ReadOnlySpan<float> got, string what) => Fixtures.AssertClose(want, got, 1e-6, 1e-5, what);

    /// <summary>
    /// Float64 transposed convolution, the naive way: every input value, every tap, scattered onto
    /// <c>y[n, i·s − padTop + a·d, j·s − padLeft + b·d, f] += x[n, i, j, c]·k[a, b, f, c]</c> (dropped outside the output), bias
    /// everywhere; and its gradients, gathered over the same (input, tap) pairs.
    /// </summary>
    internal static (double[] Y, double[] Dx, double[] Dk, double[] Db) Reference(float[] x, float[] k, float[] bias, float[] dy,
        int batch, Conv2DTransposeGeometry g)
    {
        int c = g.Channels, f = g.Filters;
        var y = new double[batch * g.OutputSize];
        var dx = new double[x.Length];
        var dk = new double[k.Length];
        var db = new double[f];
        for (int n = 0; n < batch; n++)
        {
            for (int p = 0; p < g.OutHeight * g.OutWidth; p++)
            for (int o = 0; o < f; o++)
            {
                int at = (n * g.OutHeight * g.OutWidth + p) * f + o;
                if (bias.Length > 0) y[at] = bias[o];
                db[o] += dy[at];
            }
            for (int i = 0; i < g.Height; i++)
            for (int j = 0; j < g.Width; j++)
            for (int a = 0; a < g.KernelHeight; a++)
            for (int b = 0; b < g.KernelWidth; b++)
            {
                int oh = i * g.StrideH - g.PadTop + a * g.DilationH, ow = j * g.StrideW - g.PadLeft + b * g.DilationW;
                if (oh < 0 || oh >= g.OutHeight || ow < 0 || ow >= g.OutWidth) continue;
                for (int o = 0; o < f; o++)
                for (int ch = 0; ch < c; ch++)
                {
                    int xi = ((n * g.Height + i) * g.Width + j) * c + ch, ki = ((a * g.KernelWidth + b) * f + o) * c + ch;
                    int yi = ((n * g.OutHeight + oh) * g.OutWidth + ow) * f + o;
                    y[yi] += (double)x[xi] * k[ki];
                    dx[xi] += (double)dy[yi] * k[ki];
                    dk[ki] += (double)dy[yi] * x[xi];
                }
            }
        }
        return (y, dx, dk, db);
    }

    public static TheoryData<int, int, int, int, int, int, int, bool, int, bool> Cases => new()
    {
        // h, w, c, kh, kw, filters, stride, same, output padding (−1: None), bias
        { 4, 5, 3, 3, 3, 4, 2, true, -1, true },     // the autoencoder's layer: n·s, one row cropped at the end
        { 3, 4, 2, 3, 2, 5, 2, false, -1, true },    // valid: (n − 1)·s + k
        { 3, 3, 2, 1, 2, 3, 3, false, -1, true },    // kernel below the stride: bias-only rows and columns
        { 4, 3, 3, 3, 3, 2, 2, true, 0, false },     // same with output padding 0: cropped on both sides
        { 2, 5, 17, 4, 3, 9, 3, true, 2, true },     // channels past a vector width, output padding 2
        { 5, 4, 2, 2, 2, 3, 1, true, -1, true },     // even kernel at stride 1
        { 3, 3, 2, 2, 2, 2, 2, false, 1, true },     // valid with output padding: past the full result
    };

    /// <summary>
    /// Filters a multiple of a vector width: the forward runs one convolution per stride class, straight into the output.
    /// Sums of up to 128 products here, so the Conv2D tests' tolerance (1e-5) rather than 1e-6.
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, int, bool, int, bool> SubPixelCases => new()
    {
        { 7, 7, 32, 3, 3, 32, 2, true, -1, true },   // the autoencoder's first transposed convolution: 49 pixels per class
        { 3, 2, 5, 3, 3, 16, 2, true, -1, true },    // classes of fewer than 8 pixels
        { 5, 6, 3, 4, 3, 8, 3, false, 1, false },    // stride 3, valid, output padding
        { 4, 4, 6, 2, 2, 12, 3, false, -1, true },   // kernel below the stride: bias-only classes; 3 vectors of 4 filters
        { 6, 5, 4, 3, 3, 20, 1, true, -1, true },    // stride 1: one class
        { 3, 4, 8, 3, 3, 16, 2, true, -1, true },    // VisionSubPixelDecoderModel's two layers
        { 6, 8, 16, 3, 3, 8, 2, true, -1, true },
    };

    /// <summary>The fused relu forward equals Forward then Activations.Relu bit for bit, on both paths.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(SubPixelCases))]
    public void ForwardRelu_EqualsForwardThenRelu(int h, int w, int c, int kh, int kw, int f, int s, bool same, int op, bool useBias)
    {
        const int batch = 2;
        var g = Conv2DTransposeGeometry.Create(h, w, c, kh, kw, f, s, s, same, op, op);
        var rng = new Rng((ulong)(h * 17 + c * 5 + f));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, g.KernelSize);
        float[] bias = useBias ? LayerCases.Random(rng, f) : Array.Empty<float>();
        var scratch = new float[g.ScratchSize];
        var z = new float[batch * g.OutputSize];
        var want = new float[z.Length];
        Conv2DTransposeKernel.Forward(x, k, bias, z, scratch, batch, g);
        GenNet.Kernels.Activations.Relu(z, want);

        var y = Enumerable.Repeat(9f, z.Length).ToArray();
        Conv2DTransposeKernel.ForwardRelu(x, k, bias, y, scratch, batch, g);
        Assert.Equal(want.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(z, v => v < 0f);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackward_MatchFloat64(int h, int w, int c, int kh, int kw, int f, int s, bool same, int op, bool useBias) =>
        MatchesFloat64(h, w, c, kh, kw, f, s, same, op, useBias, 1e-6);

    [Theory]
    [MemberData(nameof(SubPixelCases))]
    public void SubPixelForward_AndBackward_MatchFloat64(int h, int w, int c, int kh, int kw, int f, int s, bool same, int op, bool useBias) =>
        MatchesFloat64(h, w, c, kh, kw, f, s, same, op, useBias, 1e-5);

    private static void MatchesFloat64(int h, int w, int c, int kh, int kw, int f, int s, bool same, int op, bool useBias, double absolute)
    {
        void Near(double[] want, ReadOnlySpan<float> got, string what) => Fixtures.AssertClose(want, got, absolute, 1e-5, what);
        const int batch = 3;
        var g = Conv2DTransposeGeometry.Create(h, w, c, kh, kw, f, s, s, same, op, op);
        var rng = new Rng((ulong)(h * 131 + c * 7 + f));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, g.KernelSize);
        float[] bias = useBias ? LayerCases.Random(rng, f) : Array.Empty<float>();
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        var (wantY, wantDx, wantDk, wantDb) = Reference(x, k, bias, dy, batch, g);
        var scratch = Enumerable.Repeat(7f, g.ScratchSize).ToArray();

        var y = Enumerable.Repeat(9f, batch * g.OutputSize).ToArray();
        Conv2DTransposeKernel.Forward(x, k, bias, y, scratch, batch, g);
        Near(wantY, y, "y");
        float[] dx = Enumerable.Repeat(9f, x.Length).ToArray(), dk = Enumerable.Repeat(9f, k.Length).ToArray();
        float[] db = useBias ? Enumerable.Repeat(9f, f).ToArray() : Array.Empty<float>();
        Conv2DTransposeKernel.Backward(x, k, dy, dx, dk, db, scratch, batch, g);   // overwrites, whatever the spans held
        Near(wantDx, dx, "dx");
        Near(wantDk, dk, "dKernel");
        if (useBias) Near(wantDb, db, "dBias");

        var dk2 = new float[k.Length];
        Conv2DTransposeKernel.Backward(x, k, dy, default, dk2, db, scratch, batch, g);   // the first layer: no dx
        Assert.Equal(dk, dk2);
    }

    /// <summary>Keras 3's output lengths (backend_utils' <c>_get_output_shape_given_tf_padding</c>) and the crop before.</summary>
    [Theory]
    [InlineData(7, 3, 2, true, -1, 14, 0)]    // the autoencoder: 7 → 14 → 28
    [InlineData(14, 3, 2, true, -1, 28, 0)]
    [InlineData(7, 3, 2, false, -1, 15, 0)]   // n·s + max(k − s, 0)
    [InlineData(4, 2, 3, false, -1, 12, 0)]   // k < s: n·s
    [InlineData(7, 3, 2, true, 1, 14, 0)]     // (n − 1)·s + k mod 2 + op
    [InlineData(7, 3, 2, true, 0, 13, 1)]
    [InlineData(7, 3, 2, false, 1, 16, 0)]    // (n − 1)·s + k + op
    [InlineData(5, 5, 1, true, -1, 5, 2)]     // stride 1 "same" keeps the size
    [InlineData(5, 4, 2, true, -1, 10, 1)]
    public void OutputSize_IsKeras(int n, int k, int s, bool same, int op, int expectedOut, int expectedPad)
    {
        var g = Conv2DTransposeGeometry.Create(n, 1, 1, k, 1, 1, s, 1, same, op, -1);
        Assert.Equal(expectedOut, g.OutHeight);
        Assert.Equal(expectedPad, g.PadTop);
    }

    /// <summary>
    /// PyTorch's numbers, from /usr/bin/python3 (torch 1.13): <c>F.conv_transpose2d</c> with stride 2 and no padding gives the
    /// full (7, 8) result, whose rows [0, 6) and columns [0, 8) are Keras' "same" output (TensorFlow crops ⌊total/2⌋ at the
    /// start; torch's own padding/output_padding pair would crop the other end, the inconsistency Keras warns about). Weights
    /// <c>(in, out, kh, kw)</c> = Keras' <c>(kh, kw, out, in)</c> permuted. x[i] = sin(0.37·i) (3, 4, 2), kernel[i] = cos(0.21·i)
    /// in Keras' layout (3, 2, 3, 2), bias[o] = 0.1·o − 0.2.
    /// </summary>
    [Fact]
    public void MatchesPyTorchConvTranspose2d()
    {
        var g = Conv2DTransposeGeometry.Create(3, 4, 2, 3, 2, 3, 2, 2, same: true);
        Assert.Equal((6, 8), (g.OutHeight, g.OutWidth));
        float[] x = Enumerable.Range(0, g.InputSize).Select(i => MathF.Sin(0.37f * i)).ToArray();
        float[] k = Enumerable.Range(0, g.KernelSize).Select(i => MathF.Cos(0.21f * i)).ToArray();
        float[] bias = Enumerable.Range(0, 3).Select(o => 0.1f * o - 0.2f).ToArray();
        var y = new float[g.OutputSize];
        Conv2DTransposeKernel.Forward(x, k, bias, y, new float[g.ScratchSize], 1, g);
        Close(Torch, y, "y vs torch");
    }

    // torch's NCHW (1, 3, 6, 8) output read out as NHWC (6, 8, 3), rounded to 9 decimals.
    private static readonly double[] Torch = { 0.153671072, 0.192195216, 0.179929369, -0.163612182, -0.213478741, -0.243620185, 1.350308917, 1.239434012, 0.895735849, 0.096338982, -0.454568155, -0.943843504, 1.736037711, 1.586064592, 1.143016153, 0.201286223, -0.510196128, -1.150377319, 1.109097039, 1.050777367, 0.792427133, 0.096335536, -0.351265732, -0.755191458, -0.531415052, -0.461602652, -0.328935713, -0.439092471, -0.207689669, 0.042431979, -1.569057974, -1.656299886, -1.473022453, -1.333701136, -0.697317484, 0.042893159, -1.890597486, -2.036954415, -1.846625823, -1.635312816, -0.874510694, 0.020918519, -1.327848204, -1.404459985, -1.254327767, -1.186165638, -0.646586108, -0.011997822, -0.017405692, 0.209297223, 0.382237440, 0.188736334, 0.227664255, 0.209636881, -0.837264985, -0.039787992, 0.747222822, 1.104349781, 1.534751897, 1.680997974, -1.323794618, -0.320367874, 0.721363681, 1.337706272, 1.986761499, 2.273091421, -1.222508998, -0.485681500, 0.318185974, 0.766745687, 1.347263617, 1.676215117, -0.175163389, -0.089650955, -0.005937413, -0.221191818, -0.132762616, -0.038638547, 0.964530316, 1.219744874, 1.245558581, 0.754866655, 0.398197784, -0.045068883, 1.495101438, 1.838831145, 1.845549113, 1.231469823, 0.668569415, -0.027925358, 1.139027915, 1.443786808, 1.480201407, 0.959324259, 0.536930912, 0.003824884, -0.586386875, -0.449259449, -0.251423006, -0.309883683, -0.049244145, 0.202572902, 0.251839881, -0.230152744, -0.689521944, -1.329036977, -1.472300411, -1.377027679, 0.853725966, 0.057032031, -0.766957546, -1.757632936, -2.177557268, -2.236356192, 0.904447110, 0.262079179, -0.443226123, -1.371488921, -1.796121032, -1.925929790, 0.082558591, 0.241244894, 0.340615286, 0.080779207, 0.072137491, 0.033574472, -1.121706644, -1.139789559, -0.977134048, -0.944631027, -0.482694663, 0.045762499, -1.843861345, -1.976948687, -1.783780831, -1.580552410, -0.837353443, 0.034013862, -1.706173192, -1.832345625, -1.657398070, -1.494358069, -0.806330006, 0.004473836 };

    [Fact]
    public void ChecksLengthsAndGeometry()
    {
        var g = Conv2DTransposeGeometry.Create(3, 3, 2, 3, 3, 4, 2, 2, same: true);
        var x = new float[2 * g.InputSize];
        var k = new float[g.KernelSize];
        var scratch = new float[g.ScratchSize];
        Assert.Throws<ArgumentException>(() => Conv2DTransposeKernel.Forward(x, k, default, new float[2 * g.OutputSize + 1], scratch, 2, g));
        Assert.Throws<ArgumentException>(() => Conv2DTransposeKernel.Forward(x, k, new float[3], new float[2 * g.OutputSize], scratch, 2, g));
        Assert.Throws<ArgumentException>(() => Conv2DTransposeKernel.Forward(x, k, default, new float[2 * g.OutputSize], new float[5], 2, g));
        Assert.Throws<ArgumentException>(() => Conv2DTransposeKernel.Backward(x, k, new float[2 * g.OutputSize], default, new float[5], default, scratch, 2, g));
        Assert.Throws<ArgumentException>(() => Conv2DTransposeKernel.Backward(x, k, new float[2 * g.OutputSize], new float[3], new float[k.Length], default, scratch, 2, g));
        Assert.Throws<ArgumentException>(() => Conv2DTransposeGeometry.Create(1, 1, 1, 2, 2, 1, 2, 2, same: true, 0, 0));   // empty output
    }
}

/// <summary>Conv2D(Groups)'s kernel against a float64 reference written here from Keras' definition, and its argument checks.</summary>
public class GroupedConv2DKernelTests
{
    // Up to 3·3·17 = 153 float products per output (the wide case): float32 rounding reaches ~2e-6 there.
    private static void Close(double[] want, ReadOnlySpan<float> got, string what) => Fixtures.AssertClose(want, got, 1e-5, 1e-5, what);

    /// <summary>
    /// <c>y[n, i, j, f] = bias[f] + Σ_{a, b, c &lt; Cg} x_pad[n, i·s + a·d, j·s + b·d, g·Cg + c]·k[a, b, c, f]</c> with
    /// <c>g = f / Fg</c>, and its gradients, the naive way.
    /// </summary>
    private static (double[] Y, double[] Dx, double[] Dk, double[] Db) Reference(float[] x, float[] k, float[] bias, float[] dy,
        int batch, Conv2DGeometry g, int groups)
    {
        int cg = g.Channels / groups, fg = g.Filters / groups, f = g.Filters;
        var y = new double[batch * g.OutputSize];
        var dx = new double[x.Length];
        var dk = new double[k.Length];
        var db = new double[f];
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        for (int o = 0; o < f; o++)
        {
            int at = ((n * g.OutHeight + i) * g.OutWidth + j) * f + o, group = o / fg;
            double sum = bias.Length == 0 ? 0 : bias[o];
            db[o] += dy[at];
            for (int a = 0; a < g.KernelHeight; a++)
            for (int b = 0; b < g.KernelWidth; b++)
            for (int c = 0; c < cg; c++)
            {
                int ih = i * g.StrideH - g.PadTop + a * g.DilationH, iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) continue;
                int xi = ((n * g.Height + ih) * g.Width + iw) * g.Channels + group * cg + c, ki = ((a * g.KernelWidth + b) * cg + c) * f + o;
                sum += (double)x[xi] * k[ki];
                dk[ki] += (double)x[xi] * dy[at];
                dx[xi] += (double)dy[at] * k[ki];
            }
            y[at] = sum;
        }
        return (y, dx, dk, db);
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int, bool> Cases => new()
    {
        // h, w, c, kh, kw, filters, groups, stride, dilation, same (a bias unless groups = channels)
        { 6, 7, 4, 3, 3, 6, 2, 1, 1, true },
        { 7, 6, 6, 2, 3, 9, 3, 2, 1, false },
        { 6, 6, 8, 2, 2, 8, 8, 1, 2, true },    // groups = channels = filters: depthwise, no bias
        { 5, 5, 34, 3, 3, 36, 2, 1, 1, false },  // groups wider than a vector
        { 4, 4, 3, 3, 3, 5, 1, 1, 1, true },     // one group is Conv2D
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackward_MatchFloat64(int h, int w, int c, int kh, int kw, int f, int groups, int s, int d, bool same)
    {
        const int batch = 2;
        bool useBias = groups != c;
        var g = Conv2DGeometry.Create(h, w, c, kh, kw, f, s, s, d, d, same);
        var rng = new Rng((ulong)(h * 131 + c * 7 + f + groups));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, kh * kw * (c / groups) * f);
        float[] bias = useBias ? LayerCases.Random(rng, f) : Array.Empty<float>();
        float[] dy = LayerCases.Random(rng, batch * g.OutputSize);
        var (wantY, wantDx, wantDk, wantDb) = Reference(x, k, bias, dy, batch, g, groups);

        var y = Enumerable.Repeat(9f, batch * g.OutputSize).ToArray();
        GroupedConv2DKernel.Forward(x, k, bias, y, batch, g, groups);
        Close(wantY, y, "y");
        float[] dx = Enumerable.Repeat(9f, x.Length).ToArray(), dk = Enumerable.Repeat(9f, k.Length).ToArray();
        float[] db = useBias ? Enumerable.Repeat(9f, f).ToArray() : Array.Empty<float>();
        GroupedConv2DKernel.Backward(x, k, dy, dx, dk, db, batch, g, groups);
        Close(wantDx, dx, "dx");
        Close(wantDk, dk, "dKernel");
        if (useBias) Close(wantDb, db, "dBias");
        var dk2 = new float[k.Length];
        GroupedConv2DKernel.Backward(x, k, dy, default, dk2, db, batch, g, groups);
        Assert.Equal(dk, dk2);
    }

    [Fact]
    public void ChecksGroupsAndLengths()
    {
        var g = Conv2DGeometry.Create(4, 4, 4, 3, 3, 6);
        var x = new float[g.InputSize];
        var y = new float[g.OutputSize];
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupedConv2DKernel.Forward(x, new float[3 * 3 * 4 * 6 / 3], default, y, 1, g, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupedConv2DKernel.Forward(x, new float[3 * 3 * 4 * 6 / 4], default, y, 1, g, 4));
        Assert.Throws<ArgumentException>(() => GroupedConv2DKernel.Forward(x, new float[3 * 3 * 4 * 6], default, y, 1, g, 2));
        Assert.Throws<ArgumentException>(() => GroupedConv2DKernel.Backward(x, new float[3 * 3 * 2 * 6], y, default, new float[5], default, 1, g, 2));
    }
}
