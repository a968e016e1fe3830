using System.Numerics.Tensors;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Add()</c>: <c>y = x₀ + x₁ + …</c> element-wise over same-shape inputs; every input's gradient is <c>dy</c>.
/// Two inputs: <see cref="Forward"/>; more: <see cref="Forward"/> then <see cref="Accumulate"/> per further input.
/// Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AddKernel
{
    /// <summary><c>y = a + b</c>; <c>y</c> may be the very same span as <c>a</c> or <c>b</c>.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Conv2DKernel.CheckLength(a.Length, b.Length, nameof(b), "the length of a");
        Conv2DKernel.CheckLength(a.Length, y.Length, nameof(y), "the length of a");
        TensorPrimitives.Add(a, b, y);
    }

    /// <summary><c>y += x</c>: adds a further input to the sum (or a further gradient contribution to a tensor's gradient).</summary>
    public static void Accumulate(ReadOnlySpan<float> x, Span<float> y)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        TensorPrimitives.Add(y, x, y);
    }

    /// <summary><c>da = dy</c>, <c>db = dy</c>; either may be empty (that input needs no gradient).</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> da, Span<float> db)
    {
        if (!da.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, da.Length, nameof(da), "the length of dy, or empty"); dy.CopyTo(da); }
        if (!db.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, db.Length, nameof(db), "the length of dy, or empty"); dy.CopyTo(db); }
    }
}
