using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Softmax(axis)</c> over an axis that is not the last: the data viewed as <c>[outer, length, inner]</c>
/// (row-major), <c>y[o, k, j] = e^(x[o, k, j] − m[o, j]) / Σ_k e^(x[o, k, j] − m[o, j])</c> with <c>m</c> the max over
/// <c>k</c> (so no exponent is positive). Gradient: <c>dx = y ⊙ (dy − Σ_k dy⊙y)</c>. The last axis is
/// <see cref="Activations.Softmax"/>. Columns are processed in blocks of up to 256 with stack buffers, rows in order, so
/// nothing allocates and sums have a fixed order. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SoftmaxKernel
{
    private const int Block = 256;

    /// <summary>Softmax over the middle axis of <c>x[outer, length, inner]</c>; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int outer, int length, int inner)
    {
        Check(x.Length, nameof(x), y.Length, nameof(y), outer, length, inner);
        Span<float> max = stackalloc float[Block];
        Span<float> sum = stackalloc float[Block];
        for (int o = 0; o < outer; o++)
        {
            int start = o * length * inner;
            for (int j0 = 0; j0 < inner; j0 += Block)
            {
                int width = Math.Min(Block, inner - j0);
                Span<float> m = max.Slice(0, width), s = sum.Slice(0, width);
                x.Slice(start + j0, width).CopyTo(m);
                for (int k = 1; k < length; k++) TensorPrimitives.Max(m, x.Slice(start + k * inner + j0, width), m);
                s.Clear();
                for (int k = 0; k < length; k++)
                {
                    Span<float> row = y.Slice(start + k * inner + j0, width);
                    TensorPrimitives.Subtract(x.Slice(start + k * inner + j0, width), m, row);
                    TensorPrimitives.Exp(row, row);
                    TensorPrimitives.Add(s, row, s);
                }
                for (int k = 0; k < length; k++)
                {
                    Span<float> row = y.Slice(start + k * inner + j0, width);
                    TensorPrimitives.Divide(row, s, row);
                }
            }
        }
    }

    /// <summary><c>dx = y ⊙ (dy − Σ_k dy⊙y)</c> over the middle axis; <paramref name="dx"/> may be <paramref name="dy"/>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int outer, int length, int inner)
    {
        Check(y.Length, nameof(y), dy.Length, nameof(dy), outer, length, inner);
        Conv2DKernel.CheckLength(y.Length, dx.Length, nameof(dx), "the length of y");
        Span<float> dot = stackalloc float[Block];
        for (int o = 0; o < outer; o++)
        {
            int start = o * length * inner;
            for (int j0 = 0; j0 < inner; j0 += Block)
            {
                int width = Math.Min(Block, inner - j0);
                Span<float> d = dot.Slice(0, width);
                d.Clear();
                for (int k = 0; k < length; k++)
                    TensorPrimitives.MultiplyAdd(dy.Slice(start + k * inner + j0, width), y.Slice(start + k * inner + j0, width), d, d);
                for (int k = 0; k < length; k++)
                {
                    int at = start + k * inner + j0;
                    Span<float> row = dx.Slice(at, width);
                    TensorPrimitives.Subtract(dy.Slice(at, width), d, row);
                    TensorPrimitives.Multiply(row, y.Slice(at, width), row);
                }
            }
        }
    }

    private static void Check(int xLength, string xName, int yLength, string yName, int outer, int length, int inner)
    {
        if (outer < 0 || length <= 0 || inner <= 0)
            throw new ArgumentException($"Expected a non-negative outer and a positive length and inner, but they are {outer}, {length}, {inner}.");
        Conv2DKernel.CheckLength(outer * length * inner, xLength, xName, "outer·length·inner");
        Conv2DKernel.CheckLength(outer * length * inner, yLength, yName, "outer·length·inner");
    }
}
