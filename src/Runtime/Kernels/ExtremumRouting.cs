using System.Numerics;

namespace GenNet.Kernels;

/// <summary>
/// The gradient routing shared by <see cref="MaximumKernel"/> and <see cref="MinimumKernel"/>: each element's gradient goes
/// whole to the input that holds the extremum, and on a tie to the earliest such input (TensorFlow's
/// <c>where(x &gt;= y, dy, 0)</c> for <c>maximum(x, y)</c>, chained the way Keras folds its inputs left to right).
/// Input <c>x</c> beats an input that comes before it only strictly, and one that comes after it on ties too.
/// </summary>
internal static class ExtremumRouting
{
    internal interface IOrder
    {
        /// <summary>All-ones lanes where <paramref name="x"/> beats <paramref name="other"/> (strictly, or on ties too).</summary>
        static abstract Vector<int> Beats(Vector<float> x, Vector<float> other, bool strict);

        static abstract bool Beats(float x, float other, bool strict);
    }

    internal readonly struct Greater : IOrder
    {
        public static Vector<int> Beats(Vector<float> x, Vector<float> other, bool strict) =>
            strict ? Vector.GreaterThan(x, other) : Vector.GreaterThanOrEqual(x, other);

        public static bool Beats(float x, float other, bool strict) => strict ? x > other : x >= other;
    }

    internal readonly struct Less : IOrder
    {
        public static Vector<int> Beats(Vector<float> x, Vector<float> other, bool strict) =>
            strict ? Vector.LessThan(x, other) : Vector.LessThanOrEqual(x, other);

        public static bool Beats(float x, float other, bool strict) => strict ? x < other : x <= other;
    }

    /// <summary>Two inputs: <c>da = a beats-or-ties b ? dy : 0</c>, <c>db</c> the rest; either may be empty.</summary>
    public static void Pair<T>(ReadOnlySpan<float> dy, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> da, Span<float> db) where T : IOrder
    {
        Conv2DKernel.CheckLength(dy.Length, a.Length, nameof(a), "the length of dy");
        Conv2DKernel.CheckLength(dy.Length, b.Length, nameof(b), "the length of dy");
        if (!da.IsEmpty) Conv2DKernel.CheckLength(dy.Length, da.Length, nameof(da), "the length of dy, or empty");
        if (!db.IsEmpty) Conv2DKernel.CheckLength(dy.Length, db.Length, nameof(db), "the length of dy, or empty");
        if (!da.IsEmpty) Select<T>(a, b, strict: false, dy, da);
        if (!db.IsEmpty) Select<T>(b, a, strict: true, dy, db);
    }

    /// <summary><c>dx = (x beats other) ? source : 0</c>, where <c>x</c> beats an earlier <c>other</c> only strictly.</summary>
    public static void Select<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> other, bool strict, ReadOnlySpan<float> source, Span<float> dx) where T : IOrder
    {
        int n = dx.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int w = Vector<float>.Count;
            for (; i + w <= n; i += w)
            {
                Vector<int> beats = T.Beats(new Vector<float>(x.Slice(i)), new Vector<float>(other.Slice(i)), strict);
                Vector.ConditionalSelect(beats, new Vector<float>(source.Slice(i)), Vector<float>.Zero).CopyTo(dx.Slice(i));
            }
        }
        for (; i < n; i++) dx[i] = T.Beats(x[i], other[i], strict) ? source[i] : 0f;
    }

    public static void Part<T>(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> other, Span<float> dx, bool otherComesFirst) where T : IOrder
    {
        Conv2DKernel.CheckLength(dy.Length, x.Length, nameof(x), "the length of dy");
        Conv2DKernel.CheckLength(dy.Length, other.Length, nameof(other), "the length of dy");
        Conv2DKernel.CheckLength(dy.Length, dx.Length, nameof(dx), "the length of dy");
        Select<T>(x, other, otherComesFirst, dy, dx);
    }

    public static void Keep<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> other, Span<float> dx, bool otherComesFirst) where T : IOrder
    {
        Conv2DKernel.CheckLength(x.Length, other.Length, nameof(other), "the length of x");
        Conv2DKernel.CheckLength(x.Length, dx.Length, nameof(dx), "the length of x");
        Select<T>(x, other, otherComesFirst, dx, dx);
    }
}
