using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>Rescaling(scale, offset=0.0)</c>: <c>y = x·scale + offset</c> element-wise (float32, as Keras casts both to the
/// layer's dtype). Its gradient is <c>dx = scale·dy</c>. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RescalingKernel
{
    /// <summary><c>y = x·scale + offset</c>; <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, float scale, float offset)
    {
        Conv2DKernel.CheckLength(x.Length, y.Length, nameof(y), "the length of x");
        TensorPrimitives.Multiply(x, scale, y);
        if (offset != 0) TensorPrimitives.Add(y, offset, y);
    }

    /// <summary><c>dx = scale·dy</c>; <paramref name="dx"/> may be <paramref name="dy"/> itself.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, float scale)
    {
        Conv2DKernel.CheckLength(dy.Length, dx.Length, nameof(dx), "the length of dy");
        TensorPrimitives.Multiply(dy, scale, dx);
    }
}
