using GenNet.Tests.Support;
using Xunit;

namespace GenNet.Tests.Activations;

/// <summary>
/// Each gradient kernel against central differences of the float64 reference (<see cref="Activation.Reference"/>),
/// and each forward kernel against that same reference: together they tie the gradient to the forward pass.
/// </summary>
public class ActivationGradientTests
{
    public static TheoryData<string> Names => new(ActivationCatalog.All.Select(a => a.Name));

    private static Activation Find(string name) => ActivationCatalog.All.Single(a => a.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_RandomInputsAwayFromKinks_MatchesCentralDifferences(string name)
    {
        Activation activation = Find(name);
        (float[] x, float[] dy) = RandomInputs(64, seed: name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        double worst = WorstGradientError(activation, activation.Gradient, x, dy);
        Assert.True(worst <= 1, $"{name}: gradient error {worst:F2}× the tolerance");
    }

    /// <summary>The check has teeth: a plausible but wrong derivative (silu′ taken as σ) fails it by far.</summary>
    [Fact]
    public void GradientCheck_WrongDerivative_IsCaught()
    {
        Activation silu = Find("silu");
        (float[] x, float[] dy) = RandomInputs(64, seed: 7);
        GradientKernel wrong = (x, y, dy, dx) =>
        {
            Kernels.Activations.Sigmoid(x, dx);
            for (int i = 0; i < dx.Length; i++) dx[i] *= dy[i];
        };
        Assert.True(WorstGradientError(silu, wrong, x, dy) > 10);
        Assert.True(WorstGradientError(Find("tanh"), Find("sigmoid").Gradient, x, dy) > 10);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_RandomInputs_MatchesFloat64Reference(string name)
    {
        Activation activation = Find(name);
        (float[] x, _) = RandomInputs(64, seed: 3);
        var y = new float[x.Length];
        activation.Forward(x, y);
        Fixtures.AssertClose(activation.Reference(Array.ConvertAll(x, v => (double)v)), y, 1e-6, 1e-5, name);
    }

    /// <summary>Inputs far out (±100, ±1000) saturate cleanly: no overflow to NaN, values as the float64 formula.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardAndGradient_LargeInputs_StayFiniteAndCorrect(string name)
    {
        Activation activation = Find(name);
        float[] x = [-1000f, -100f, -88.7f, -30f, -20.5f, -9f, 9f, 20.5f, 30f, 88.7f, 100f, 1000f, -100f, 100f, 0.25f, -0.25f];
        float[] dy = Enumerable.Repeat(1f, x.Length).ToArray();
        var y = new float[x.Length];
        var dx = new float[x.Length];
        activation.Forward(x, y);
        activation.Gradient(x, y, dy, dx);

        double[] want = activation.Reference(Array.ConvertAll(x, v => (double)v));
        for (int i = 0; i < x.Length; i++)
        {
            Assert.False(float.IsNaN(y[i]) || float.IsNaN(dx[i]), $"{name}({x[i]}) gave y={y[i]}, dx={dx[i]}");
            float rounded = (float)want[i];
            if (float.IsInfinity(rounded)) Assert.Equal(rounded, y[i]);
            else Assert.True(Math.Abs(y[i] - want[i]) <= 1e-6 + 1e-5 * Math.Abs(want[i]), $"{name}({x[i]}): expected {want[i]:R}, got {y[i]:R}");
        }
    }

    /// <summary>
    /// Largest <c>|dx − dy·∂f/∂x| / (1e-6 + 1e-5·|dy·∂f/∂x|)</c>, the derivative of <c>L = Σ dy·f(x)</c> taken by
    /// central differences (step 1e-5) of the float64 reference; the kernel's gradient gets the kernel's own y.
    /// Truncation and rounding of the difference stay below 1e-9, far inside the tolerance.
    /// </summary>
    private static double WorstGradientError(Activation activation, GradientKernel gradient, float[] x, float[] dy)
    {
        var y = new float[x.Length];
        var dx = new float[x.Length];
        activation.Forward(x, y);
        gradient(x, y, dy, dx);

        double[] xd = Array.ConvertAll(x, v => (double)v);
        double Loss(double[] at) => activation.Reference(at).Zip(dy, (f, d) => f * d).Sum();
        const double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double saved = xd[i];
            xd[i] = saved + h;
            double up = Loss(xd);
            xd[i] = saved - h;
            double down = Loss(xd);
            xd[i] = saved;
            double want = (up - down) / (2 * h);
            worst = Math.Max(worst, Math.Abs(dx[i] - want) / (1e-6 + 1e-5 * Math.Abs(want)));
        }
        return worst;
    }

    /// <summary>x uniform in [−7, 7] but at least 0.02 from every kink; dy uniform in [−1, 1].</summary>
    internal static (float[] X, float[] Dy) RandomInputs(int length, int seed)
    {
        var random = new Random(seed);
        var x = new float[length];
        var dy = new float[length];
        for (int i = 0; i < length; i++)
        {
            float v;
            do v = (float)(random.NextDouble() * 14 - 7);
            while (ActivationCatalog.Kinks.Any(k => Math.Abs(v - k) < 0.02));
            x[i] = v;
            dy[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return (x, dy);
    }
}
