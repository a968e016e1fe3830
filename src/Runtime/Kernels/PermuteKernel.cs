using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Permute(dims)</c> on each sample of shape <c>s</c> (rank r ≤ 8): output axis i is input axis <c>dims[i]</c>
/// (0-based here), <c>y[i₀, …, i_{r−1}] = x[j]</c> with <c>j[dims[k]] = i_k</c>. The backward pass is the inverse
/// permutation, <c>dx[j] = dy[i]</c>: every element moves exactly once, so both passes overwrite and add nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PermuteKernel
{
    private const int MaxRank = 8;

    /// <summary><paramref name="y"/> = <paramref name="x"/> with its per-sample axes (shape <paramref name="shape"/>) reordered by <paramref name="dims"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, ReadOnlySpan<int> shape, ReadOnlySpan<int> dims) =>
        Move(x, y, batch, shape, dims, gather: true);

    /// <summary><paramref name="dx"/> = <paramref name="dy"/> with the permutation undone.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, ReadOnlySpan<int> shape, ReadOnlySpan<int> dims) =>
        Move(dy, dx, batch, shape, dims, gather: false);

    /// <summary>
    /// Walks the output in row-major order with an odometer over its axes, keeping the matching input offset (the input
    /// stride of axis <c>dims[k]</c> per step of output axis k). Gather: <c>to[o] = from[i]</c>; scatter: <c>to[i] = from[o]</c>.
    /// </summary>
    private static void Move(ReadOnlySpan<float> from, Span<float> to, int batch, ReadOnlySpan<int> shape, ReadOnlySpan<int> dims, bool gather)
    {
        int rank = shape.Length;
        if (rank == 0 || rank > MaxRank || dims.Length != rank)
            throw new ArgumentException($"Expected a shape of rank 1 … {MaxRank} and as many dims, but they are {rank} and {dims.Length}.");
        Span<int> inputStride = stackalloc int[rank];
        Span<int> outShape = stackalloc int[rank];
        Span<int> step = stackalloc int[rank];
        Span<int> index = stackalloc int[rank];
        int size = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            inputStride[k] = size;
            size *= shape[k];
        }
        Span<bool> seen = stackalloc bool[rank];
        for (int k = 0; k < rank; k++)
        {
            if ((uint)dims[k] >= (uint)rank || seen[dims[k]])
                throw new ArgumentException($"Expected dims to be a permutation of 0 … {rank - 1}, but dims[{k}] is {dims[k]}.", nameof(dims));
            seen[dims[k]] = true;
            outShape[k] = shape[dims[k]];
            step[k] = inputStride[dims[k]];
        }
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Expected a non-negative batch.");
        Conv2DKernel.CheckLength(batch * size, from.Length, gather ? "x" : "dy", "batch·size");
        Conv2DKernel.CheckLength(batch * size, to.Length, gather ? "y" : "dx", "batch·size");

        for (int b = 0; b < batch; b++)
        {
            int baseOffset = b * size, input = 0;
            index.Clear();
            for (int o = 0; o < size; o++)
            {
                if (gather) to[baseOffset + o] = from[baseOffset + input];
                else to[baseOffset + input] = from[baseOffset + o];
                // Odometer: advance the last output axis, carrying into earlier ones.
                for (int k = rank - 1; k >= 0; k--)
                {
                    input += step[k];
                    if (++index[k] < outShape[k]) break;
                    input -= step[k] * outShape[k];
                    index[k] = 0;
                }
            }
        }
    }
}
