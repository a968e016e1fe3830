using GenNet.Kernels;
using GenNet.Tests.Layers;
using GenNet.Tests.Support;

namespace GenNet.Tests.Vision;

/// <summary>
/// Dilation per axis (<c>DilationRate = new[] { 2, 1 }</c>) in the convolution kernels, dilated Conv2DTranspose and its
/// per-axis OutputPadding: forward and backward against the float64 references written from Keras' definition (the same
/// ones the undilated tests use), one case against PyTorch's <c>conv_transpose2d</c>, and Keras' output sizes.
/// </summary>
public class AxisDilationTests
{
    private static void Close(double[] want, ReadOnlySpan<float> got, string what) => Fixtures.AssertClose(want, got, 1e-5, 1e-5, what);

    [Theory]
    [InlineData(7, 8, 3, 3, 3, 4, 2, 1, true)]
    [InlineData(9, 7, 2, 2, 3, 8, 1, 3, false)]   // valid, filters a multiple of 4: the direct kernels
    [InlineData(6, 9, 17, 3, 2, 3, 3, 2, true)]
    public void Conv2D_UnequalDilation_MatchesFloat64(int h, int w, int c, int kh, int kw, int f, int dh, int dw, bool same)
    {
        const int batch = 2;
        var g = Conv2DGeometry.Create(h, w, c, kh, kw, f, 1, 1, dh, dw, same);
        var rng = new Rng((ulong)(h * 31 + dh * 7 + dw));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, f), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var (wantY, wantDx, wantDk, wantDb) = Conv2DTests.Naive(x, k, bias, dy, batch, g);
        var scratch = new float[Conv2DKernel.ScratchSize(g, batch)];

        var y = new float[batch * g.OutputSize];
        Conv2DKernel.Forward(x, k, bias, y, scratch, batch, g);
        Close(wantY, y, "y");
        float[] dx = new float[x.Length], dk = new float[k.Length], db = new float[f];
        Conv2DKernel.Backward(x, k, dy, dx, dk, db, scratch, batch, g);
        Close(wantDx, dx, "dx");
        Close(wantDk, dk, "dKernel");
        Close(wantDb, db, "dBias");
    }

    [Theory]
    [InlineData(7, 8, 5, 3, 3, 1, 2, 1, true)]
    [InlineData(8, 9, 17, 2, 3, 2, 1, 3, false)]
    public void DepthwiseConv2D_UnequalDilation_MatchesFloat64(int h, int w, int c, int kh, int kw, int m, int dh, int dw, bool same)
    {
        const int batch = 2;
        var g = Conv2DGeometry.Create(h, w, c, kh, kw, m, 1, 1, dh, dw, same);
        var rng = new Rng((ulong)(h * 37 + dh * 5 + dw));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, kh * kw * c * m);
        float[] bias = LayerCases.Random(rng, c * m);
        int outLength = batch * g.OutHeight * g.OutWidth * c * m;
        float[] dy = LayerCases.Random(rng, outLength);
        var (wantY, wantDx, wantDk, wantDb) = VisionKernelTests.Depthwise(x, k, bias, dy, batch, g);

        var y = new float[outLength];
        DepthwiseConv2DKernel.Forward(x, k, bias, y, batch, g);
        Close(wantY, y, "y");
        float[] dx = new float[x.Length], dk = new float[k.Length], db = new float[c * m];
        DepthwiseConv2DKernel.Backward(x, k, dy, dx, dk, db, batch, g);
        Close(wantDx, dx, "dx");
        Close(wantDk, dk, "dKernel");
        Close(wantDb, db, "dBias");
    }

    /// <summary>Dilated transposed convolutions, per axis, with strides and output paddings per axis too.</summary>
    [Theory]
    // h, w, c, kh, kw, filters, sh, sw, dh, dw, same, op_h, op_w (−1: None)
    [InlineData(3, 4, 2, 3, 2, 3, 1, 2, 2, 1, true, -1, -1)]
    [InlineData(4, 3, 3, 3, 3, 4, 2, 2, 2, 2, false, -1, -1)]
    [InlineData(3, 5, 17, 2, 3, 5, 2, 3, 3, 2, true, 1, 2)]
    [InlineData(4, 4, 2, 3, 2, 2, 3, 2, 1, 2, false, 2, 0)]
    public void Conv2DTranspose_Dilated_MatchesFloat64(int h, int w, int c, int kh, int kw, int f, int sh, int sw, int dh, int dw,
        bool same, int opH, int opW)
    {
        const int batch = 2;
        var g = Conv2DTransposeGeometry.Create(h, w, c, kh, kw, f, sh, sw, same, opH, opW, dh, dw);
        var rng = new Rng((ulong)(h * 41 + c * 3 + dh * 7 + dw));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, g.KernelSize);
        float[] bias = LayerCases.Random(rng, f), dy = LayerCases.Random(rng, batch * g.OutputSize);
        var (wantY, wantDx, wantDk, wantDb) = Conv2DTransposeKernelTests.Reference(x, k, bias, dy, batch, g);
        var scratch = new float[g.ScratchSize];

        var y = Enumerable.Repeat(9f, batch * g.OutputSize).ToArray();
        Conv2DTransposeKernel.Forward(x, k, bias, y, scratch, batch, g);
        Close(wantY, y, "y");
        float[] dx = Enumerable.Repeat(9f, x.Length).ToArray(), dk = new float[k.Length], db = new float[f];
        Conv2DTransposeKernel.Backward(x, k, dy, dx, dk, db, scratch, batch, g);
        Close(wantDx, dx, "dx");
        Close(wantDk, dk, "dKernel");
        Close(wantDb, db, "dBias");
    }

    /// <summary>
    /// Keras 3's output lengths with dilation: the effective kernel <c>k_e = (k − 1)·d + 1</c> takes the kernel's place in
    /// the output-size rule (backend_utils' <c>_get_output_shape_given_tf_padding</c>).
    /// </summary>
    [Theory]
    [InlineData(7, 3, 2, 2, false, -1, 17, 0)]   // valid: n·s + max(k_e − s, 0) = 14 + 3
    [InlineData(7, 3, 2, 2, true, -1, 14, 1)]    // same: n·s; full (n − 1)·s + k_e = 17, crop ⌊3/2⌋
    [InlineData(7, 3, 1, 3, true, -1, 7, 3)]     // stride 1 "same" keeps the size; k_e = 7
    [InlineData(5, 2, 3, 2, true, 1, 14, 0)]     // same with output padding: (n − 1)·s + k_e mod 2 + op = 12 + 1 + 1
    [InlineData(5, 2, 3, 2, false, 2, 17, 0)]    // valid with output padding: (n − 1)·s + k_e + op = 12 + 3 + 2
    public void OutputSize_WithDilation_IsKeras(int n, int k, int s, int d, bool same, int op, int expectedOut, int expectedPad)
    {
        var g = Conv2DTransposeGeometry.Create(n, 1, 1, k, 1, 1, s, 1, same, op, -1, d, 1);
        Assert.Equal(expectedOut, g.OutHeight);
        Assert.Equal(expectedPad, g.PadTop);
    }

    /// <summary>
    /// PyTorch's numbers, from /usr/bin/python3 (torch 1.13, float64): <c>F.conv_transpose2d(x, w, b, stride=(1, 2),
    /// dilation=(2, 1))</c> gives the full (7, 8) result; Keras' "same" output is its rows [2, 5) and columns [0, 8)
    /// (TensorFlow crops ⌊total/2⌋ first). x[i] = sin(0.37·i) (3, 4, 2), kernel[i] = cos(0.21·i) in Keras' layout
    /// (3, 2, 3, 2), bias[o] = 0.1·o − 0.2; torch's weight is Keras' permuted to (in, out, kh, kw).
    /// </summary>
    [Fact]
    public void Conv2DTranspose_Dilated_MatchesPyTorch()
    {
        var g = Conv2DTransposeGeometry.Create(3, 4, 2, 3, 2, 3, strideH: 1, strideW: 2, same: true, dilationH: 2, dilationW: 1);
        Assert.Equal((3, 8, 2, 0), (g.OutHeight, g.OutWidth, g.PadTop, g.PadLeft));
        float[] x = Enumerable.Range(0, g.InputSize).Select(i => MathF.Sin(0.37f * i)).ToArray();
        float[] k = Enumerable.Range(0, g.KernelSize).Select(i => MathF.Cos(0.21f * i)).ToArray();
        float[] bias = Enumerable.Range(0, 3).Select(o => 0.1f * o - 0.2f).ToArray();
        var y = new float[g.OutputSize];
        Conv2DTransposeKernel.Forward(x, k, bias, y, new float[g.ScratchSize], 1, g);
        Fixtures.AssertClose(Torch, y, 1e-6, 1e-5, "y vs torch");
    }

    // torch's NCHW (1, 3, 3, 8) crop read out as NHWC (3, 8, 3), rounded to 9 decimals.
    private static readonly double[] Torch = { -0.880003683, -0.780474332, -0.562663490, -0.547049288, -0.171110243, 0.217189335, -0.536716513, -0.771422368, -0.889420163, -1.152817061, -0.950593278, -0.600517568, -0.017305433, -0.411174285, -0.750954162, -1.260201595, -1.285162541, -1.104116021, 0.406544900, 0.111837517, -0.219691912, -0.813034027, -0.999817269, -1.030192365, -0.175163389, -0.089650955, -0.005937413, -0.221191818, -0.132762616, -0.038638547, 0.964530316, 1.219744874, 1.245558581, 0.754866655, 0.398197784, -0.045068883, 1.495101438, 1.838831145, 1.845549113, 1.231469823, 0.668569415, -0.027925358, 1.139027915, 1.443786808, 1.480201407, 0.959324259, 0.536930912, 0.003824884, 0.267736602, 0.536980902, 0.695503832, 0.433132812, 0.360709304, 0.208204329, -0.446058623, 0.051170755, 0.522123311, 0.602319287, 0.843054424, 0.919865842, -1.031149715, -0.513711204, 0.075639466, 0.351842323, 0.832122778, 1.150379676, -1.181497242, -0.862196187, -0.410408576, -0.187282877, 0.333632305, 0.779172601 };

    [Fact]
    public void Conv2DTransposeGeometry_RejectsNonPositiveDilation()
    {
        Assert.Throws<ArgumentException>(() => Conv2DTransposeGeometry.Create(3, 3, 1, 3, 3, 1, dilationH: 0));
        Assert.Throws<ArgumentException>(() => new Conv2DTransposeGeometry(3, 3, 1, 3, 3, 1, 1, 1, 1, 1, 3, 3, DilationH: 1, DilationW: -1).Validate());
    }
}
