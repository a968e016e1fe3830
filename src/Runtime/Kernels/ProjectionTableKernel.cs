using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Inference of an Embedding → LSTM/GRU pair without the input GEMM: the recurrent layer's input projection of step t,
/// <c>x_t·kernel + b = E[id_t]·kernel + b</c>, depends on the token id alone, so it is row <c>id_t</c> of a table
/// <c>T = E·kernel + b</c> (<c>[input_dim, width]</c>, width = gates·units) built once per weights version
/// (<see cref="Model.WeightsVersion"/>). Each row is computed by the same <see cref="DenseKernel.Forward"/> as the
/// layer's own projection, so it holds the same bits whenever the shared dimension (the Embedding's output_dim) fits one
/// block of the product (≤ 256, Gemm.Kc).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ProjectionTableKernel
{
    /// <summary><c>table[id] = embeddings[id]·kernel + bias</c> for every id; <paramref name="bias"/> may be empty.</summary>
    public static void Build(ReadOnlySpan<float> embeddings, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> table,
        int rows, int inputs, int width)
    {
        RecurrentKernel.CheckLength(embeddings, (long)rows * inputs, nameof(embeddings), "projection table");
        RecurrentKernel.CheckLength(table, (long)rows * width, nameof(table), "projection table");
        DenseKernel.Forward(embeddings, kernel, bias, table, rows, inputs, width);
    }

    /// <summary>
    /// Checks that <paramref name="table"/> has whole rows of <paramref name="width"/> and that every one of the
    /// <c>batch·steps</c> <paramref name="ids"/> names one of them (the kernels then read rows unchecked).
    /// </summary>
    internal static void CheckIds(ReadOnlySpan<float> ids, ReadOnlySpan<float> table, int batch, int steps, int width, string layer)
    {
        if (table.Length == 0 || table.Length % width != 0)
            throw new ArgumentException($"{layer}: expected a projection table of whole rows of {width} floats, but its length is {table.Length}.", nameof(table));
        RecurrentKernel.CheckLength(ids, (long)batch * steps, nameof(ids), layer);
        int rows = table.Length / width;
        for (int i = 0; i < batch * steps; i++)
        {
            float id = ids[i];
            if (!(id >= 0 && id < rows && id == MathF.Floor(id)))
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"{layer}: token id {id} at position {i % steps} of sample {i / steps} has no row in the projection table ({rows} rows).");
        }
    }

    /// <summary><c>gates[r] = table[ids[r]]</c> for the first <paramref name="count"/> ids (checked by <see cref="CheckIds"/>).</summary>
    internal static void Gather(ReadOnlySpan<float> ids, ReadOnlySpan<float> table, Span<float> gates, int count, int width)
    {
        for (int r = 0; r < count; r++) table.Slice((int)ids[r] * width, width).CopyTo(gates.Slice(r * width, width));
    }
}
