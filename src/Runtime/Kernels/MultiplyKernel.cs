using System.Numerics.Tensors;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Multiply()</c>: <c>y = x₀ · x₁ · …</c> element-wise over same-shape inputs; input <c>k</c>'s gradient is
/// <c>dy</c> times every other input. Two inputs: <see cref="Forward"/> and <see cref="Backward"/>; more: <see cref="Forward"/>
/// then <see cref="Accumulate"/> per further input, and per input gradient the same two calls on <c>dy</c> and the other
/// inputs (<c>dx_k = dy · x_j</c>, then <c>dx_k ·= x_l</c> for each further <c>l ≠ k</c>). Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MultiplyKernel
{
    /// <summary><c>y = a · b</c>; <c>y</c> may be the very same span as <c>a</c> or <c>b</c>.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Conv2DKernel.CheckLength(a.Length, b.Length, nameof(b), "the length of a");
        Conv2DKernel.CheckLength(a.Length, y.Length, nameof(y), "the length of a");
        TensorPrimitives.Multiply(a, b, y);
    }

    /// <summary><c>y ·= x</c>: multiplies a further input into the product (or into a gradient being built).</summary>
    public static void Accumulate(ReadOnlySpan<float> x, Span<float> y)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        TensorPrimitives.Multiply(y, x, y);
    }

    /// <summary>
    /// Two inputs: writes <c>da = dy · b</c> and <c>db = dy · a</c>; either may be empty (that input needs no gradient).
    /// Neither may overlap <c>dy</c>, <c>a</c> or <c>b</c>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> da, Span<float> db)
    {
        Conv2DKernel.CheckLength(dy.Length, a.Length, nameof(a), "the length of dy");
        Conv2DKernel.CheckLength(dy.Length, b.Length, nameof(b), "the length of dy");
        if (!da.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, da.Length, nameof(da), "the length of dy, or empty"); TensorPrimitives.Multiply(dy, b, da); }
        if (!db.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, db.Length, nameof(db), "the length of dy, or empty"); TensorPrimitives.Multiply(dy, a, db); }
    }
}
