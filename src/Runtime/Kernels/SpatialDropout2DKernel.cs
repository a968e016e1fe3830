using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>SpatialDropout2D(rate)</c> in training on NHWC images: each sample's channel <c>c</c> is kept with probability
/// <c>1 − rate</c> (scaled by <c>1/(1 − rate)</c>) or zeroed at every pixel, i.e. dropout with <c>noise_shape =
/// (batch, 1, 1, channels)</c>. The factor is stored per element in <c>mask</c>, so the gradient is
/// <see cref="DropoutKernel.Backward"/>. At inference it is the identity and needs no kernel.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpatialDropout2DKernel
{
    /// <summary>
    /// Per sample, draws <c>keep[c] = u_c ≥ rate ? 1/(1 − rate) : 0</c> with <c>u_c</c> uniform in [0, 1) from
    /// <paramref name="rng"/> (one <see cref="Rng.NextSingle"/> per channel, samples in order), writes it to every pixel of
    /// <paramref name="mask"/>, then <c>y = x ⊙ mask</c>. <c>y</c> may be the very same span as <c>x</c>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float rate, Rng rng, int batch, int pixels, int channels)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0f && rate < 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        if (batch < 0 || pixels <= 0 || channels <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive pixels and channels, but they are {batch}, {pixels}, {channels}.");
        Conv2DKernel.CheckLength(batch * pixels * channels, x.Length, nameof(x), "batch·pixels·channels");
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        Conv2DKernel.CheckLength(x.Length, mask.Length, nameof(mask), "the length of x");
        float scale = 1f / (1f - rate);
        int image = pixels * channels;
        for (int n = 0; n < batch; n++)
        {
            Span<float> first = mask.Slice(n * image, channels);
            for (int c = 0; c < channels; c++) first[c] = rng.NextSingle() >= rate ? scale : 0f;
            for (int p = 1; p < pixels; p++) first.CopyTo(mask.Slice(n * image + p * channels, channels));
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, mask, y);
    }
}
