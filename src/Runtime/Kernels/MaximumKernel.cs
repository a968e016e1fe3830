using System.Numerics.Tensors;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Maximum()</c>: <c>y = max(x₀, x₁, …)</c> element-wise over same-shape inputs. Each element's gradient goes whole
/// to the input holding the maximum; on a tie, to the earliest such input (TensorFlow's gradient of <c>maximum(x, y)</c> is
/// <c>where(x ≥ y, dy, 0)</c> for <c>x</c>, and Keras folds the inputs left to right). Two inputs: <see cref="Forward"/> and
/// <see cref="Backward"/>; more: <see cref="Forward"/> then <see cref="Accumulate"/> per further input, and per input gradient
/// <see cref="BackwardPart"/> against one other input, then <see cref="KeepWins"/> against each further one. Forward and
/// backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MaximumKernel
{
    /// <summary><c>y = max(a, b)</c>; <c>y</c> may be the very same span as <c>a</c> or <c>b</c>. NaN propagates.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        Conv2DKernel.CheckLength(a.Length, b.Length, nameof(b), "the length of a");
        Conv2DKernel.CheckLength(a.Length, y.Length, nameof(y), "the length of a");
        TensorPrimitives.Max(a, b, y);
    }

    /// <summary><c>y = max(y, x)</c>: folds a further input into the maximum.</summary>
    public static void Accumulate(ReadOnlySpan<float> x, Span<float> y)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        TensorPrimitives.Max(y, x, y);
    }

    /// <summary>
    /// Two inputs: writes <c>da = (a ≥ b) ? dy : 0</c> and <c>db = (a ≥ b) ? 0 : dy</c>; either may be empty (that
    /// input needs no gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> da, Span<float> db) =>
        ExtremumRouting.Pair<ExtremumRouting.Greater>(dy, a, b, da, db);

    /// <summary>
    /// One input's gradient, first step: <c>dx = dy</c> where <paramref name="x"/> wins against <paramref name="other"/>, else 0.
    /// <paramref name="x"/> wins against an input that comes before it in the layer's list only when strictly &gt;, against one
    /// after it on ties too.
    /// </summary>
    public static void BackwardPart(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> other, Span<float> dx, bool otherComesFirst) =>
        ExtremumRouting.Part<ExtremumRouting.Greater>(dy, x, other, dx, otherComesFirst);

    /// <summary>Zeroes <c>dx</c> where <paramref name="x"/> loses to a further input <paramref name="other"/> (the rule of <see cref="BackwardPart"/>).</summary>
    public static void KeepWins(ReadOnlySpan<float> x, ReadOnlySpan<float> other, Span<float> dx, bool otherComesFirst) =>
        ExtremumRouting.Keep<ExtremumRouting.Greater>(x, other, dx, otherComesFirst);
}
