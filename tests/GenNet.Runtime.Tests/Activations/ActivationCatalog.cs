using GenNet.Kernels;

namespace GenNet.Tests.Activations;

internal delegate void ForwardKernel(ReadOnlySpan<float> x, Span<float> y);

internal delegate void GradientKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

/// <summary>
/// One activation as the generated code calls it (kernel + gradient with bound arguments) next to a plain float64
/// reference written straight from the formula in KERAS-SEMANTICS.md §1, independent of the kernel's numerics.
/// </summary>
internal sealed record Activation(string Name, ForwardKernel Forward, GradientKernel Gradient, Func<double[], double[]> Reference)
{
    public override string ToString() => Name;
}

internal static class ActivationCatalog
{
    public const int RowLength = 8;

    /// <summary>Every activation, with the parameter variants worth checking (incl. the relu edge cases).</summary>
    public static readonly IReadOnlyList<Activation> All =
    [
        Create("linear"),
        Create("relu"),
        Create("relu", new() { ["negative_slope"] = 0.1 }),
        Create("relu", new() { ["max_value"] = 6.0 }),
        Create("relu", new() { ["max_value"] = 2.5 }),
        Create("relu", new() { ["threshold"] = 0.5 }),
        Create("relu", new() { ["negative_slope"] = 0.1, ["max_value"] = 2.5, ["threshold"] = 0.5 }),
        Create("relu", new() { ["negative_slope"] = 0.1, ["threshold"] = -1.0 }),
        Create("relu", new() { ["max_value"] = 2.0, ["threshold"] = -1.0 }),
        Create("relu6"),
        Create("leaky_relu", new() { ["negative_slope"] = 0.2 }),
        Create("leaky_relu", new() { ["negative_slope"] = 0.3 }),
        Create("elu", new() { ["alpha"] = 1.0 }),
        Create("elu", new() { ["alpha"] = 0.5 }),
        Create("selu"),
        Create("gelu", new() { ["approximate"] = 0.0 }),
        Create("gelu", new() { ["approximate"] = 1.0 }),
        Create("sigmoid"),
        Create("hard_sigmoid"),
        Create("hard_sigmoid_keras2"),
        Create("hard_silu"),
        Create("softplus"),
        Create("softsign"),
        Create("tanh"),
        Create("softmax"),
        Create("log_softmax"),
        Create("silu"),
        Create("mish"),
        Create("exponential"),
    ];

    /// <summary>Points where some activation above has a kink; random inputs keep away from them.</summary>
    public static readonly double[] Kinks = [0, 0.5, -1, 2, 2.5, -2.5, 3, -3, 6];

    public static bool IsRowwise(Activation a) => a.Name.StartsWith("softmax") || a.Name.StartsWith("log_softmax");

    /// <summary>The kernels for a Keras activation name and its parameters (as in activations.json).</summary>
    public static Activation Create(string activation, Dictionary<string, double>? parameters = null, int rowLength = RowLength)
    {
        parameters ??= [];
        double Get(string key, double fallback) => parameters.TryGetValue(key, out double v) ? v : fallback;
        string name = activation + string.Concat(parameters.Select(p => $"_{p.Key}={p.Value}"));
        Func<double[], double[]> map(Func<double, double> f) => xs => xs.Select(f).ToArray();

        switch (activation)
        {
            case "linear":
                return new(name, Kernels.Activations.Linear, Kernels.Activations.LinearGradient, map(x => x));
            case "relu":
            {
                float a = (float)Get("negative_slope", 0), t = (float)Get("threshold", 0);
                double? m = parameters.TryGetValue("max_value", out double mv) ? mv : null;
                float mf = m is double md ? (float)md : float.PositiveInfinity;
                return new(name, (x, y) => Kernels.Activations.Relu(x, y, a, mf, t),
                    (x, y, dy, dx) => Kernels.Activations.ReluGradient(x, y, dy, dx, a, mf, t),
                    map(x => KerasRelu(x, a, m, t)));
            }
            case "relu6":
                return new(name, Kernels.Activations.Relu6, Kernels.Activations.Relu6Gradient, map(x => Math.Clamp(x, 0, 6)));
            case "leaky_relu":
            {
                float a = (float)Get("negative_slope", 0.2);
                return new(name, (x, y) => Kernels.Activations.LeakyRelu(x, y, a),
                    (x, y, dy, dx) => Kernels.Activations.LeakyReluGradient(x, y, dy, dx, a), map(x => x >= 0 ? x : a * x));
            }
            case "elu":
            {
                float a = (float)Get("alpha", 1);
                return new(name, (x, y) => Kernels.Activations.Elu(x, y, a),
                    (x, y, dy, dx) => Kernels.Activations.EluGradient(x, y, dy, dx, a), map(x => x >= 0 ? x : a * (Math.Exp(x) - 1)));
            }
            case "selu":
            {
                const double alpha = 1.6732632423543772, scale = 1.0507009873554805;
                return new(name, Kernels.Activations.Selu, Kernels.Activations.SeluGradient,
                    map(x => scale * (x >= 0 ? x : alpha * (Math.Exp(x) - 1))));
            }
            case "gelu":
            {
                bool approximate = Get("approximate", 0) != 0;
                Func<double, double> f = approximate
                    ? x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))
                    : x => x * NormalCdf(x);
                return new(name, (x, y) => Kernels.Activations.Gelu(x, y, approximate),
                    (x, y, dy, dx) => Kernels.Activations.GeluGradient(x, y, dy, dx, approximate), map(f));
            }
            case "sigmoid":
                return new(name, Kernels.Activations.Sigmoid, Kernels.Activations.SigmoidGradient, map(Sigmoid));
            case "hard_sigmoid":
                return new(name, Kernels.Activations.HardSigmoid, Kernels.Activations.HardSigmoidGradient, map(HardSigmoid));
            case "hard_sigmoid_keras2":
                return new(name, Kernels.Activations.HardSigmoidKeras2, Kernels.Activations.HardSigmoidKeras2Gradient,
                    map(x => Math.Clamp(0.2 * x + 0.5, 0, 1)));
            case "hard_silu" or "hard_swish":
                return new(name, Kernels.Activations.HardSilu, Kernels.Activations.HardSiluGradient, map(x => x * HardSigmoid(x)));
            case "softplus":
                return new(name, Kernels.Activations.Softplus, Kernels.Activations.SoftplusGradient, map(Softplus));
            case "softsign":
                return new(name, Kernels.Activations.Softsign, Kernels.Activations.SoftsignGradient, map(x => x / (1 + Math.Abs(x))));
            case "tanh":
                return new(name, Kernels.Activations.Tanh, Kernels.Activations.TanhGradient, map(Math.Tanh));
            case "softmax":
                return new(name, (x, y) => Kernels.Activations.Softmax(x, y, rowLength),
                    (x, y, dy, dx) => Kernels.Activations.SoftmaxGradient(x, y, dy, dx, rowLength), xs => Rows(xs, rowLength, log: false));
            case "log_softmax":
                return new(name, (x, y) => Kernels.Activations.LogSoftmax(x, y, rowLength),
                    (x, y, dy, dx) => Kernels.Activations.LogSoftmaxGradient(x, y, dy, dx, rowLength), xs => Rows(xs, rowLength, log: true));
            case "silu" or "swish":
                return new(name, Kernels.Activations.Silu, Kernels.Activations.SiluGradient, map(x => x * Sigmoid(x)));
            case "mish":
                return new(name, Kernels.Activations.Mish, Kernels.Activations.MishGradient, map(x => x * Math.Tanh(Softplus(x))));
            case "exponential":
                return new(name, Kernels.Activations.Exponential, Kernels.Activations.ExponentialGradient, map(Math.Exp));
            default:
                throw new ArgumentException($"Unknown activation '{activation}'.", nameof(activation));
        }
    }

    /// <summary>Keras 3 <c>ReLU.static_call</c>, step by step, in double (null max = <c>max_value=None</c>).</summary>
    private static double KerasRelu(double x, double slope, double? max, double threshold)
    {
        if (slope != 0 && max is null && threshold == 0) return x >= 0 ? x : slope * x;
        double negativePart = slope != 0 ? Math.Max(threshold - x, 0) : 0;
        double positive = threshold != 0 ? (x > threshold ? x : 0) : Math.Max(x, 0);
        if (max is double m) positive = Math.Clamp(positive, 0, m);
        return positive - slope * negativePart;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double HardSigmoid(double x) => Math.Clamp(x + 3, 0, 6) / 6;

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>Φ(x) = ½ ± ∫₀^|x| φ, by composite Simpson's rule (2000 panels): a check independent of any erf fit.</summary>
    private static double NormalCdf(double x)
    {
        const int n = 2000;
        double a = Math.Min(Math.Abs(x), 40), h = a / n, sum = Density(0) + Density(a);
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * Density(i * h);
        double integral = sum * h / 3;
        return x >= 0 ? 0.5 + integral : 0.5 - integral;

        static double Density(double t) => Math.Exp(-0.5 * t * t) / Math.Sqrt(2 * Math.PI);
    }

    private static double[] Rows(double[] x, int rowLength, bool log)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length; r += rowLength)
        {
            double max = x.Skip(r).Take(rowLength).Max();
            double sum = x.Skip(r).Take(rowLength).Sum(v => Math.Exp(v - max));
            for (int i = r; i < r + rowLength; i++)
                y[i] = log ? x[i] - max - Math.Log(sum) : Math.Exp(x[i] - max) / sum;
        }
        return y;
    }
}
