using GenNet.Kernels;
using Tutorials.MobileNetFashion;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the MobileNet's inference time goes: each kernel call of the generated inference Forward (MobileNetModel, the
/// geometries the generator emitted; BatchNormalization folded into the convolutions) timed on its own, at a given batch,
/// medians of interleaved rounds.
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

        // Each Conv2D/DepthwiseConv2D → BatchNormalization → ReLU6 chain as inference runs it (BatchNormFolding): the fold of
        // γ, β and the moving statistics into a scale and shift, then the convolution with the clamp in its epilogue.
        var folds = new List<Action>();
        float[] Fold(int channels)
        {
            float[] gamma = Weights(channels), beta = Weights(channels), mean = Weights(channels), variance = Buffer(channels)[..channels];
            var scaleShift = new float[2 * channels];
            Action fold = () => BatchNormalizationKernel.FoldInference(gamma, beta, mean, variance, default, scaleShift, channels, 0.001f);
            fold();
            folds.Add(fold);
            return scaleShift;
        }
        void Convolution(string name, Conv2DGeometry g, float[] input, out float[] output)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var y = Buffer(g.OutputSize);
            float[] scaleShift = Fold(g.Filters);
            cases.Add((name, () => Conv2DKernel.ForwardFoldedIm2Col(input, k, y, scratch, scaleShift, batch, g, 0f, 6f)));
            output = y;
        }
        void Depthwise(string name, Conv2DGeometry g, float[] input, out float[] output)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var y = Buffer(g.OutHeight * g.OutWidth * g.Channels * g.Filters);
            float[] scaleShift = Fold(g.Channels * g.Filters);
            cases.Add((name, () => DepthwiseConv2DKernel.ForwardFolded(input, k, y, scaleShift, batch, g, 0f, 6f)));
            output = y;
        }

        Convolution("stem conv+bn", MobileNetModel.Conv2dGeometry, rescaled, out float[] a);
        var blocks = new[]
        {
            (MobileNetModel.DepthwiseConv2dGeometry, MobileNetModel.Conv2d1Geometry),
            (MobileNetModel.DepthwiseConv2d1Geometry, MobileNetModel.Conv2d2Geometry),
            (MobileNetModel.DepthwiseConv2d2Geometry, MobileNetModel.Conv2d3Geometry),
        };
        for (int b = 0; b < blocks.Length; b++)
        {
            var (depthwise, pointwise) = blocks[b];
            Depthwise($"dw{b + 1}+bn", depthwise, a, out a);
            Convolution($"pw{b + 1}+bn", pointwise, a, out a);
        }
        // The folds scale with the channels, not the batch: per call, like everything at batch 1.
        cases.Add(("7 folds", () => { foreach (Action fold in folds) fold(); }));
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
