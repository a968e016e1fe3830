using GenNet.Kernels;
using GenNet.Tests.Layers;
using GenNet.Tests.Support;

namespace GenNet.Tests.Vision;

/// <summary>
/// The vision layers' kernels against float64 references written here from Keras' semantics (no fixture has these
/// layers), plus central differences and argument checks; the bilinear case also against PyTorch's numbers.
/// </summary>
public class VisionKernelTests
{
    private const double Absolute = 1e-6, Relative = 1e-5;

    private static void Close(double[] want, ReadOnlySpan<float> got, string what) => Fixtures.AssertClose(want, got, Absolute, Relative, what);

    private static double[] D(float[] v) => v.Select(f => (double)f).ToArray();

    // ---- Rescaling ----

    [Fact]
    public void Rescaling_ForwardAndBackward_MatchFloat64()
    {
        var rng = new Rng(1);
        float[] x = LayerCases.Random(rng, 37, 300), dy = LayerCases.Random(rng, 37);
        var y = new float[37];
        RescalingKernel.Forward(x, y, 1f / 255, -0.5f);
        Close(x.Select(v => v * (1.0 / 255) - 0.5).ToArray(), y, "y");
        var dx = new float[37];
        RescalingKernel.Backward(dy, dx, 1f / 255);
        Close(dy.Select(v => v / 255.0).ToArray(), dx, "dx");
    }

    // ---- ZeroPadding2D / Cropping2D ----

    /// <summary>The padded image in float64: <c>out[n, i, j, c] = x[n, i − top, j − left, c]</c> inside, 0 outside.</summary>
    private static double[] Pad(float[] x, int batch, int h, int w, int c, int top, int bottom, int left, int right)
    {
        int oh = top + h + bottom, ow = left + w + right;
        var y = new double[batch * oh * ow * c];
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    for (int k = 0; k < c; k++)
                        y[((n * oh + i + top) * ow + j + left) * c + k] = x[((n * h + i) * w + j) * c + k];
        return y;
    }

    /// <summary>The cropped image in float64: <c>out[n, i, j, c] = x[n, i + top, j + left, c]</c>.</summary>
    private static double[] Crop(float[] x, int batch, int h, int w, int c, int top, int bottom, int left, int right)
    {
        int oh = h - top - bottom, ow = w - left - right;
        var y = new double[batch * oh * ow * c];
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int k = 0; k < c; k++)
                        y[((n * oh + i) * ow + j) * c + k] = x[((n * h + i + top) * w + j + left) * c + k];
        return y;
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(1, 2, 0, 3)]
    [InlineData(0, 0, 2, 0)]
    public void ZeroPadding2D_ForwardAndBackward_MatchFloat64(int top, int bottom, int left, int right)
    {
        const int batch = 2, h = 3, w = 4, c = 3;
        var rng = new Rng(2);
        int oh = top + h + bottom, ow = left + w + right;
        float[] x = LayerCases.Random(rng, batch * h * w * c), dy = LayerCases.Random(rng, batch * oh * ow * c);
        var y = Enumerable.Repeat(7f, batch * oh * ow * c).ToArray();   // garbage: the border must be written as 0
        ZeroPadding2DKernel.Forward(x, y, batch, h, w, c, top, bottom, left, right);
        Close(Pad(x, batch, h, w, c, top, bottom, left, right), y, "y");
        var dx = new float[x.Length];
        ZeroPadding2DKernel.Backward(dy, dx, batch, h, w, c, top, bottom, left, right);
        Close(Crop(dy, batch, oh, ow, c, top, bottom, left, right), dx, "dx");
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(2, 0, 1, 2)]
    [InlineData(0, 3, 0, 0)]
    public void Cropping2D_ForwardAndBackward_MatchFloat64(int top, int bottom, int left, int right)
    {
        const int batch = 2, h = 5, w = 4, c = 2;
        var rng = new Rng(3);
        int oh = h - top - bottom, ow = w - left - right;
        float[] x = LayerCases.Random(rng, batch * h * w * c), dy = LayerCases.Random(rng, batch * oh * ow * c);
        var y = new float[batch * oh * ow * c];
        Cropping2DKernel.Forward(x, y, batch, h, w, c, top, bottom, left, right);
        Close(Crop(x, batch, h, w, c, top, bottom, left, right), y, "y");
        var dx = Enumerable.Repeat(7f, x.Length).ToArray();
        Cropping2DKernel.Backward(dy, dx, batch, h, w, c, top, bottom, left, right);
        Close(Pad(dy, batch, oh, ow, c, top, bottom, left, right), dx, "dx");
    }

    [Fact]
    public void PaddingAndCropping_BadArguments_ThrowNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => ZeroPadding2DKernel.Forward(new float[12], new float[29], 1, 2, 2, 3, 1, 0, 0, 0));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("18", e.Message);
        e = Assert.Throws<ArgumentException>(() => Cropping2DKernel.Forward(new float[12], new float[3], 1, 2, 2, 3, 0, 0, -1, 0));
        Assert.Contains("non-negative", e.Message);
    }

    // ---- UpSampling2D ----

    /// <summary>
    /// The 1-D interpolation weights in float64: <c>W[o, i]</c> for output <c>o</c> of an axis of length <c>n</c> scaled by
    /// <c>s</c>. Nearest: 1 at <c>⌊o/s⌋</c>. Bilinear (half-pixel, Keras/TF resize; PyTorch align_corners=False): source
    /// <c>t = max((o + ½)/s − ½, 0)</c>, weight <c>1 − (t − ⌊t⌋)</c> at <c>⌊t⌋</c> and <c>t − ⌊t⌋</c> at <c>min(⌊t⌋ + 1, n − 1)</c>.
    /// </summary>
    private static double[,] Weights(int n, int s, bool bilinear)
    {
        var m = new double[n * s, n];
        for (int o = 0; o < n * s; o++)
        {
            if (!bilinear)
            {
                m[o, o / s] = 1;
                continue;
            }
            double t = Math.Max((o + 0.5) / s - 0.5, 0);
            int low = (int)Math.Floor(t), high = Math.Min(low + 1, n - 1);
            double f = t - low;
            m[o, low] += 1 - f;
            m[o, high] += f;
        }
        return m;
    }

    /// <summary><c>y[n, a, b, c] = Σ_{i, j} Wh[a, i]·Ww[b, j]·x[n, i, j, c]</c> and its transpose for the gradient, in float64.</summary>
    private static double[] Resample(float[] x, int batch, int h, int w, int c, int sh, int sw, bool bilinear, bool transpose)
    {
        double[,] wh = Weights(h, sh, bilinear), ww = Weights(w, sw, bilinear);
        int oh = h * sh, ow = w * sw;
        var result = new double[transpose ? batch * h * w * c : batch * oh * ow * c];
        for (int n = 0; n < batch; n++)
            for (int a = 0; a < oh; a++)
                for (int b = 0; b < ow; b++)
                    for (int i = 0; i < h; i++)
                        for (int j = 0; j < w; j++)
                        {
                            double weight = wh[a, i] * ww[b, j];
                            if (weight == 0) continue;
                            for (int k = 0; k < c; k++)
                            {
                                int small = ((n * h + i) * w + j) * c + k, large = ((n * oh + a) * ow + b) * c + k;
                                if (transpose) result[small] += weight * x[large];
                                else result[large] += weight * x[small];
                            }
                        }
        return result;
    }

    [Theory]
    [InlineData(2, 2, false)]
    [InlineData(3, 1, false)]
    [InlineData(2, 2, true)]
    [InlineData(3, 2, true)]
    [InlineData(1, 4, true)]
    public void UpSampling2D_ForwardAndBackward_MatchFloat64(int sh, int sw, bool bilinear)
    {
        const int batch = 2, h = 3, w = 4, c = 3;
        var rng = new Rng(4);
        float[] x = LayerCases.Random(rng, batch * h * w * c), dy = LayerCases.Random(rng, batch * h * sh * w * sw * c);
        var y = new float[dy.Length];
        var dx = Enumerable.Repeat(7f, x.Length).ToArray();
        if (bilinear)
        {
            UpSampling2DKernel.ForwardBilinear(x, y, batch, h, w, c, sh, sw);
            UpSampling2DKernel.BackwardBilinear(dy, dx, batch, h, w, c, sh, sw);
        }
        else
        {
            UpSampling2DKernel.ForwardNearest(x, y, batch, h, w, c, sh, sw);
            UpSampling2DKernel.BackwardNearest(dy, dx, batch, h, w, c, sh, sw);
        }
        Close(Resample(x, batch, h, w, c, sh, sw, bilinear, transpose: false), y, "y");
        Close(Resample(dy, batch, h, w, c, sh, sw, bilinear, transpose: true), dx, "dx");
    }

    /// <summary>
    /// torch.nn.functional.interpolate(x, scale_factor=(2, 3), mode="bilinear", align_corners=False) in float64 on a 2×3
    /// image, and the gradient of Σ y·dy for dy = 0.1·arange(36) − 1 (computed with PyTorch 1.13).
    /// </summary>
    [Fact]
    public void UpSampling2D_Bilinear_MatchesPyTorch()
    {
        float[] x = { 0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f };
        double[] torchY =
        {
            0.5, 0.5, 0.0, -0.5, -1.0, -0.0, 1.0, 2.0, 2.0, 0.75, 0.75, 0.270833333333, -0.208333333333, -0.6875, -0.020833333333,
            0.645833333333, 1.3125, 1.3125, 1.25, 1.25, 0.8125, 0.375, -0.0625, -0.0625, -0.0625, -0.0625, -0.0625, 1.5, 1.5,
            1.083333333333, 0.666666666667, 0.25, -0.083333333333, -0.416666666667, -0.75, -0.75,
        };
        double[] torchDx = { -1.958333333333, -0.225, 1.508333333333, 7.491666666667, 9.225, 10.958333333333 };
        var y = new float[36];
        UpSampling2DKernel.ForwardBilinear(x, y, 1, 2, 3, 1, 2, 3);
        Close(torchY, y, "y");
        float[] dy = Enumerable.Range(0, 36).Select(i => (float)(0.1 * i - 1)).ToArray();
        var dx = new float[6];
        UpSampling2DKernel.BackwardBilinear(dy, dx, 1, 2, 3, 1, 2, 3);
        Close(torchDx, dx, "dx");
    }

    [Fact]
    public void UpSampling2D_Bilinear_Gradient_MatchesCentralDifferences()
    {
        const int batch = 2, h = 3, w = 2, c = 2, sh = 3, sw = 2;
        var rng = new Rng(5);
        float[] x = LayerCases.Random(rng, batch * h * w * c), dy = LayerCases.Random(rng, batch * h * sh * w * sw * c);
        var dx = new float[x.Length];
        UpSampling2DKernel.BackwardBilinear(dy, dx, batch, h, w, c, sh, sw);
        var y = new float[dy.Length];
        double Loss()
        {
            UpSampling2DKernel.ForwardBilinear(x, y, batch, h, w, c, sh, sw);
            return LayerCases.Dot(y, dy);
        }
        Assert.Null(LayerCases.CheckGradient(x, dx, Loss, "dx"));
    }

    // ---- PReLU ----

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 2 })]
    public void PReLU_ForwardAndBackward_MatchFloat64(int[] sharedAxes)
    {
        int[] shape = { 3, 2, 4 };
        int[] alphaShape = shape.Select((d, k) => sharedAxes.Contains(k + 1) ? 1 : d).ToArray();
        int size = 24, alphaSize = alphaShape.Aggregate(1, (a, d) => a * d);
        const int batch = 3;
        var rng = new Rng(6);
        float[] x = LayerCases.Random(rng, batch * size), dy = LayerCases.Random(rng, batch * size), alpha = LayerCases.Random(rng, alphaSize);
        x[5] = 0;   // relu′(0) = 0 on both sides
        int[] map = sharedAxes.Length == 0 ? Array.Empty<int>() : PReLUKernel.AlphaMap(shape, alphaShape);

        // Reference: the alpha index of element (i, j, k) drops the coordinates of shared axes.
        int AlphaOf(int p)
        {
            int[] index = { p / 8, p / 4 % 2, p % 4 };
            int a = 0;
            for (int k = 0; k < 3; k++) a = a * alphaShape[k] + (alphaShape[k] == 1 ? 0 : index[k]);
            return a;
        }
        var wantY = new double[x.Length];
        var wantDx = new double[x.Length];
        var wantDAlpha = new double[alphaSize];
        for (int i = 0; i < x.Length; i++)
        {
            int a = AlphaOf(i % size);
            double v = x[i];
            wantY[i] = Math.Max(v, 0) - alpha[a] * Math.Max(-v, 0);
            wantDx[i] = v > 0 ? dy[i] : v < 0 ? alpha[a] * dy[i] : 0;
            wantDAlpha[a] += -Math.Max(-v, 0) * dy[i];
        }

        var y = new float[x.Length];
        PReLUKernel.Forward(x, alpha, y, map, batch, size);
        Close(wantY, y, "y");
        var dx = new float[x.Length];
        var dAlpha = Enumerable.Repeat(7f, alphaSize).ToArray();
        PReLUKernel.Backward(x, alpha, dy, dx, dAlpha, map, batch, size);
        Close(wantDx, dx, "dx");
        Close(wantDAlpha, dAlpha, "dalpha");
        PReLUKernel.Backward(x, alpha, dy, default, dAlpha, map, batch, size);   // no dx for a first layer
        Close(wantDAlpha, dAlpha, "dalpha without dx");
    }

    [Fact]
    public void PReLU_AlphaMap_DropsSharedCoordinates()
    {
        Assert.Equal(new[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 }, PReLUKernel.AlphaMap(new[] { 2, 2, 3 }, new[] { 1, 1, 3 }));
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 }, PReLUKernel.AlphaMap(new[] { 2, 2, 3 }, new[] { 2, 2, 1 }));
        Assert.Throws<ArgumentException>(() => PReLUKernel.AlphaMap(new[] { 2, 3 }, new[] { 2, 2 }));
    }

    // ---- Softmax over an inner axis ----

    [Theory]
    [InlineData(2, 3, 5)]
    [InlineData(1, 4, 300)]
    [InlineData(3, 1, 2)]
    public void SoftmaxKernel_ForwardAndBackward_MatchFloat64(int outer, int length, int inner)
    {
        var rng = new Rng(7);
        int n = outer * length * inner;
        float[] x = LayerCases.Random(rng, n, 4), dy = LayerCases.Random(rng, n);
        x[0] = 95;   // exp(95) overflows float32: the max is subtracted first
        var wantY = new double[n];
        var wantDx = new double[n];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int At(int k) => (o * length + k) * inner + j;
                double max = Enumerable.Range(0, length).Max(k => (double)x[At(k)]);
                double sum = Enumerable.Range(0, length).Sum(k => Math.Exp(x[At(k)] - max));
                for (int k = 0; k < length; k++) wantY[At(k)] = Math.Exp(x[At(k)] - max) / sum;
                double dot = Enumerable.Range(0, length).Sum(k => dy[At(k)] * wantY[At(k)]);
                for (int k = 0; k < length; k++) wantDx[At(k)] = wantY[At(k)] * (dy[At(k)] - dot);
            }
        var y = new float[n];
        SoftmaxKernel.Forward(x, y, outer, length, inner);
        Close(wantY, y, "y");
        var dx = new float[n];
        SoftmaxKernel.Backward(y, dy, dx, outer, length, inner);
        Close(wantDx, dx, "dx");
    }

    // ---- ReLU, LeakyReLU, ELU: the activation kernels with the layers' arguments ----

    /// <summary>Keras' relu(x, negative_slope, max_value, threshold) in float64, and its derivative (relu′ at a kink: 0).</summary>
    private static (double Y, double D) KerasRelu(double x, double slope, double max, double threshold)
    {
        double y = x > threshold ? Math.Min(x, max) : 0;
        y -= slope * Math.Max(threshold - x, 0);
        double d = x > threshold ? (x < max ? 1 : 0) : (x < threshold ? slope : 0);
        return (y, d);
    }

    [Theory]
    [InlineData(0, double.PositiveInfinity, 0)]
    [InlineData(0.1, 0.6, 0)]
    [InlineData(0.5, 0.75, 0.25)]
    public void ReLU_KernelWithTheLayersArguments_MatchesFloat64(double slope, double max, double threshold)
    {
        var rng = new Rng(8);
        float[] x = LayerCases.Random(rng, 41, 2), dy = LayerCases.Random(rng, 41);
        var y = new float[41];
        var dx = new float[41];
        GenNet.Kernels.Activations.Relu(x, y, (float)slope, (float)max, (float)threshold);
        GenNet.Kernels.Activations.ReluGradient(x, y, dy, dx, (float)slope, (float)max, (float)threshold);
        Close(x.Select(v => KerasRelu(v, slope, max, threshold).Y).ToArray(), y, "y");
        Close(x.Select((v, i) => KerasRelu(v, slope, max, threshold).D * dy[i]).ToArray(), dx, "dx");
    }

    [Fact]
    public void ReLULayer_WithThreshold_PredictsKerasRelu()
    {
        var model = new VisionThresholdReluModel();
        float[] x = { -1f, 0.1f, 0.25f, 0.3f, 0.7f, 2f, -0.2f, 0.5f, 0.8f, 0f, 0.26f, -3f };
        var y = new float[x.Length];
        model.Predict(x, y);
        Close(x.Select(v => KerasRelu(v, 0.5, 0.75, 0.25).Y).ToArray(), y, "y");
    }

    [Fact]
    public void LeakyReLUAndELU_LayerDefaults_MatchFloat64()
    {
        var rng = new Rng(9);
        float[] x = LayerCases.Random(rng, 33, 3), dy = LayerCases.Random(rng, 33);
        var y = new float[33];
        var dx = new float[33];
        // LeakyReLU's default negative_slope is 0.3 (the layer's), not leaky_relu's 0.2.
        GenNet.Kernels.Activations.LeakyRelu(x, y, (float)GenNet.Shared.LayerArgumentDefaults.LeakyReLUNegativeSlope);
        GenNet.Kernels.Activations.LeakyReluGradient(x, y, dy, dx, 0.3f);
        Close(x.Select(v => v >= 0 ? (double)v : 0.3 * v).ToArray(), y, "leaky y");
        Close(x.Select((v, i) => (v > 0 ? 1 : 0.3) * dy[i]).ToArray(), dx, "leaky dx");
        GenNet.Kernels.Activations.Elu(x, y, 0.5f);
        GenNet.Kernels.Activations.EluGradient(x, y, dy, dx, 0.5f);
        Close(x.Select(v => v > 0 ? (double)v : 0.5 * (Math.Exp(v) - 1)).ToArray(), y, "elu y");
        Close(x.Select((v, i) => (v > 0 ? 1 : 0.5 * Math.Exp(v)) * dy[i]).ToArray(), dx, "elu dx");
    }

    [Fact]
    public void VisionKernels_AfterWarmUp_AllocateNothing()
    {
        var rng = new Rng(10);
        float[] x = LayerCases.Random(rng, 2 * 4 * 4 * 3), big = new float[2 * 8 * 8 * 3], padded = new float[2 * 6 * 6 * 3];
        float[] alpha = LayerCases.Random(rng, 3), dAlpha = new float[3], dx = new float[x.Length];
        int[] map = PReLUKernel.AlphaMap(new[] { 4, 4, 3 }, new[] { 1, 1, 3 });
        Allocations.AssertNoneAfterWarmUp(() =>
        {
            RescalingKernel.Forward(x, dx, 0.5f, 0.1f);
            ZeroPadding2DKernel.Forward(x, padded, 2, 4, 4, 3, 1, 1, 1, 1);
            ZeroPadding2DKernel.Backward(padded, dx, 2, 4, 4, 3, 1, 1, 1, 1);
            Cropping2DKernel.Forward(padded, x, 2, 6, 6, 3, 1, 1, 1, 1);
            UpSampling2DKernel.ForwardNearest(x, big, 2, 4, 4, 3, 2, 2);
            UpSampling2DKernel.BackwardBilinear(big, dx, 2, 4, 4, 3, 2, 2);
            PReLUKernel.Forward(x, alpha, dx, map, 2, 48);
            PReLUKernel.Backward(x, alpha, dx, dx, dAlpha, map, 2, 48);
            SoftmaxKernel.Forward(x, dx, 2, 4, 12);
            SoftmaxKernel.Backward(dx, x, dx, 2, 4, 12);
        });
    }

    // ---- SpatialDropout2D, GaussianNoise ----

    [Fact]
    public void SpatialDropout2D_DropsWholeChannels_MatchesFloat64()
    {
        const int batch = 3, pixels = 6, channels = 5;
        const float rate = 0.4f;
        var rng = new Rng(11);
        float[] x = LayerCases.Random(rng, batch * pixels * channels), dy = LayerCases.Random(rng, x.Length);
        var y = new float[x.Length];
        var mask = new float[x.Length];
        SpatialDropout2DKernel.Forward(x, y, mask, rate, new Rng(99), batch, pixels, channels);

        // Reference: the same stream, one uniform per (sample, channel), kept when u ≥ rate and scaled by 1/(1 − rate).
        var draws = new Rng(99);
        var keep = new double[batch * channels];
        for (int i = 0; i < keep.Length; i++) keep[i] = draws.NextSingle() >= rate ? 1.0 / (1 - (double)rate) : 0;
        double Factor(int i) => keep[i / (pixels * channels) * channels + i % channels];
        Close(x.Select((v, i) => v * Factor(i)).ToArray(), y, "y");
        var dx = new float[x.Length];
        DropoutKernel.Backward(dy, mask, dx);
        Close(dy.Select((v, i) => v * Factor(i)).ToArray(), dx, "dx");
        Assert.Contains(keep, k => k == 0);
        Assert.Contains(keep, k => k != 0);
    }

    [Fact]
    public void GaussianNoise_AddsScaledNormals_MatchesFloat64()
    {
        var rng = new Rng(12);
        float[] x = LayerCases.Random(rng, 2000), dy = LayerCases.Random(rng, 2000);
        var y = new float[x.Length];
        GaussianNoiseKernel.Forward(x, y, 0.3f, new Rng(7));
        var draws = new Rng(7);
        Close(x.Select(v => v + 0.3 * (float)draws.NextGaussian()).ToArray(), y, "y");
        double[] noise = y.Select((v, i) => (double)v - x[i]).ToArray();
        double mean = noise.Average(), sd = Math.Sqrt(noise.Select(n => (n - mean) * (n - mean)).Average());
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(sd, 0.27, 0.33);
        var dx = new float[x.Length];
        GaussianNoiseKernel.Backward(dy, dx);
        Close(D(dy), dx, "dx");
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianNoiseKernel.Forward(x, y, -1f, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialDropout2DKernel.Forward(x, y, new float[2000], 1f, new Rng(1), 1, 400, 5));
    }

    // ---- DepthwiseConv2D ----

    /// <summary>
    /// Float64 depthwise convolution from Keras' definition: <c>y[n, i, j, c·M + m] = bias + Σ_{a, b} x_pad[…, c]·k[a, b, c, m]</c>,
    /// and its gradients summed the naive way (every output, every tap).
    /// </summary>
    internal static (double[] Y, double[] Dx, double[] Dk, double[] Db) Depthwise(float[] x, float[] k, float[] bias, float[] dy,
        int batch, Conv2DGeometry g)
    {
        int c = g.Channels, m = g.Filters, oc = c * m;
        var y = new double[batch * g.OutHeight * g.OutWidth * oc];
        var dx = new double[x.Length];
        var dk = new double[k.Length];
        var db = new double[oc];
        for (int n = 0; n < batch; n++)
        for (int i = 0; i < g.OutHeight; i++)
        for (int j = 0; j < g.OutWidth; j++)
        for (int ch = 0; ch < c; ch++)
        for (int q = 0; q < m; q++)
        {
            int o = ch * m + q, at = ((n * g.OutHeight + i) * g.OutWidth + j) * oc + o;
            double sum = bias.Length == 0 ? 0 : bias[o];
            db[o] += dy[at];
            for (int a = 0; a < g.KernelHeight; a++)
            for (int b = 0; b < g.KernelWidth; b++)
            {
                int ih = i * g.StrideH - g.PadTop + a * g.DilationH, iw = j * g.StrideW - g.PadLeft + b * g.DilationW;
                if (ih < 0 || ih >= g.Height || iw < 0 || iw >= g.Width) continue;
                int xi = ((n * g.Height + ih) * g.Width + iw) * c + ch, ki = ((a * g.KernelWidth + b) * c + ch) * m + q;
                sum += (double)x[xi] * k[ki];
                dk[ki] += (double)x[xi] * dy[at];
                dx[xi] += (double)dy[at] * k[ki];
            }
            y[at] = sum;
        }
        return (y, dx, dk, db);
    }

    public static TheoryData<int, int, int, int, int, int, int, int, bool, bool> DepthwiseCases => new()
    {
        // h, w, c, kh, kw, multiplier, stride, dilation, same, bias
        { 6, 7, 5, 3, 3, 1, 1, 1, true, true },    // vectorised path, padded
        { 9, 8, 17, 3, 2, 1, 2, 1, false, true },  // channels past a vector width, strided
        { 6, 6, 3, 2, 3, 2, 2, 1, true, true },    // multiplier 2, odd padding bottom/right
        { 7, 7, 4, 2, 2, 3, 1, 2, true, false },   // dilated, multiplier 3, no bias
        { 5, 4, 2, 5, 4, 1, 1, 1, false, true },   // the kernel covers the whole image
        { 7, 6, 16, 3, 3, 1, 1, 1, true, false },  // 16 channels: one 512-bit vector (or two 256-bit) per pixel, padded
        { 8, 8, 32, 3, 3, 1, 2, 1, true, true },   // 32 channels, stride 2, Keras' odd padding bottom/right
        { 7, 7, 8, 3, 3, 1, 1, 2, true, true },    // 8 channels (a 256-bit vector), dilated, padded
        { 5, 6, 12, 3, 2, 1, 1, 1, false, true },  // 12 channels (128-bit vectors)
    };

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseConv2D_ForwardAndBackward_MatchFloat64(int h, int w, int c, int kh, int kw, int m, int s, int d, bool same, bool useBias)
    {
        const int batch = 3;
        var g = Conv2DGeometry.Create(h, w, c, kh, kw, m, s, s, d, d, same);
        var rng = new Rng((ulong)(h * 131 + c * 7 + m));
        float[] x = LayerCases.Random(rng, batch * g.InputSize), k = LayerCases.Random(rng, kh * kw * c * m);
        float[] bias = useBias ? LayerCases.Random(rng, c * m) : Array.Empty<float>();
        int outLength = batch * g.OutHeight * g.OutWidth * c * m;
        float[] dy = LayerCases.Random(rng, outLength);
        var (wantY, wantDx, wantDk, wantDb) = Depthwise(x, k, bias, dy, batch, g);

        var y = new float[outLength];
        DepthwiseConv2DKernel.Forward(x, k, bias, y, batch, g);
        Close(wantY, y, "y");
        float[] dx = Enumerable.Repeat(9f, x.Length).ToArray(), dk = Enumerable.Repeat(9f, k.Length).ToArray();
        float[] db = useBias ? Enumerable.Repeat(9f, c * m).ToArray() : Array.Empty<float>();
        DepthwiseConv2DKernel.Backward(x, k, dy, dx, dk, db, batch, g);   // overwrites, whatever the spans held
        Close(wantDx, dx, "dx");
        Close(wantDk, dk, "dKernel");
        if (useBias) Close(wantDb, db, "dBias");

        // Without an input gradient (the first layer) the parameter gradients are the same.
        var dk2 = new float[k.Length];
        DepthwiseConv2DKernel.Backward(x, k, dy, default, dk2, db, batch, g);
        Assert.Equal(dk, dk2);
    }

    /// <summary>
    /// PyTorch's numbers for one case, from /usr/bin/python3 (torch.nn.functional.conv2d with groups = in, weights
    /// <c>(in·M, 1, kh, kw)</c> = Keras' <c>(kh, kw, in, M)</c> permuted; "same" as F.pad top/left 0, bottom/right 1):
    /// x[i] = sin(0.37·i), kernel[i] = cos(0.21·i) in Keras' layout, bias[o] = 0.1·o − 0.2.
    /// </summary>
    [Fact]
    public void DepthwiseConv2D_MatchesPyTorchGroupedConv()
    {
        var g = Conv2DGeometry.Create(4, 5, 2, 2, 3, 2, 2, 2, 1, 1, same: true);
        float[] x = Enumerable.Range(0, g.InputSize).Select(i => MathF.Sin(0.37f * i)).ToArray();
        float[] k = Enumerable.Range(0, 2 * 3 * 2 * 2).Select(i => MathF.Cos(0.21f * i)).ToArray();
        float[] bias = Enumerable.Range(0, 4).Select(o => 0.1f * o - 0.2f).ToArray();
        var y = new float[g.OutHeight * g.OutWidth * 4];
        DepthwiseConv2DKernel.Forward(x, k, bias, y, 1, g);
        Close(TorchDepthwise, y, "y vs torch");
    }

    // torch's NCHW (1, 4, 2, 3) output, read out as NHWC (2, 3, 4), rounded to 9 decimals.
    private static readonly double[] TorchDepthwise = { 0.715946146, 0.457177374, 0.39318871, -0.054441636, 2.880774166, 2.605493, 2.359151776, 2.005921231, 0.646691715, 0.759802247, -0.130968211, 0.048639321, 1.591832854, 1.148570735, 0.651225351, 0.213631241, 1.317559742, 1.549541222, 1.005184901, 1.3258304, -2.460745733, -2.224196328, -2.436425036, -1.964556517 };

    [Fact]
    public void DepthwiseConv2D_ChecksLengths()
    {
        var g = Conv2DGeometry.Create(4, 4, 2, 3, 3, 2);
        var x = new float[2 * g.InputSize];
        var k = new float[3 * 3 * 2 * 2];
        Assert.Throws<ArgumentException>(() => DepthwiseConv2DKernel.Forward(x, k, default, new float[2 * 2 * 2 * 4 + 1], 2, g));
        Assert.Throws<ArgumentException>(() => DepthwiseConv2DKernel.Forward(x, k, new float[2], new float[2 * 2 * 2 * 4], 2, g));
        Assert.Throws<ArgumentException>(() => DepthwiseConv2DKernel.Backward(x, k, new float[2 * 2 * 2 * 4], default, new float[5], default, 2, g));
        Assert.Throws<ArgumentException>(() => DepthwiseConv2DKernel.Backward(x, k, new float[2 * 2 * 2 * 4], new float[3], new float[k.Length], default, 2, g));
    }
}
