using System.Numerics.Tensors;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Subtract()</c>: <c>y = a − b</c> element-wise over two same-shape inputs (exactly two, as in Keras);
/// <c>da = dy</c>, <c>db = −dy</c>. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SubtractKernel
{
    /// <summary><c>y = a − b</c>; <c>y</c> may be the very same span as <c>a</c> or <c>b</c>.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Conv2DKernel.CheckLength(a.Length, b.Length, nameof(b), "the length of a");
        Conv2DKernel.CheckLength(a.Length, y.Length, nameof(y), "the length of a");
        TensorPrimitives.Subtract(a, b, y);
    }

    /// <summary>Writes <c>da = dy</c> and <c>db = −dy</c>; either may be empty (that input needs no gradient).</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> da, Span<float> db)
    {
        if (!da.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, da.Length, nameof(da), "the length of dy, or empty"); dy.CopyTo(da); }
        if (!db.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, db.Length, nameof(db), "the length of dy, or empty"); TensorPrimitives.Negate(dy, db); }
    }
}
