using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GenNet.Kernels;

public static partial class BatchNormalizationKernel
{
    /// <summary>
    /// Inference BatchNormalization folded into the convolution before it (generated code, inference only):
    /// <c>BN(conv(x) + bias) = conv(x)·scale + shift</c> per channel with <c>scale = γ/√(movingVariance + ε)</c> and
    /// <c>shift = β + (bias − movingMean)·scale</c>. Writes <c>scaleShift = [scale[0..C), shift[0..C)]</c>, which
    /// <see cref="ApplyFolded"/> and the convolutions' <c>ForwardFolded…</c> entry points read. <paramref name="gamma"/>,
    /// <paramref name="beta"/> and <paramref name="bias"/> may be empty (γ = 1, β = 0, no bias). Equal to
    /// <see cref="ForwardInference"/> up to rounding (one multiply-add instead of a subtract, two multiplies and an add).
    /// </summary>
    public static void FoldInference(ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> movingMean,
        ReadOnlySpan<float> movingVariance, ReadOnlySpan<float> bias, Span<float> scaleShift, int channels, float epsilon = DefaultEpsilon)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected a positive channel count.");
        if (gamma.Length != 0) Conv2DKernel.CheckLength(channels, gamma.Length, nameof(gamma), "channels, or empty for scale=False");
        if (beta.Length != 0) Conv2DKernel.CheckLength(channels, beta.Length, nameof(beta), "channels, or empty for center=False");
        if (bias.Length != 0) Conv2DKernel.CheckLength(channels, bias.Length, nameof(bias), "channels, or empty for use_bias=False");
        Conv2DKernel.CheckLength(channels, movingMean.Length, nameof(movingMean), "channels");
        Conv2DKernel.CheckLength(channels, movingVariance.Length, nameof(movingVariance), "channels");
        Conv2DKernel.CheckLength(2 * channels, scaleShift.Length, nameof(scaleShift), "2·channels: scale, then shift");
        for (int c = 0; c < channels; c++)
        {
            // The inverse standard deviation as ForwardInference rounds it, so the two paths differ only in the last operations.
            float inverse = (float)(1.0 / Math.Sqrt(movingVariance[c] + (double)epsilon));
            float scale = (gamma.IsEmpty ? 1f : gamma[c]) * inverse;
            float centred = (bias.IsEmpty ? 0f : bias[c]) - movingMean[c];
            scaleShift[c] = scale;
            scaleShift[channels + c] = centred * scale + (beta.IsEmpty ? 0f : beta[c]);
        }
    }

    /// <summary>
    /// The folded epilogue in place over <c>y[rows, channels]</c>: <c>y = min(max(y·scale + shift, min), max)</c> per channel,
    /// <c>scaleShift</c> from <see cref="FoldInference"/>. The bounds are the activation after the BatchNormalization: 0 and 6
    /// for relu6, 0 and +∞ for relu, −∞ and +∞ for none. Vectors over a row's channels where they divide the channel count,
    /// else scalars; the same operations either way, so a value does not depend on the path.
    /// </summary>
    public static void ApplyFolded(Span<float> y, ReadOnlySpan<float> scaleShift, int rows, int channels, float min, float max)
    {
        if (rows < 0 || channels <= 0)
            throw new ArgumentException($"Expected non-negative rows and positive channels, but they are {rows} and {channels}.");
        Conv2DKernel.CheckLength(rows * channels, y.Length, nameof(y), "rows·channels");
        Conv2DKernel.CheckLength(2 * channels, scaleShift.Length, nameof(scaleShift), "2·channels: scale, then shift");
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float s0 = ref MemoryMarshal.GetReference(scaleShift);
        ref float t0 = ref Unsafe.Add(ref s0, channels);
        int step = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && channels % step == 0)
        {
            var lo = new Vector<float>(min);
            var hi = new Vector<float>(max);
            if (channels == step)
            {
                // One vector per row (16 channels on AVX2 is two): scale and shift stay in registers.
                var scale = Vector.LoadUnsafe(ref s0);
                var shift = Vector.LoadUnsafe(ref t0);
                for (nuint r = 0, end = (nuint)rows * (nuint)channels; r < end; r += (nuint)step)
                    Vector.Min(Vector.Max(Vector.LoadUnsafe(ref y0, r) * scale + shift, lo), hi).StoreUnsafe(ref y0, r);
                return;
            }
            for (nuint r = 0, at = 0; r < (nuint)rows; r++)
            {
                for (nuint c = 0; c < (nuint)channels; c += (nuint)step, at += (nuint)step)
                {
                    var value = Vector.LoadUnsafe(ref y0, at) * Vector.LoadUnsafe(ref s0, c) + Vector.LoadUnsafe(ref t0, c);
                    Vector.Min(Vector.Max(value, lo), hi).StoreUnsafe(ref y0, at);
                }
            }
            return;
        }
        for (int r = 0, at = 0; r < rows; r++)
        {
            for (int c = 0; c < channels; c++, at++)
            {
                float value = Unsafe.Add(ref y0, at) * Unsafe.Add(ref s0, c) + Unsafe.Add(ref t0, c);
                Unsafe.Add(ref y0, at) = Math.Min(Math.Max(value, min), max);
            }
        }
    }
}
