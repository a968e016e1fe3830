using GenNet.Kernels;

namespace GenNet.Benchmarks;

/// <summary>
/// Where the seed MLP's inference time goes: each kernel call of the generated Forward (BenchMlp, 784-100-50-10) on its
/// own, and the whole Predict call, at a given batch. `dotnet run -c Release -- mlp-layers [batch]`.
/// </summary>
public static class MlpLayerProfile
{
    public static void Run(int batch, string filter = "")
    {
        var model = new BenchMlp(1);
        float[] p = model.Parameters.ToArray();
        var rng = new Random(1);
        float[] Buffer(int perSample)
        {
            var b = new float[perSample * batch];
            for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble();
            return b;
        }
        float[] x = Buffer(784), z1 = Buffer(100), y1 = Buffer(100), z2 = Buffer(50), y2 = Buffer(50), z3 = Buffer(10), y3 = Buffer(10);
        float[] k1 = Slice(p, BenchMlp.DenseKernelOffset, BenchMlp.DenseKernelLength), b1 = Slice(p, BenchMlp.DenseBiasOffset, BenchMlp.DenseBiasLength);
        float[] k2 = Slice(p, BenchMlp.Dense1KernelOffset, BenchMlp.Dense1KernelLength), b2 = Slice(p, BenchMlp.Dense1BiasOffset, BenchMlp.Dense1BiasLength);
        float[] k3 = Slice(p, BenchMlp.Dense2KernelOffset, BenchMlp.Dense2KernelLength), b3 = Slice(p, BenchMlp.Dense2BiasOffset, BenchMlp.Dense2BiasLength);
        float[] output = new float[10 * batch];
        var cases = new List<(string Name, Action Run)>
        {
            ("dense fwd", () => DenseKernel.Forward(x, k1, b1, z1, batch, 784, 100)),
            ("relu", () => Activations.Relu(z1, y1)),
            ("dense_1 fwd", () => DenseKernel.Forward(y1, k2, b2, z2, batch, 100, 50)),
            ("relu_1", () => Activations.Relu(z2, y2)),
            ("dense_2 fwd", () => DenseKernel.Forward(y2, k3, b3, z3, batch, 50, 10)),
            ("softmax", () => Activations.Softmax(z3, y3, 10)),
            // The whole call a user makes; not added to the total (it contains the rows above).
            ("Predict", () => model.Predict(x, output)),
        };
        KernelTimer.Print(cases, batch, filter, name => name == "Predict");
    }

    private static float[] Slice(float[] parameters, int offset, int length) => parameters.AsSpan(offset, length).ToArray();
}
