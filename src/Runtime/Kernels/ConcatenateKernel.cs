using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Concatenate(axis)</c> on row-major tensors. With <c>outer</c> = the product of the dimensions before the axis
/// (batch included) and each input's <c>inner</c> = its axis length times the product of the dimensions after it, every
/// input is <c>[outer, inner_k]</c> and the output <c>[outer, Σ inner_k]</c>: row <c>o</c> of the output is row <c>o</c> of
/// each input, one after the other. The gradient splits <c>dy</c> back the same way. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConcatenateKernel
{
    /// <summary><c>y[o, 0..innerA) = a[o, ·]</c>, <c>y[o, innerA..innerA+innerB) = b[o, ·]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, int outer, int innerA, int innerB)
    {
        CheckOuter(outer, y.Length, innerA + innerB, "y");
        Conv2DKernel.CheckLength(outer * innerA, a.Length, nameof(a), "outer·innerA");
        Conv2DKernel.CheckLength(outer * innerB, b.Length, nameof(b), "outer·innerB");
        ForwardPart(a, y, outer, innerA, 0, innerA + innerB);
        ForwardPart(b, y, outer, innerB, innerA, innerA + innerB);
    }

    /// <summary><c>da[o, ·] = dy[o, 0..innerA)</c>, <c>db[o, ·] = dy[o, innerA..)</c>; either may be empty (no gradient needed).</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> da, Span<float> db, int outer, int innerA, int innerB)
    {
        CheckOuter(outer, dy.Length, innerA + innerB, "dy");
        if (!da.IsEmpty) Conv2DKernel.CheckLength(outer * innerA, da.Length, nameof(da), "outer·innerA, or empty");
        if (!db.IsEmpty) Conv2DKernel.CheckLength(outer * innerB, db.Length, nameof(db), "outer·innerB, or empty");
        if (!da.IsEmpty) BackwardPart(dy, da, outer, innerA, 0, innerA + innerB);
        if (!db.IsEmpty) BackwardPart(dy, db, outer, innerB, innerA, innerA + innerB);
    }

    /// <summary>
    /// One input of a concatenation of any number: <c>y[o, offset..offset+inner) = x[o, ·]</c>, where <c>y</c> is
    /// <c>[outer, total]</c> and <c>offset</c> is the sum of the earlier inputs' inner sizes.
    /// </summary>
    public static void ForwardPart(ReadOnlySpan<float> x, Span<float> y, int outer, int inner, int offset, int total)
    {
        CheckPart(x.Length, "x", y.Length, "y", outer, inner, offset, total);
        for (int o = 0; o < outer; o++) x.Slice(o * inner, inner).CopyTo(y.Slice(o * total + offset, inner));
    }

    /// <summary>The gradient of <see cref="ForwardPart"/>: <c>dx[o, ·] = dy[o, offset..offset+inner)</c>.</summary>
    public static void BackwardPart(ReadOnlySpan<float> dy, Span<float> dx, int outer, int inner, int offset, int total)
    {
        CheckPart(dx.Length, "dx", dy.Length, "dy", outer, inner, offset, total);
        for (int o = 0; o < outer; o++) dy.Slice(o * total + offset, inner).CopyTo(dx.Slice(o * inner, inner));
    }

    private static void CheckOuter(int outer, int length, int total, string name)
    {
        if (outer < 0) throw new ArgumentOutOfRangeException(nameof(outer), outer, "Expected a non-negative outer size.");
        Conv2DKernel.CheckLength(outer * total, length, name, "outer·(innerA + innerB)");
    }

    private static void CheckPart(int partLength, string partName, int wholeLength, string wholeName, int outer, int inner, int offset, int total)
    {
        if (outer < 0 || inner < 0 || offset < 0 || offset + inner > total)
            throw new ArgumentException($"Expected 0 ≤ offset and offset + inner ≤ total, with non-negative sizes, but outer={outer}, inner={inner}, offset={offset}, total={total}.");
        Conv2DKernel.CheckLength(outer * inner, partLength, partName, "outer·inner");
        Conv2DKernel.CheckLength(outer * total, wholeLength, wholeName, "outer·total");
    }
}
