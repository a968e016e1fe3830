using GenNet.Kernels;
using Tutorials.Autoencoder;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the Autoencoder's inference time goes: each kernel call of the generated Forward (AutoencoderModel, the geometries
/// the generator emitted) timed on its own, at a given batch, medians of interleaved rounds.
/// </summary>
public static class AutoencoderLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        var rng = new Random(1);
        float[] Buffer(int perSample)
        {
            var b = new float[perSample * batch];
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.3);
            return b;
        }
        float[] Weights(int length)
        {
            var w = new float[length];
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5) * 0.2f;
            return w;
        }
        float[] scratch = new float[AutoencoderModel.ScratchSize];
        var cases = new List<(string Name, Action Run)>();
        float[] x = Buffer(784);

        float[] Convolution(string name, Conv2DGeometry g, float[] input, bool relu)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var bias = Weights(g.Filters);
            var y = Buffer(g.OutputSize);
            cases.Add((name, relu
                ? () => Conv2DKernel.ForwardReluIm2Col(input, k, bias, y, scratch, batch, g)
                : () => Conv2DKernel.ForwardIm2Col(input, k, bias, y, scratch, batch, g)));
            return y;
        }
        float[] Pool(string name, PoolGeometry g, float[] input)
        {
            var y = Buffer(g.OutHeight * g.OutWidth * g.Channels);
            cases.Add((name, () => MaxPooling2DKernel.Forward(input, y, batch, g)));
            return y;
        }
        float[] Transpose(string name, Conv2DTransposeGeometry g, float[] input)
        {
            var k = Weights(g.KernelHeight * g.KernelWidth * g.Channels * g.Filters);
            var bias = Weights(g.Filters);
            var z = Buffer(g.OutputSize);
            var y = Buffer(g.OutputSize);
            cases.Add((name, () => Conv2DTransposeKernel.Forward(input, k, bias, z, scratch, batch, g)));
            cases.Add(($"{name} relu", () => Activations.Relu(z, y)));
            // What inference runs: the relu applied as the outputs are stored.
            cases.Add(($"{name} +relu fused", () => Conv2DTransposeKernel.ForwardRelu(input, k, bias, y, scratch, batch, g)));
            return y;
        }

        float[] a = Convolution("conv 1→32", AutoencoderModel.Conv2dGeometry, x, relu: true);
        a = Pool("pool 28→14", AutoencoderModel.MaxPooling2dGeometry, a);
        a = Convolution("conv 32→32", AutoencoderModel.Conv2d1Geometry, a, relu: true);
        a = Pool("pool 14→7", AutoencoderModel.MaxPooling2d1Geometry, a);
        a = Transpose("convT 7→14", AutoencoderModel.Conv2dTransposeGeometry, a);
        a = Transpose("convT 14→28", AutoencoderModel.Conv2dTranspose1Geometry, a);
        float[] z = Convolution("conv 32→1", AutoencoderModel.Conv2d2Geometry, a, relu: false);
        float[] reconstruction = Buffer(784);
        cases.Add(("sigmoid", () => Activations.Sigmoid(z, reconstruction)));
        var model = new AutoencoderModel(1);
        float[] image = Buffer(784), prediction = new float[784 * batch];
        cases.Add(("whole Predict", () => model.Predict(image, prediction)));
        KernelTimer.Print(cases, batch, filter, name => name == "whole Predict" || name.EndsWith("fused", StringComparison.Ordinal));
    }
}
