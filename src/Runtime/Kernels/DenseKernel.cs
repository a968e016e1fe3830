namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Dense</c>: <c>y[batch, units] = x[batch, inputs] · kernel[inputs, units] + bias[units]</c>, all row-major.
/// Forward and backward change together.
/// </summary>
public static class DenseKernel
{
    /// <summary>
    /// <c>y = x · kernel + bias</c>. <paramref name="bias"/> may be empty (<c>use_bias=False</c>).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int units)
    {
        if (bias.IsEmpty)
        {
            Gemm.Multiply(x, kernel, y, batch, inputs, units, accumulate: false);
            return;
        }
        for (int i = 0; i < batch; i++) bias.CopyTo(y.Slice(i * units, units));
        Gemm.Multiply(x, kernel, y, batch, inputs, units, accumulate: true);
    }

    /// <summary>
    /// Gradients of <see cref="Forward"/> given <c>dy = dL/dy</c>: <c>dKernel = xᵀ · dy</c>, <c>dBias = Σ_batch dy</c>,
    /// <c>dx = dy · kernelᵀ</c>. The parameter gradients are overwritten, not accumulated. <paramref name="dx"/> may be
    /// empty when the input needs no gradient (the first layer); <paramref name="dBias"/> is empty without a bias.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dx, Span<float> dKernel, Span<float> dBias, int batch, int inputs, int units)
    {
        Gemm.MultiplyTransposedA(x, dy, dKernel, batch, inputs, units, accumulate: false);
        if (!dBias.IsEmpty)
        {
            dBias.Slice(0, units).Clear();
            for (int i = 0; i < batch; i++) Gemm.Axpy(1f, dy.Slice(i * units, units), dBias);
        }
        if (!dx.IsEmpty) Gemm.MultiplyTransposedB(dy, kernel, dx, batch, units, inputs, accumulate: false);
    }
}
