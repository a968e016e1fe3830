using System.Numerics.Tensors;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Average()</c>: <c>y = (x₀ + x₁ + …) / n</c> element-wise over <c>n</c> same-shape inputs (the sum, then one
/// division, as Keras computes it); every input's gradient is <c>dy / n</c>. Two inputs: <see cref="Forward"/>; more:
/// <see cref="Sum"/>, <see cref="Accumulate"/> per further input, then <see cref="Divide"/> by <c>n</c>. Forward and
/// backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AverageKernel
{
    /// <summary><c>y = (a + b) / 2</c>; <c>y</c> may be the very same span as <c>a</c> or <c>b</c>.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Sum(a, b, y);
        TensorPrimitives.Divide(y, 2f, y);
    }

    /// <summary><c>y = a + b</c>: the first step of an average of more than two inputs.</summary>
    public static void Sum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Conv2DKernel.CheckLength(a.Length, b.Length, nameof(b), "the length of a");
        Conv2DKernel.CheckLength(a.Length, y.Length, nameof(y), "the length of a");
        TensorPrimitives.Add(a, b, y);
    }

    /// <summary><c>y += x</c>: adds a further input to the sum.</summary>
    public static void Accumulate(ReadOnlySpan<float> x, Span<float> y)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        TensorPrimitives.Add(y, x, y);
    }

    /// <summary><c>y /= count</c>: turns the sum of <paramref name="count"/> inputs into their mean.</summary>
    public static void Divide(Span<float> y, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected count to be at least 1.");
        TensorPrimitives.Divide(y, (float)count, y);
    }

    /// <summary>
    /// Writes <c>da = dy / count</c> and <c>db = dy / count</c>; either may be empty (that input needs no gradient).
    /// <paramref name="count"/> is the number of inputs averaged.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> da, Span<float> db, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected count to be at least 1.");
        if (!da.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, da.Length, nameof(da), "the length of dy, or empty"); TensorPrimitives.Divide(dy, (float)count, da); }
        if (!db.IsEmpty) { Conv2DKernel.CheckLength(dy.Length, db.Length, nameof(db), "the length of dy, or empty"); TensorPrimitives.Divide(dy, (float)count, db); }
    }
}
