using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Embedding</c>: <c>y[n, p, :] = E[id[n, p], :]</c> for a table <c>E[inputDim, outputDim]</c>, the ids given as
/// floats holding exact integers. The gradient reaches only the table: <c>dE[k, :] = Σ_{(n, p): id = k} dy[n, p, :]</c>,
/// summed in row order, so it is deterministic. Every id is checked before the table is read. Forward and backward
/// change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class EmbeddingKernel
{
    /// <summary>
    /// Copies row <c>ids[i]</c> of <paramref name="embeddings"/> to row i of <paramref name="y"/> for the
    /// <c>batch·positions</c> ids; an id that is not an integer in <c>[0, inputDim)</c> throws
    /// <see cref="ArgumentOutOfRangeException"/> naming <paramref name="layer"/>, the id, its position and inputDim.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> ids, ReadOnlySpan<float> embeddings, Span<float> y, int batch, int positions,
        int inputDim, int outputDim, string layer)
    {
        Check(ids.Length, embeddings.Length, batch, positions, inputDim, outputDim);
        Conv2DKernel.CheckLength(batch * positions * outputDim, y.Length, nameof(y), "batch·positions·outputDim");
        for (int i = 0; i < batch * positions; i++)
        {
            int id = Id(ids[i], i, positions, inputDim, layer);
            embeddings.Slice(id * outputDim, outputDim).CopyTo(y.Slice(i * outputDim, outputDim));
        }
    }

    /// <summary>
    /// The checks of <see cref="Forward"/> without the copy: at inference the recurrent layers after the Embedding read each
    /// id's row of their projection tables instead of its vector, so only the ids are checked, with the same message.
    /// </summary>
    public static void CheckIds(ReadOnlySpan<float> ids, int batch, int positions, int inputDim, string layer)
    {
        Check(ids.Length, inputDim, batch, positions, inputDim, 1);
        for (int i = 0; i < batch * positions; i++) Id(ids[i], i, positions, inputDim, layer);
    }

    /// <summary>
    /// Overwrites <paramref name="dEmbeddings"/> with the rows of <paramref name="dy"/> summed by id, in row order (ids
    /// checked as in <see cref="Forward"/>).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> ids, ReadOnlySpan<float> dy, Span<float> dEmbeddings, int batch, int positions,
        int inputDim, int outputDim, string layer)
    {
        Check(ids.Length, dEmbeddings.Length, batch, positions, inputDim, outputDim);
        Conv2DKernel.CheckLength(batch * positions * outputDim, dy.Length, nameof(dy), "batch·positions·outputDim");
        dEmbeddings.Clear();
        for (int i = 0; i < batch * positions; i++)
        {
            int id = Id(ids[i], i, positions, inputDim, layer);
            Span<float> row = dEmbeddings.Slice(id * outputDim, outputDim);
            TensorPrimitives.Add(row, dy.Slice(i * outputDim, outputDim), row);
        }
    }

    private static int Id(float value, int index, int positions, int inputDim, string layer)
    {
        // value < inputDim with inputDim ≤ 2²⁴ keeps the cast exact; NaN fails both comparisons.
        if (value >= 0 && value < inputDim && value == MathF.Floor(value)) return (int)value;
        throw OutOfRange(value, index, positions, inputDim, layer);
    }

    private static ArgumentOutOfRangeException OutOfRange(float value, int index, int positions, int inputDim, string layer) =>
        new("input", value,
            $"Embedding '{layer}': token id {value.ToString("R", CultureInfo.InvariantCulture)} at position {index % positions} of sample {index / positions} " +
            $"of this batch is not an integer in [0, {inputDim}) (input_dim = {inputDim}). Ids are floats holding exact integers, 0 … input_dim − 1.");

    private static void Check(int idsLength, int tableLength, int batch, int positions, int inputDim, int outputDim)
    {
        if (batch < 0 || positions <= 0 || inputDim <= 0 || outputDim <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive positions, inputDim and outputDim, but they are {batch}, {positions}, {inputDim}, {outputDim}.");
        Conv2DKernel.CheckLength(batch * positions, idsLength, "ids", "batch·positions");
        Conv2DKernel.CheckLength(inputDim * outputDim, tableLength, "embeddings", "inputDim·outputDim");
    }
}
