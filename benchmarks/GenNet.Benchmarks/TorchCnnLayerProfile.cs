using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the imported PyTorch CNN's inference time goes (<see cref="BenchTorchCnn"/>, compiled from
/// tests/onnx/mnist_cnn_torch.onnx): each kernel call of its generated Forward, with the geometries the generator emitted,
/// timed on its own, the convolutions also by the path the variant rule did not pick.
/// </summary>
public static class TorchCnnLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        var model = BenchTorchCnn.CreateTrained();
        float[] p = model.Parameters.ToArray();
        var rng = new Random(1);
        float[] Buffer(int perSample)
        {
            var b = new float[perSample * batch];
            for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble();
            return b;
        }
        float[] Weight(int offset, int length) => p.AsSpan(offset, length).ToArray();
        var g1 = BenchTorchCnn.Conv2dGeometry;
        var g2 = BenchTorchCnn.Conv2d1Geometry;
        var pool1 = BenchTorchCnn.MaxPooling2dGeometry;
        var pool2 = BenchTorchCnn.MaxPooling2d1Geometry;
        float[] x = Buffer(784), y1 = Buffer(g1.OutputSize), p1 = Buffer(pool1.OutputSize), y2 = Buffer(g2.OutputSize), p2 = Buffer(pool2.OutputSize);
        float[] z = Buffer(10), o = Buffer(10);
        float[] scratch = new float[BenchTorchCnn.ScratchSize];
        float[] k1 = Weight(BenchTorchCnn.Conv2dKernelOffset, BenchTorchCnn.Conv2dKernelLength), b1 = Weight(BenchTorchCnn.Conv2dBiasOffset, BenchTorchCnn.Conv2dBiasLength);
        float[] k2 = Weight(BenchTorchCnn.Conv2d1KernelOffset, BenchTorchCnn.Conv2d1KernelLength), b2 = Weight(BenchTorchCnn.Conv2d1BiasOffset, BenchTorchCnn.Conv2d1BiasLength);
        float[] k3 = Weight(BenchTorchCnn.DenseKernelOffset, BenchTorchCnn.DenseKernelLength), b3 = Weight(BenchTorchCnn.DenseBiasOffset, BenchTorchCnn.DenseBiasLength);

        var cases = new List<(string Name, Action Run)>
        {
            ("conv1+relu", () => Conv2DKernel.ForwardRelu(x, k1, b1, y1, scratch, batch, g1)),
            ("conv1+relu direct alt", () => Conv2DKernel.ForwardReluDirect(x, k1, b1, y1, scratch, batch, g1)),
            ("conv1+relu i2c alt", () => Conv2DKernel.ForwardReluIm2Col(x, k1, b1, y1, scratch, batch, g1)),
            ("pool1", () => MaxPooling2DKernel.Forward(y1, p1, batch, pool1)),
            ("conv2+relu", () => Conv2DKernel.ForwardRelu(p1, k2, b2, y2, scratch, batch, g2)),
            ("conv2+relu direct alt", () => Conv2DKernel.ForwardReluDirect(p1, k2, b2, y2, scratch, batch, g2)),
            ("conv2+relu i2c alt", () => Conv2DKernel.ForwardReluIm2Col(p1, k2, b2, y2, scratch, batch, g2)),
            ("pool2", () => MaxPooling2DKernel.Forward(y2, p2, batch, pool2)),
            ("dense", () => DenseKernel.Forward(p2, k3, b3, z, batch, 1600, 10)),
            ("softmax", () => Activations.Softmax(z, o, 10)),
            ("whole Predict alt", () => model.Predict(x, o)),
        };
        KernelTimer.Print(cases, batch, filter, name => name.EndsWith("alt", StringComparison.Ordinal));
    }
}
