using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// The recurrent products of an LSTM or GRU trained with <c>recurrent_dropout</c>. Keras then runs the cell's
/// "implementation 1" (keras/src/layers/rnn/lstm.py, gru.py) and masks the previous state with one mask per gate:
/// gate g's recurrent product is <c>(h_prev·m_g)·R_g</c>, where <c>m_g = recurrentMask[b, g·u ..]</c> is drawn once per
/// sequence and <c>R_g = recurrentKernel[:, g·u .. (g + 1)·u]</c> (row stride gates·u). One product per gate, so no single
/// GEMM over all gates; training only.
/// </summary>
internal static class GateRecurrentDropout
{
    /// <summary>
    /// <c>a[:, gate block] += (previous·m_gate)·R_gate</c> for <c>a[batch, gates·u]</c>. <paramref name="work"/> holds the
    /// masked states, then the product (<c>2·batch·u</c>).
    /// </summary>
    public static void AddProduct(ReadOnlySpan<float> previous, ReadOnlySpan<float> recurrentMask, ReadOnlySpan<float> recurrentKernel,
        int gate, Span<float> a, Span<float> work, int batch, int u, int gates)
    {
        int width = gates * u;
        Span<float> masked = work.Slice(0, batch * u), product = work.Slice(batch * u, batch * u);
        for (int b = 0; b < batch; b++)
            TensorPrimitives.Multiply(previous.Slice(b * u, u), recurrentMask.Slice(b * width + gate * u, u), masked.Slice(b * u, u));
        Gemm.Dispatch(Gemm.Path.Best, masked, u, 1, recurrentKernel.Slice(gate * u), width, 1, product, batch, u, u, accumulate: false);
        for (int b = 0; b < batch; b++) Gemm.Axpy(1f, product.Slice(b * u, u), a.Slice(b * width + gate * u, u));
    }

    /// <summary>
    /// Backward of <see cref="AddProduct"/> given <c>da</c> (its gate block): <c>dPrevious += (da_gate·R_gateᵀ)·m_gate</c>
    /// and <c>dR[:, gate block] += (previous·m_gate)ᵀ·da_gate</c>, the latter as one outer-product row update per sample and
    /// unit in a fixed order.
    /// </summary>
    public static void ProductBackward(ReadOnlySpan<float> previous, ReadOnlySpan<float> recurrentMask, ReadOnlySpan<float> recurrentKernel,
        int gate, ReadOnlySpan<float> da, Span<float> dPrevious, Span<float> dRecurrentKernel, Span<float> masked, Span<float> product, int batch, int u, int gates)
    {
        int width = gates * u;
        masked = masked.Slice(0, batch * u);
        product = product.Slice(0, batch * u);
        Gemm.Dispatch(Gemm.Path.Best, da.Slice(gate * u), width, 1, recurrentKernel.Slice(gate * u), 1, width, product, batch, u, u, accumulate: false);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> m = recurrentMask.Slice(b * width + gate * u, u);
            TensorPrimitives.MultiplyAdd(product.Slice(b * u, u), m, dPrevious.Slice(b * u, u), dPrevious.Slice(b * u, u));
            TensorPrimitives.Multiply(previous.Slice(b * u, u), m, masked.Slice(b * u, u));
        }
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> dab = da.Slice(b * width + gate * u, u);
            for (int i = 0; i < u; i++) Gemm.Axpy(masked[b * u + i], dab, dRecurrentKernel.Slice(i * width + gate * u, u));
        }
    }

    /// <summary>The mask is <c>[batch, gates·u]</c>; the work space <paramref name="rows"/>·batch·u (forward 2, each backward span 1).</summary>
    public static void Check(ReadOnlySpan<float> mask, Span<float> work, int batch, int units, int gates, int rows, string layer)
    {
        if (mask.IsEmpty) return;
        string order = gates == 4 ? "i, f, c, o" : "z, r, h";
        if (mask.Length != gates * batch * units || work.Length < rows * batch * units)
            throw new ArgumentException($"{layer}: expected a recurrent dropout mask of batch · {gates} · units = {gates * batch * units} values ({order} per sample) and " +
                $"work space of {rows} · batch · units = {rows * batch * units}, but their lengths are {mask.Length} and {work.Length}.", nameof(mask));
    }
}
