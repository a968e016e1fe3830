using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Dense</c>: <c>y[batch, units] = x[batch, inputs] · kernel[inputs, units] + bias[units]</c>, all row-major.
/// Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseKernel
{
    /// <summary>
    /// <c>y = x · kernel + bias</c>. <paramref name="bias"/> may be empty (<c>use_bias=False</c>).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int units)
    {
        if (units == 1 && batch > 1)
        {
            SingleUnit(x, kernel, bias, y, batch, inputs);
            return;
        }
        if (bias.IsEmpty)
        {
            Gemm.Multiply(x, kernel, y, batch, inputs, units, accumulate: false);
            return;
        }
        for (int i = 0; i < batch; i++) bias.CopyTo(y.Slice(i * units, units));
        Gemm.Multiply(x, kernel, y, batch, inputs, units, accumulate: true);
    }

    /// <summary>
    /// <c>y = relu(x · kernel + bias) = max(x · kernel + bias, 0)</c>: <see cref="Forward"/> with the plain relu applied to
    /// <paramref name="y"/> in place while it is still in cache, so the pre-activation z is never stored (the generator uses
    /// it when the next layer's backward needs only <c>relu(z)</c>). Bit for bit <see cref="Forward"/> then
    /// <see cref="Activations.Relu"/>.
    /// </summary>
    public static void ForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y,
        int batch, int inputs, int units)
    {
        Forward(x, kernel, bias, y, batch, inputs, units);
        var outputs = y.Slice(0, batch * units);
        Activations.Relu(outputs, outputs);
    }

    /// <summary>
    /// One output unit (logistic regression, a regression head): a dot product per row. The matrix product would send
    /// every row through its partial-tile path (one column of a vector), which costs several times the arithmetic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleUnit(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, Span<float> y, int batch, int inputs)
    {
        if (x.Length < batch * inputs || kernel.Length < inputs || y.Length < batch)
            Gemm.Multiply(x, kernel, y, batch, inputs, 1, accumulate: false); // its checks name the short argument
        float b = bias.IsEmpty ? 0f : bias[0];
        ref float xr = ref MemoryMarshal.GetReference(x), kr = ref MemoryMarshal.GetReference(kernel), yr = ref MemoryMarshal.GetReference(y);
        if (inputs >= 16)
        {
            for (int i = 0; i < batch; i++) y[i] = b + TensorPrimitives.Dot(x.Slice(i * inputs, inputs), kernel.Slice(0, inputs));
            return;
        }
        for (int i = 0; i < batch; i++)
        {
            ref float row = ref Unsafe.Add(ref xr, (nint)i * inputs);
            float s = 0f;
            for (int p = 0; p < inputs; p++) s = float.MultiplyAddEstimate(Unsafe.Add(ref row, p), Unsafe.Add(ref kr, p), s);
            Unsafe.Add(ref yr, i) = b + s;
        }
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

    /// <summary>
    /// <see cref="Backward"/> for a layer whose input <paramref name="x"/> is <c>relu(z)</c> of the layer before, with that
    /// relu's gradient folded in: <paramref name="dz"/> <c>= (dy · kernelᵀ) ⊙ [x &gt; 0]</c>, which is <c>dL/dz</c> of the
    /// layer before (<c>relu(z) &gt; 0</c> exactly where <c>z &gt; 0</c>, and Keras' relu gradient is 0 at 0). The input
    /// gradient is masked in place while it is in cache instead of being stored and read again by a separate
    /// <see cref="Activations.ReluGradient"/>; bit for bit the same values.
    /// </summary>
    public static void BackwardReluInput(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> dy,
        Span<float> dz, Span<float> dKernel, Span<float> dBias, int batch, int inputs, int units)
    {
        Backward(x, kernel, dy, dz, dKernel, dBias, batch, inputs, units);
        var values = x.Slice(0, batch * inputs);
        var gradient = dz.Slice(0, batch * inputs);
        Activations.ReluGradient(values, values, gradient, gradient);
    }
}
