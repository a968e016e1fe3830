using System.Numerics;
using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Activations;

/// <summary>
/// Vector body and scalar tail: every length from 0 to three vectors plus one against the float64 reference, and
/// in-place calls (y aliasing x, dx aliasing dy) giving bit-identical results. Plus the length checks.
/// </summary>
public class ActivationKernelTests
{
    public static TheoryData<string> Names => new(ActivationCatalog.All.Select(a => a.Name));

    private static readonly int MaxLength = Math.Max(50, 3 * Vector<float>.Count + 1);

    [Theory]
    [MemberData(nameof(Names))]
    public void Kernel_EveryLengthUpToThreeVectorsPlusOne_MatchesReferenceAndRunsInPlace(string name)
    {
        Activation activation = ActivationCatalog.All.Single(a => a.Name == name);
        int step = ActivationCatalog.IsRowwise(activation) ? ActivationCatalog.RowLength : 1;
        for (int n = 0; n <= MaxLength; n += step)
        {
            (float[] x, float[] dy) = ActivationGradientTests.RandomInputs(n, seed: n);
            var y = new float[n];
            var dx = new float[n];
            activation.Forward(x, y);
            activation.Gradient(x, y, dy, dx);
            Fixtures.AssertClose(activation.Reference(Array.ConvertAll(x, v => (double)v)), y, 1e-6, 1e-5, $"{name} n={n}");

            float[] inPlace = (float[])x.Clone();
            activation.Forward(inPlace, inPlace);
            Assert.Equal(y, inPlace);

            float[] gradientInPlace = (float[])dy.Clone();
            activation.Gradient(x, y, gradientInPlace, gradientInPlace);
            Assert.Equal(dx, gradientInPlace);
        }
    }

    [Fact]
    public void Gradients_AtKinks_TakeKerasSide()
    {
        float[] x = [0f, 6f, -3f];
        var dx = new float[3];
        Kernels.Activations.ReluGradient(x, new float[3], [1f, 1f, 1f], dx);
        Assert.Equal(0f, dx[0]); // relu′(0) = 0
        Kernels.Activations.EluGradient([0f], [0f], [1f], dx.AsSpan(0, 1));
        Assert.Equal(1f, dx[0]); // elu takes the x ≥ 0 branch at 0
        Kernels.Activations.Relu6Gradient(x, new float[3], [1f, 1f, 1f], dx);
        Assert.Equal([0f, 0f, 0f], dx);
    }

    [Fact]
    public void Relu_Infinities_MapLikeKeras()
    {
        float[] x = [float.NegativeInfinity, float.PositiveInfinity];
        var y = new float[2];
        Kernels.Activations.Relu(x, y, threshold: 0.5f);
        Assert.Equal([0f, float.PositiveInfinity], y);
        Kernels.Activations.Relu(x, y, negativeSlope: 0.1f, maxValue: 6f);
        Assert.Equal([float.NegativeInfinity, 6f], y);
    }

    /// <summary>After warm-up no kernel allocates (the generated training step must not).</summary>
    [Fact]
    public void Kernels_AfterWarmUp_DoNotAllocate()
    {
        (float[] x, float[] dy) = ActivationGradientTests.RandomInputs(64, seed: 1);
        var y = new float[64];
        var dx = new float[64];
        foreach (Activation a in ActivationCatalog.All) { a.Forward(x, y); a.Gradient(x, y, dy, dx); }
        foreach (Activation a in ActivationCatalog.All)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            a.Forward(x, y);
            a.Gradient(x, y, dy, dx);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() == before, $"{a.Name} allocated");
        }
    }

    [Fact]
    public void Softmax_RowsSumToOne_EvenForHugeLogits()
    {
        float[] x = [1000f, 999f, -1000f, 0f, 80f, 90f, 100f, 110f];
        var y = new float[8];
        Kernels.Activations.Softmax(x, y, rowLength: 4);
        Assert.Equal(1.0, y[..4].Sum(), 1e-6);
        Assert.Equal(1.0, y[4..].Sum(), 1e-6);
        Kernels.Activations.LogSoftmax(x, y, rowLength: 4);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    public void Softmax_AnyRowLength_MatchesTheComposedFormula_IncludingInfinitiesAndNaN(int rowLength)
    {
        // Rows of ordinary values, one +∞, all −∞, one NaN, and huge logits: short rows take their own path.
        var rng = new Rng((ulong)rowLength);
        int rows = 6;
        var x = new float[rows * rowLength];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextSingle() - 0.5f) * 40f;
        x[1 * rowLength] = float.PositiveInfinity;
        x.AsSpan(2 * rowLength, rowLength).Fill(float.NegativeInfinity);
        x[3 * rowLength + rowLength / 2] = float.NaN;
        x[4 * rowLength] = 1e30f;
        var y = new float[x.Length];
        Kernels.Activations.Softmax(x, y, rowLength);
        for (int r = 0; r < rows; r++)
        {
            float[] row = x.AsSpan(r * rowLength, rowLength).ToArray(), want = new float[rowLength];
            float max = System.Numerics.Tensors.TensorPrimitives.Max<float>(row);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, max, want);
            System.Numerics.Tensors.TensorPrimitives.Exp(want, want);
            System.Numerics.Tensors.TensorPrimitives.Divide(want, System.Numerics.Tensors.TensorPrimitives.Sum<float>(want), want);
            for (int j = 0; j < rowLength; j++)
            {
                float got = y[r * rowLength + j];
                if (float.IsNaN(want[j])) Assert.True(float.IsNaN(got), $"row {r} col {j}: want NaN, got {got}");
                else Assert.True(Math.Abs(got - want[j]) <= 1e-6f * Math.Abs(want[j]) + 1e-12f, $"row {r} col {j}: want {want[j]}, got {got}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)] // the 10-class head: one masked vector per row on AVX-512
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)] // past one vector: the span path
    [InlineData(100)]
    public void Softmax_AnyRowLength_MatchesDoubleReference(int rowLength)
    {
        var rng = new Rng((ulong)rowLength);
        const int rows = 7;
        var x = new float[rows * rowLength];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextSingle() - 0.5f) * (i % 3 == 0 ? 200f : 8f);
        x[0] = 1000f; // a row whose max would overflow e^x
        var y = new float[x.Length + 1];
        y[^1] = 42f;
        Kernels.Activations.Softmax(x, y.AsSpan(0, x.Length), rowLength);
        for (int r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * rowLength, rowLength).ToArray();
            double max = row.Max(), sum = row.Sum(v => Math.Exp(v - max));
            for (int j = 0; j < rowLength; j++)
                Assert.Equal(Math.Exp(row[j] - max) / sum, y[r * rowLength + j], 1e-6);
        }
        Assert.Equal(42f, y[^1]); // nothing written past the last row
    }

    [Fact]
    public void Softmax_NaNInARow_MakesOnlyThatRowNaN()
    {
        float[] x = [1f, float.NaN, 3f, 1f, 2f, 3f];
        var y = new float[6];
        Kernels.Activations.Softmax(x, y, rowLength: 3);
        Assert.All(y[..3], v => Assert.True(float.IsNaN(v)));
        Assert.All(y[3..], v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_OutputOfWrongLength_ThrowsNamingExpectedAndActual(string name)
    {
        Activation activation = ActivationCatalog.All.Single(a => a.Name == name);
        var e = Assert.Throws<ArgumentException>(() => activation.Forward(new float[16], new float[15]));
        Assert.Equal("y", e.ParamName);
        Assert.Contains("16", e.Message);
        Assert.Contains("15", e.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_AnySpanOfWrongLength_ThrowsNamingExpectedAndActual(string name)
    {
        Activation activation = ActivationCatalog.All.Single(a => a.Name == name);
        var ok = new float[16];
        foreach (var (bad, which) in new[] { (0, "y"), (1, "dy"), (2, "dx") })
        {
            var spans = new[] { new float[16], new float[16], new float[16] };
            spans[bad] = new float[17];
            var e = Assert.Throws<ArgumentException>(() => activation.Gradient(ok, spans[0], spans[1], spans[2]));
            Assert.Equal(which, e.ParamName);
            Assert.Contains("16", e.Message);
            Assert.Contains("17", e.Message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-8)]
    [InlineData(5)]
    public void Softmax_RowLengthNotDividingLength_Throws(int rowLength)
    {
        var x = new float[16];
        var e = Assert.Throws<ArgumentException>(() => Kernels.Activations.Softmax(x, new float[16], rowLength));
        Assert.Equal("rowLength", e.ParamName);
        Assert.Contains("16", e.Message);
        Assert.Contains(rowLength.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Throws<ArgumentException>(() => Kernels.Activations.LogSoftmaxGradient(x, x, x, new float[16], rowLength));
    }
}
