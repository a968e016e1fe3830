using System.Numerics;

namespace GenNet.Kernels;

public static partial class Activations
{
    private const double Sqrt2OverPi = 0.79788456080286535588, InvSqrt2 = 0.70710678118654752440,
        InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>
    /// Keras <c>gelu(x, approximate)</c>: exact <c>y = x·Φ(x) = ½x(1 + erf(x/√2))</c> (the activation's default), or
    /// <c>y = ½x(1 + tanh u)</c>, <c>u = √(2/π)(x + 0.044715x³)</c>, when <paramref name="approximate"/>.
    /// </summary>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y, bool approximate = false)
    {
        if (approximate) Map(new GeluTanhOperator(), x, y);
        else Map(new GeluOperator(), x, y);
    }

    /// <summary>
    /// Gradient of <see cref="Gelu"/>: exact <c>dx = (Φ(x) + x·φ(x))·dy</c>, φ the standard normal density;
    /// approximate <c>dx = (½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 0.134145x²))·dy</c>.
    /// </summary>
    public static void GeluGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        bool approximate = false)
    {
        if (approximate) MapGradient(new GeluTanhGradientOperator(), x, y, dy, dx);
        else MapGradient(new GeluGradientOperator(), x, y, dy, dx);
    }

    /// <summary>
    /// <c>erfc(z)</c> for <c>z ≥ 0</c> with fractional error below 1.2e-7 everywhere, from the Chebyshev fit
    /// <c>t·exp(−z² + P(t))</c>, <c>t = 1/(1 + z/2)</c> (Press et al., Numerical Recipes in C, 2nd ed., §6.2,
    /// <c>erfcc</c>). Evaluated in double, so only the fit's error remains: below float's half-ulp for Φ.
    /// </summary>
    private static double Erfc(double z)
    {
        double t = 1 / (1 + 0.5 * z);
        double p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        return t * Math.Exp(-z * z + p);
    }

    /// <inheritdoc cref="Erfc(double)"/>
    private static Vector<double> Erfc(Vector<double> z)
    {
        Vector<double> t = Vector<double>.One / (Vector<double>.One + new Vector<double>(0.5) * z);
        Vector<double> p = new(0.17087277);
        p = p * t + new Vector<double>(-0.82215223);
        p = p * t + new Vector<double>(1.48851587);
        p = p * t + new Vector<double>(-1.13520398);
        p = p * t + new Vector<double>(0.27886807);
        p = p * t + new Vector<double>(-0.18628806);
        p = p * t + new Vector<double>(0.09678418);
        p = p * t + new Vector<double>(0.37409196);
        p = p * t + new Vector<double>(1.00002368);
        p = p * t + new Vector<double>(-1.26551223);
        return t * Vector.Exp(p - z * z);
    }

    /// <summary>Standard normal CDF <c>Φ(x) = ½erfc(−x/√2)</c>, taking erfc of |x| so it stays relative-accurate in both tails.</summary>
    private static double Phi(double x)
    {
        double half = 0.5 * Erfc(Math.Abs(x) * InvSqrt2);
        return x >= 0 ? 1 - half : half;
    }

    /// <inheritdoc cref="Phi(double)"/>
    private static Vector<double> Phi(Vector<double> x)
    {
        Vector<double> half = new Vector<double>(0.5) * Erfc(Vector.Abs(x) * new Vector<double>(InvSqrt2));
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), Vector<double>.One - half, half);
    }

    /// <summary>Exact GELU <c>y = x·Φ(x)</c>, in double (widened vectors).</summary>
    private readonly struct GeluOperator : IOperator
    {
        public float Invoke(float x) => (float)(x * Phi(x));

        public Vector<float> Invoke(Vector<float> x)
        {
            Vector.Widen(x, out Vector<double> lo, out Vector<double> hi);
            return Vector.Narrow(lo * Phi(lo), hi * Phi(hi));
        }
    }

    /// <summary><c>dx = (Φ(x) + x·φ(x))·dy</c>, <c>φ(x) = e^(−x²/2)/√(2π)</c>, in double.</summary>
    private readonly struct GeluGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy)
        {
            double xd = x;
            return (float)((Phi(xd) + xd * InvSqrt2Pi * Math.Exp(-0.5 * xd * xd)) * dy);
        }

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector.Widen(x, out Vector<double> lo, out Vector<double> hi);
            return Vector.Narrow(Derivative(lo), Derivative(hi)) * dy;

            static Vector<double> Derivative(Vector<double> x) =>
                Phi(x) + x * new Vector<double>(InvSqrt2Pi) * Vector.Exp(new Vector<double>(-0.5) * x * x);
        }
    }

    /// <summary>
    /// Tanh GELU as <c>y = x·σ(2u)</c> (since ½(1 + tanh u) = σ(2u)), with σ from <see cref="SigmoidPair(Vector{float})"/>
    /// so large |x| cannot overflow.
    /// </summary>
    private readonly struct GeluTanhOperator : IOperator
    {
        public float Invoke(float x)
        {
            double xd = x;
            return (float)(xd * SigmoidPair(2 * Sqrt2OverPi * (xd + 0.044715 * xd * xd * xd)).Sigmoid);
        }

        public Vector<float> Invoke(Vector<float> x) =>
            x * SigmoidPair(new Vector<float>((float)(2 * Sqrt2OverPi)) * (x + new Vector<float>(0.044715f) * x * x * x)).Sigmoid;
    }

    /// <summary>
    /// <c>dx = (s + 2x·s(1 − s)·√(2/π)(1 + 0.134145x²))·dy</c> with <c>s = σ(2u)</c>, the same as
    /// <c>½(1 + tanh u) + ½x(1 − tanh²u)·u′</c>.
    /// </summary>
    private readonly struct GeluTanhGradientOperator : IGradientOperator
    {
        public float Invoke(float x, float y, float dy)
        {
            double xd = x;
            var (s, c) = SigmoidPair(2 * Sqrt2OverPi * (xd + 0.044715 * xd * xd * xd));
            return (float)((s + 2 * xd * s * c * Sqrt2OverPi * (1 + 0.134145 * xd * xd)) * dy);
        }

        public Vector<float> Invoke(Vector<float> x, Vector<float> y, Vector<float> dy)
        {
            Vector<float> x2 = x * x;
            var (s, c) = SigmoidPair(new Vector<float>((float)(2 * Sqrt2OverPi)) * (x + new Vector<float>(0.044715f) * x2 * x));
            Vector<float> du = new Vector<float>((float)(2 * Sqrt2OverPi)) * (Vector<float>.One + new Vector<float>(0.134145f) * x2);
            return (s + x * s * c * du) * dy;
        }
    }
}
