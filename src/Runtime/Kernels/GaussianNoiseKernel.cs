using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>GaussianNoise(stddev)</c> in training: <c>y = x + stddev·z</c> with <c>z</c> standard normal, drawn per element.
/// Its gradient is <c>dx = dy</c> (the noise does not depend on <c>x</c>). At inference it is the identity and needs no kernel.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GaussianNoiseKernel
{
    /// <summary>
    /// <c>y[i] = x[i] + stddev·z_i</c>, one <see cref="Rng.NextGaussian"/> per element, in order. <c>y</c> may be the very
    /// same span as <c>x</c>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, float stddev, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(stddev >= 0f) || float.IsInfinity(stddev))
            throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "Expected a finite, non-negative stddev.");
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        for (int i = 0; i < x.Length; i++) y[i] = x[i] + stddev * (float)rng.NextGaussian();
    }

    /// <summary><c>dx = dy</c>; <c>dx</c> may be the very same span as <c>dy</c>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx)
    {
        Conv2DKernel.CheckLength(dy.Length, dx.Length, nameof(dx), "the length of dy");
        dy.CopyTo(dx);
    }
}
