using System.Text.Json;
using GenNet.Kernels;
using GenNet.Tests.Support;

namespace GenNet.Tests.Layers;

/// <summary>
/// Dense forward and backward against the float64 ground truth in layers.json (Keras 3, autograd gradients),
/// through the same kernel calls the generated code makes: DenseKernel, then the activation.
/// </summary>
public class DenseFixtureTests
{
    private const double Absolute = 1e-6, Relative = 1e-5;

    public static TheoryData<string> Cases() =>
        new(Fixtures.Cases("layers.json").Where(c => c.GetProperty("layer").GetString() == "Dense").Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dense_MatchesKeras(string name)
    {
        var c = Fixtures.Cases("layers.json").Single(e => e.GetProperty("name").GetString() == name);
        var config = c.GetProperty("config");
        int units = config.GetProperty("units").GetInt32();
        bool useBias = config.GetProperty("use_bias").GetBoolean();
        string activation = config.GetProperty("activation").ValueKind == JsonValueKind.Null ? "linear" : config.GetProperty("activation").GetString()!;
        var xTensor = c.GetProperty("inputs").GetProperty("x");
        int[] shape = Fixtures.Shape(xTensor);
        int inputs = shape[^1], rows = shape[..^1].Aggregate(1, (a, b) => a * b);
        float[] x = Fixtures.Floats(xTensor);
        float[] kernel = Fixtures.Floats(c.GetProperty("params").GetProperty("kernel"));
        float[] bias = useBias ? Fixtures.Floats(c.GetProperty("params").GetProperty("bias")) : [];
        float[] dy = Fixtures.Floats(c.GetProperty("upstream").GetProperty("dy"));
        var outputs = c.GetProperty("outputs");

        var z = new float[rows * units];
        var y = new float[rows * units];
        DenseKernel.Forward(x, kernel, bias, z, rows, inputs, units);
        ApplyActivation(activation, z, y);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("y")), y, Absolute, Relative, name + ".y");

        var dz = new float[rows * units];
        ActivationGradient(activation, z, y, dy, dz);
        var dx = new float[rows * inputs];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        DenseKernel.Backward(x, kernel, dz, dx, dKernel, dBias, rows, inputs, units);
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("dx")), dx, Absolute, Relative, name + ".dx");
        Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("dkernel")), dKernel, Absolute, Relative, name + ".dkernel");
        if (useBias) Fixtures.AssertClose(Fixtures.Data(outputs.GetProperty("dbias")), dBias, Absolute, Relative, name + ".dbias");
    }

    private static void ApplyActivation(string activation, float[] z, float[] y)
    {
        switch (activation)
        {
            case "linear": z.CopyTo(y, 0); break;
            case "relu": GenNet.Kernels.Activations.Relu(z, y); break;
            default: throw new NotSupportedException($"The Dense fixture uses activation '{activation}', which this test does not map yet.");
        }
    }

    private static void ActivationGradient(string activation, float[] z, float[] y, float[] dy, float[] dz)
    {
        switch (activation)
        {
            case "linear": dy.CopyTo(dz, 0); break;
            case "relu": GenNet.Kernels.Activations.ReluGradient(z, y, dy, dz); break;
            default: throw new NotSupportedException($"The Dense fixture uses activation '{activation}', which this test does not map yet.");
        }
    }

    [Fact]
    public void Dense_GradientsMatchCentralDifferences()
    {
        // L = Σ dy ⊙ (x·W + b), evaluated in double from float weights; the kernel's analytic gradients must agree.
        const int rows = 3, inputs = 4, units = 5;
        var rng = new Rng(11);
        float[] x = Random(rng, rows * inputs), kernel = Random(rng, inputs * units), bias = Random(rng, units), dy = Random(rng, rows * units);
        var dx = new float[x.Length];
        var dKernel = new float[kernel.Length];
        var dBias = new float[bias.Length];
        DenseKernel.Backward(x, kernel, dy, dx, dKernel, dBias, rows, inputs, units);

        double Loss(float[] xs, float[] ks, float[] bs)
        {
            var y = new float[rows * units];
            DenseKernel.Forward(xs, ks, bs, y, rows, inputs, units);
            double sum = 0;
            for (int i = 0; i < y.Length; i++) sum += (double)y[i] * dy[i];
            return sum;
        }

        CheckNumeric(x, dx, () => Loss(x, kernel, bias), "dx");
        CheckNumeric(kernel, dKernel, () => Loss(x, kernel, bias), "dkernel");
        CheckNumeric(bias, dBias, () => Loss(x, kernel, bias), "dbias");
    }

    /// <summary>
    /// The fused relu kernels the generator emits for Dense(relu) → Dense (ForwardRelu, BackwardReluInput) give the same
    /// bits as the separate calls they replace, and agree with a float64 evaluation of the two-layer chain.
    /// </summary>
    [Theory]
    [InlineData(1, 5, 7, 3)]
    [InlineData(50, 784, 100, 50)]
    [InlineData(33, 20, 17, 1)]
    [InlineData(4, 3, 16, 10)]
    public void DenseRelu_FusedKernels_MatchTheSeparateCallsAndFloat64(int rows, int inputs, int hidden, int units)
    {
        var rng = new Rng((ulong)(rows * 1000 + hidden));
        float[] x = Random(rng, rows * inputs), k1 = Random(rng, inputs * hidden), b1 = Random(rng, hidden);
        float[] k2 = Random(rng, hidden * units), b2 = Random(rng, units), dy = Random(rng, rows * units);

        // Separate calls: z, relu, the reader's backward into dL/dh, then the relu gradient.
        var z = new float[rows * hidden];
        var h = new float[rows * hidden];
        DenseKernel.Forward(x, k1, b1, z, rows, inputs, hidden);
        GenNet.Kernels.Activations.Relu(z, h);
        var dh = new float[rows * hidden];
        var dz = new float[rows * hidden];
        var dk2 = new float[k2.Length];
        var db2 = new float[b2.Length];
        DenseKernel.Backward(h, k2, dy, dh, dk2, db2, rows, hidden, units);
        GenNet.Kernels.Activations.ReluGradient(z, h, dh, dz);

        // Fused: relu as the product is stored; the relu gradient as the reader's input gradient is stored.
        var hFused = new float[rows * hidden];
        Array.Fill(hFused, float.NaN);
        DenseKernel.ForwardRelu(x, k1, b1, hFused, rows, inputs, hidden);
        var dzFused = new float[rows * hidden];
        Array.Fill(dzFused, float.NaN);
        var dk2Fused = new float[k2.Length];
        var db2Fused = new float[b2.Length];
        DenseKernel.BackwardReluInput(hFused, k2, dy, dzFused, dk2Fused, db2Fused, rows, hidden, units);
        Assert.Equal(h, hFused);
        Assert.Equal(dz, dzFused);
        Assert.Equal(dk2, dk2Fused);
        Assert.Equal(db2, db2Fused);

        // float64: h = max(x·k1 + b1, 0); dz = (dy·k2ᵀ)·[h > 0] (0 at 0, as Keras); dk2 = hᵀ·dy; db2 = Σ dy.
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < hidden; j++)
            {
                double pre = b1[j];
                for (int p = 0; p < inputs; p++) pre += (double)x[i * inputs + p] * k1[p * hidden + j];
                double want = Math.Max(pre, 0);
                Assert.True(Math.Abs(want - hFused[i * hidden + j]) <= 1e-5 * (1 + Math.Abs(want)), $"h[{i}, {j}]: expected {want}, got {hFused[i * hidden + j]}");
                double back = 0;
                for (int u = 0; u < units; u++) back += (double)dy[i * units + u] * k2[j * units + u];
                double wantDz = hFused[i * hidden + j] > 0 ? back : 0;
                Assert.True(Math.Abs(wantDz - dzFused[i * hidden + j]) <= 1e-5 * (1 + Math.Abs(wantDz)), $"dz[{i}, {j}]: expected {wantDz}, got {dzFused[i * hidden + j]}");
            }
        for (int j = 0; j < hidden; j++)
            for (int u = 0; u < units; u++)
            {
                double want = 0;
                for (int i = 0; i < rows; i++) want += (double)hFused[i * hidden + j] * dy[i * units + u];
                Assert.True(Math.Abs(want - dk2Fused[j * units + u]) <= 1e-5 * (1 + Math.Abs(want)), $"dk2[{j}, {u}]: expected {want}, got {dk2Fused[j * units + u]}");
            }
    }

    /// <summary>One unit takes a dot-product path (short rows unrolled, long rows vectorized): same values as the definition.</summary>
    [Theory]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(37, true)]
    public void Dense_SingleUnit_MatchesTheDefinition(int inputs, bool useBias)
    {
        const int rows = 9;
        var rng = new Rng((ulong)inputs);
        float[] x = Random(rng, rows * inputs), kernel = Random(rng, inputs), bias = useBias ? Random(rng, 1) : [];
        var y = new float[rows];
        Array.Fill(y, 9f);
        DenseKernel.Forward(x, kernel, bias, y, rows, inputs, 1);
        for (int i = 0; i < rows; i++)
        {
            double want = useBias ? bias[0] : 0;
            for (int p = 0; p < inputs; p++) want += (double)x[i * inputs + p] * kernel[p];
            Assert.True(Math.Abs(want - y[i]) <= 1e-5 * (1 + Math.Abs(want)), $"row {i}: expected {want}, got {y[i]}");
        }
        Assert.Throws<ArgumentException>(() => DenseKernel.Forward(x.AsSpan(1), kernel, bias, y, rows, inputs, 1));
    }

    private static void CheckNumeric(float[] values, float[] analytic, Func<double> loss, string what)
    {
        // The loss is linear in each value, so a central difference with a float-exact step is exact up to float rounding.
        const float h = 1f / 64;
        for (int i = 0; i < values.Length; i++)
        {
            float saved = values[i];
            values[i] = saved + h;
            double plus = loss();
            values[i] = saved - h;
            double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-4 + 1e-3 * Math.Abs(numeric),
                $"{what}[{i}]: analytic {analytic[i]}, central difference {numeric}");
        }
    }

    private static float[] Random(Rng rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
