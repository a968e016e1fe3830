using GenNet.Kernels;
using Tutorials.MobileNetFashion;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the MobileNet's inference time goes: each kernel call of the generated inference Forward (MobileNetModel, the
/// geometries the generator emitted) timed on its own, at a given batch, medians of interleaved rounds.
/// </summary>
public static class MobileNetLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        var rng = new Random(1);
        float[] Buffer(int perSample)
        {
            var b = new float[perSample * batch];
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 2);
            return b;
        }
        float[] Weights(int length)
        {
            var w = new float[length];
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5);
            return w;
        }
        float[] scratch = new float[MobileNetModel.ScratchSize];
        var cases = new List<(string Name, Action Run)>();
        float[] x = Buffer(784), rescaled = Buffer(784);
        cases.Add(("rescaling", () => RescalingKernel.Forward(x, rescaled, 1f / 255, 0f)));

        void Convolution(string name, Conv2DGeometry g, float[] input, out float[] output)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var y = Buffer(g.OutputSize);
            cases.Add((name, () => Conv2DKernel.ForwardIm2Col(input, k, default, y, scratch, batch, g)));
            output = y;
        }
        void Depthwise(string name, Conv2DGeometry g, float[] input, out float[] output)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var y = Buffer(g.OutHeight * g.OutWidth * g.Channels * g.Filters);
            cases.Add((name, () => DepthwiseConv2DKernel.Forward(input, k, default, y, batch, g)));
            output = y;
        }
        void NormalizeAndClip(string name, float[] input, int pixels, int channels, out float[] output)
        {
            float[] gamma = Weights(channels), beta = Weights(channels), mean = Weights(channels), variance = Buffer(channels)[..channels];
            var z = Buffer(pixels * channels);
            var y = Buffer(pixels * channels);
            cases.Add(($"{name} bn", () => BatchNormalizationKernel.ForwardInference(input, gamma, beta, mean, variance, z, batch * pixels, channels, 0.001f)));
            cases.Add(($"{name} relu6", () => Activations.Relu(z, y, 0f, 6f, 0f)));
            output = y;
        }

        Convolution("stem conv", MobileNetModel.Conv2dGeometry, rescaled, out float[] a);
        NormalizeAndClip("stem", a, 196, 16, out a);
        var blocks = new[]
        {
            (MobileNetModel.DepthwiseConv2dGeometry, MobileNetModel.Conv2d1Geometry),
            (MobileNetModel.DepthwiseConv2d1Geometry, MobileNetModel.Conv2d2Geometry),
            (MobileNetModel.DepthwiseConv2d2Geometry, MobileNetModel.Conv2d3Geometry),
        };
        for (int b = 0; b < blocks.Length; b++)
        {
            var (depthwise, pointwise) = blocks[b];
            Depthwise($"dw{b + 1}", depthwise, a, out a);
            NormalizeAndClip($"dw{b + 1}", a, depthwise.OutHeight * depthwise.OutWidth, depthwise.Channels, out a);
            Convolution($"pw{b + 1}", pointwise, a, out a);
            NormalizeAndClip($"pw{b + 1}", a, pointwise.OutHeight * pointwise.OutWidth, pointwise.Filters, out a);
        }
        float[] pooled = Buffer(128), logits = Buffer(10), probabilities = Buffer(10);
        float[] dk = Weights(1280), db = Weights(10);
        cases.Add(("gap", () => GlobalAveragePooling2DKernel.Forward(a, pooled, batch, 7, 7, 128)));
        cases.Add(("dense", () => DenseKernel.Forward(pooled, dk, db, logits, batch, 128, 10)));
        cases.Add(("softmax", () => Activations.Softmax(logits, probabilities, 10)));
        var model = new MobileNetModel(1);
        float[] image = Buffer(784), prediction = new float[10 * batch];
        cases.Add(("whole Predict", () => model.Predict(image, prediction)));
        KernelTimer.Print(cases, batch, filter, name => name == "whole Predict");
    }
}
