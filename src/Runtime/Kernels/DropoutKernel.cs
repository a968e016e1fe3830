using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Dropout(rate)</c> in training ("inverted" dropout): each element is kept with probability <c>1 − rate</c> and
/// scaled by <c>1/(1 − rate)</c>, else zeroed; <c>mask[i]</c> holds that factor (0 or <c>1/(1 − rate)</c>) so that
/// <c>y = x ⊙ mask</c> and <c>dx = dy ⊙ mask</c>. At inference Dropout is the identity and needs no kernel.
/// Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutKernel
{
    /// <summary>
    /// Draws <c>mask[i] = u_i ≥ rate ? 1/(1 − rate) : 0</c> with <c>u_i</c> uniform in [0, 1) from
    /// <paramref name="rng"/> (one <see cref="Rng.NextSingle"/> per element, in order), then <c>y = x ⊙ mask</c>.
    /// <paramref name="rate"/> must lie in [0, 1). <c>y</c> may be the very same span as <c>x</c>.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, Span<float> mask, float rate, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 0f && rate < 1f))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        Conv2DKernel.CheckLength(x.Length, mask.Length, nameof(mask), "the length of x");
        float scale = 1f / (1f - rate);
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextSingle() >= rate ? scale : 0f;
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, mask, y);
    }

    /// <summary><c>y = x ⊙ mask</c> with a given mask (as <see cref="Forward(ReadOnlySpan{float}, Span{float}, Span{float}, float, Rng)"/> stores it).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, Span<float> y)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        Conv2DKernel.CheckLength(x.Length, mask.Length, nameof(mask), "the length of x");
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, mask, y);
    }

    /// <summary><c>dx = dy ⊙ mask</c>; <c>dx</c> may be the very same span as <c>dy</c>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> mask, Span<float> dx)
    {
        Conv2DKernel.CheckLength(dy.Length, dx.Length, nameof(dx), "the length of dy");
        Conv2DKernel.CheckLength(dy.Length, mask.Length, nameof(mask), "the length of dy");
        System.Numerics.Tensors.TensorPrimitives.Multiply(dy, mask, dx);
    }
}
