using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>How a <c>Bidirectional</c> layer combines its forward and backward halves (Keras <c>merge_mode</c>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum BidirectionalMergeMode
{
    /// <summary><c>"concat"</c> (Keras' default): forward then backward on the last axis, <c>2·units</c> wide.</summary>
    Concat,

    /// <summary><c>"sum"</c>: <c>f + b</c>.</summary>
    Sum,

    /// <summary><c>"mul"</c>: <c>f · b</c>.</summary>
    Mul,

    /// <summary><c>"ave"</c>: <c>(f + b) / 2</c>.</summary>
    Ave,
}

/// <summary>
/// The merge step of Keras <c>Bidirectional(layer, merge_mode)</c> (keras/src/layers/rnn/bidirectional.py). The forward half
/// gives <c>f</c>, the backward half (which read the steps last to first) gives <c>b</c> in its processing order; with
/// <c>return_sequences</c> <c>b</c> is flipped back first, so merged step <c>t</c> pairs <c>f_t</c> with <c>b_{S−1−t}</c>:
/// <code>
/// concat: y_t = [f_t, b'_t]      sum: y_t = f_t + b'_t      mul: y_t = f_t · b'_t      ave: y_t = (f_t + b'_t) / 2
/// </code>
/// Gradients: concat splits <c>dy</c>; sum copies it to both; ave halves it; mul gives <c>df = dy · b'</c>,
/// <c>db' = dy · f</c>. Every element is computed independently (no reductions), so results do not depend on threads.
/// Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BidirectionalKernel
{
    /// <summary>Merges the halves. <paramref name="forward"/>, <paramref name="backward"/>: <c>[batch, S, units]</c> with
    /// <c>S = steps</c> when <paramref name="sequences"/>, else 1 (the last states); <paramref name="y"/>: <c>[batch, S, w]</c>,
    /// <c>w = 2·units</c> for concat, else <c>units</c>.</summary>
    public static void Forward(ReadOnlySpan<float> forward, ReadOnlySpan<float> backward, Span<float> y, int batch, int steps, int units,
        bool sequences, BidirectionalMergeMode mode)
    {
        int s = sequences ? steps : 1, width = mode == BidirectionalMergeMode.Concat ? 2 * units : units;
        Check(forward.Length, backward.Length, y.Length, batch, s, units, width);
        for (int n = 0; n < batch; n++)
        {
            for (int t = 0; t < s; t++)
            {
                ReadOnlySpan<float> f = forward.Slice((n * s + t) * units, units);
                ReadOnlySpan<float> b = backward.Slice((n * s + (s - 1 - t)) * units, units);   // s = 1: the one state
                Span<float> row = y.Slice((n * s + t) * width, width);
                switch (mode)
                {
                    case BidirectionalMergeMode.Concat:
                        f.CopyTo(row);
                        b.CopyTo(row.Slice(units));
                        break;
                    case BidirectionalMergeMode.Sum:
                        TensorPrimitives.Add(f, b, row);
                        break;
                    case BidirectionalMergeMode.Mul:
                        TensorPrimitives.Multiply(f, b, row);
                        break;
                    default:
                        TensorPrimitives.Add(f, b, row);
                        TensorPrimitives.Divide(row, 2f, row);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The halves' output gradients from <paramref name="dy"/>: <paramref name="dForward"/> by merged step,
    /// <paramref name="dBackward"/> in the backward half's processing order (flipped back, as its outputs were).
    /// <paramref name="forward"/>/<paramref name="backward"/> are the halves' outputs (read by mul only).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> forward, ReadOnlySpan<float> backward, ReadOnlySpan<float> dy, Span<float> dForward,
        Span<float> dBackward, int batch, int steps, int units, bool sequences, BidirectionalMergeMode mode)
    {
        int s = sequences ? steps : 1, width = mode == BidirectionalMergeMode.Concat ? 2 * units : units;
        Check(forward.Length, backward.Length, dy.Length, batch, s, units, width);
        Conv2DKernel.CheckLength(forward.Length, dForward.Length, nameof(dForward), "the length of forward");
        Conv2DKernel.CheckLength(forward.Length, dBackward.Length, nameof(dBackward), "the length of forward");
        for (int n = 0; n < batch; n++)
        {
            for (int t = 0; t < s; t++)
            {
                int fi = (n * s + t) * units, bi = (n * s + (s - 1 - t)) * units;
                ReadOnlySpan<float> row = dy.Slice((n * s + t) * width, width);
                Span<float> df = dForward.Slice(fi, units), db = dBackward.Slice(bi, units);
                switch (mode)
                {
                    case BidirectionalMergeMode.Concat:
                        row.Slice(0, units).CopyTo(df);
                        row.Slice(units).CopyTo(db);
                        break;
                    case BidirectionalMergeMode.Sum:
                        row.CopyTo(df);
                        row.CopyTo(db);
                        break;
                    case BidirectionalMergeMode.Mul:
                        TensorPrimitives.Multiply(row, backward.Slice(bi, units), df);
                        TensorPrimitives.Multiply(row, forward.Slice(fi, units), db);
                        break;
                    default:
                        TensorPrimitives.Multiply(row, 0.5f, df);
                        df.CopyTo(db);
                        break;
                }
            }
        }
    }

    private static void Check(int forward, int backward, int y, int batch, int s, int units, int width)
    {
        Conv2DKernel.CheckLength(batch * s * units, forward, "forward", "batch · steps · units");
        Conv2DKernel.CheckLength(batch * s * units, backward, "backward", "batch · steps · units");
        Conv2DKernel.CheckLength(batch * s * width, y, "y", "batch · steps · merged width");
    }
}
