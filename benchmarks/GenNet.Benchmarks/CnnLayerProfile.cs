using GenNet.Kernels;
using Tutorials.Mnist;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the CNN's time goes: each kernel call of the generated Forward and Backward (MnistCnnModel, the geometries
/// the generator emitted) timed on its own, at a given batch, medians of interleaved rounds.
/// </summary>
public static class CnnLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        var rng = new Random(1);
        float[] Buffer(int perSample) => CnnWeights.Random(rng, perSample * batch);
        var (g1, g2, pool1, pool2) = (MnistCnnModel.Conv2dGeometry, MnistCnnModel.Conv2d1Geometry, MnistCnnModel.MaxPooling2dGeometry, MnistCnnModel.MaxPooling2d1Geometry);
        float[] x = Buffer(784), z1 = Buffer(g1.OutputSize), y1 = Buffer(g1.OutputSize), p1 = Buffer(pool1.OutputSize);
        float[] z2 = Buffer(g2.OutputSize), y2 = Buffer(g2.OutputSize), p2 = Buffer(pool2.OutputSize);
        float[] d1 = Buffer(64), dz1 = Buffer(64), o = Buffer(10);
        float[] dz1Conv = Buffer(g1.OutputSize);
        float[] scratch = new float[MnistCnnModel.ScratchSize];
        var (k1, b1, k2, b2, k3, b3, k4, b4) = new CnnWeights();
        float[] dk1 = new float[k1.Length], db1 = new float[b1.Length], dk2 = new float[k2.Length], db2 = new float[b2.Length];
        float[] dk3 = new float[k3.Length], db3 = new float[b3.Length];
        float[] dp1 = Buffer(pool1.OutputSize), dy1 = Buffer(g1.OutputSize), dy2 = Buffer(g2.OutputSize), dp2 = Buffer(pool2.OutputSize);

        var cases = new List<(string Name, Action Run)>
        {
            ("conv1 fwd", () => Conv2DKernel.Forward(x, k1, b1, z1, scratch, batch, g1)),
            ("conv1 fwd i2c", () => Conv2DKernel.ForwardIm2Col(x, k1, b1, z1, scratch, batch, g1)),
            ("conv1 fwd+relu only", () => Conv2DKernel.ForwardRelu(x, k1, b1, y1, scratch, batch, g1)),
            ("relu1", () => Activations.Relu(z1, y1)),
            ("pool1 fwd", () => MaxPooling2DKernel.Forward(y1, p1, batch, pool1)),
            ("conv2 fwd", () => Conv2DKernel.Forward(p1, k2, b2, z2, scratch, batch, g2)),
            ("conv2 fwd i2c", () => Conv2DKernel.ForwardIm2Col(p1, k2, b2, z2, scratch, batch, g2)),
            ("conv2 fwd+relu only", () => Conv2DKernel.ForwardRelu(p1, k2, b2, y2, scratch, batch, g2)),
            ("relu2", () => Activations.Relu(z2, y2)),
            ("pool2 fwd", () => MaxPooling2DKernel.Forward(y2, p2, batch, pool2)),
            ("dense fwd", () => DenseKernel.Forward(p2, k3, b3, d1, batch, 800, 64)),
            ("dense1 fwd", () => DenseKernel.Forward(dz1, k4, b4, o, batch, 64, 10)),
            ("dense bwd", () => DenseKernel.Backward(p2, k3, d1, dp2, dk3, db3, batch, 800, 64)),
            ("pool2 bwd", () => MaxPooling2DKernel.Backward(y2, dp2, dy2, batch, pool2)),
            ("relu2 bwd", () => Activations.ReluGradient(z2, y2, dy2, z2)),
            ("conv2 bwd", () => Conv2DKernel.Backward(p1, k2, dy2, dp1, dk2, db2, scratch, batch, g2)),
            ("conv2 dX scatter only", () => Conv2DDirect.InputGradient(Conv2DDirect.VectorPath(g2.Channels), k2, dy2, dp1, scratch, batch, g2)),
            ("conv2 dX gather only", () => Conv2DDirect.InputGradientGather(Conv2DDirect.VectorPath(g2.Channels), k2, dy2, dp1, scratch, batch, g2)),
            ("conv2 dK only", () => Conv2DKernel.Backward(p1, k2, dy2, default, dk2, db2, scratch, batch, g2)),
            ("conv2 bwd i2c", () => Conv2DKernel.BackwardIm2Col(p1, k2, dy2, dp1, dk2, db2, scratch, batch, g2)),
            ("pool1 bwd", () => MaxPooling2DKernel.Backward(y1, dp1, dy1, batch, pool1)),
            ("pool1 bwd any", () => MaxPooling2DKernel.BackwardAnyWindows(y1, dp1, dy1, batch, pool1, relu: false)),
            ("pool1+relu1 bwd", () => MaxPooling2DKernel.BackwardRelu(y1, dp1, dz1Conv, batch, pool1)),
            ("relu1 bwd", () => Activations.ReluGradient(z1, y1, dy1, dz1Conv)),
            ("conv1 bwd", () => Conv2DKernel.Backward(x, k1, dy1, default, dk1, db1, scratch, batch, g1)),
            ("conv1 bwd i2c", () => Conv2DKernel.BackwardIm2Col(x, k1, dy1, default, dk1, db1, scratch, batch, g1)),
        };
        KernelTimer.Print(cases, batch, filter, IsAlternative);
    }

    /// <summary>The other paths timed beside the ones the model takes (im2col + GEMM, the general pooling loops, ...).</summary>
    private static bool IsAlternative(string name) =>
        name.EndsWith("i2c", StringComparison.Ordinal) || name.EndsWith("any", StringComparison.Ordinal) || name.EndsWith("only", StringComparison.Ordinal);
}

/// <summary>The seed CNN's weights (seed 1) as separate arrays, sliced as its generated code slices them.</summary>
internal sealed class CnnWeights
{
    private readonly float[] _p = new MnistCnnModel(1).Parameters.ToArray();

    private float[] Slice(int offset, int length) => _p.AsSpan(offset, length).ToArray();

    public void Deconstruct(out float[] k1, out float[] b1, out float[] k2, out float[] b2, out float[] k3, out float[] b3, out float[] k4, out float[] b4)
    {
        k1 = Slice(MnistCnnModel.Conv2dKernelOffset, MnistCnnModel.Conv2dKernelLength);
        b1 = Slice(MnistCnnModel.Conv2dBiasOffset, MnistCnnModel.Conv2dBiasLength);
        k2 = Slice(MnistCnnModel.Conv2d1KernelOffset, MnistCnnModel.Conv2d1KernelLength);
        b2 = Slice(MnistCnnModel.Conv2d1BiasOffset, MnistCnnModel.Conv2d1BiasLength);
        k3 = Slice(MnistCnnModel.DenseKernelOffset, MnistCnnModel.DenseKernelLength);
        b3 = Slice(MnistCnnModel.DenseBiasOffset, MnistCnnModel.DenseBiasLength);
        k4 = Slice(MnistCnnModel.Dense1KernelOffset, MnistCnnModel.Dense1KernelLength);
        b4 = Slice(MnistCnnModel.Dense1BiasOffset, MnistCnnModel.Dense1BiasLength);
    }

    /// <summary>Uniform values in [−0.5, 0.5).</summary>
    public static float[] Random(Random rng, int length)
    {
        var b = new float[length];
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
        return b;
    }
}
