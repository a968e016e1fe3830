using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>AveragePooling2D</c> on NHWC data: <c>y[n, i, j, c]</c> = the mean of <c>x[n, h, w, c]</c> over the window's
/// <b>real</b> cells (with "same" padding the padded cells are not counted, as Keras/TensorFlow average).
/// Windows as in <see cref="PoolGeometry"/>. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AveragePooling2DKernel
{
    /// <summary><c>y[batch, OutHeight, OutWidth, Channels]</c> = window means of <c>x[batch, Height, Width, Channels]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, PoolGeometry geometry)
    {
        var g = geometry;
        PoolChecks.Check(g, batch, x.Length, nameof(x), y.Length, nameof(y));
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    Span<float> out_ = ys.Slice((i * g.OutWidth + j) * c, c);
                    out_.Clear();
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                            Gemm.Axpy(1f, xs.Slice((h * g.Width + w) * c, c), out_);
                    float inverse = 1f / ((h1 - h0) * (w1 - w0));
                    for (int k = 0; k < c; k++) out_[k] *= inverse;
                }
            }
        }
    }

    /// <summary>
    /// <c>dx[n, h, w, c] = Σ dy[n, i, j, c] / count(i, j)</c> over the windows containing cell <c>(h, w)</c>, where
    /// <c>count</c> is the number of real cells of the window. <paramref name="dx"/> is overwritten.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, PoolGeometry geometry)
    {
        var g = geometry;
        PoolChecks.Check(g, batch, dx.Length, nameof(dx), dy.Length, nameof(dy));
        dx.Clear();
        int c = g.Channels;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> dys = dy.Slice(n * g.OutputSize, g.OutputSize);
            Span<float> dxs = dx.Slice(n * g.InputSize, g.InputSize);
            for (int i = 0; i < g.OutHeight; i++)
            {
                var (h0, h1) = PoolChecks.Range(i, g.StrideH, g.PadTop, g.PoolHeight, g.Height);
                for (int j = 0; j < g.OutWidth; j++)
                {
                    var (w0, w1) = PoolChecks.Range(j, g.StrideW, g.PadLeft, g.PoolWidth, g.Width);
                    float inverse = 1f / ((h1 - h0) * (w1 - w0));
                    ReadOnlySpan<float> d = dys.Slice((i * g.OutWidth + j) * c, c);
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++)
                            Gemm.Axpy(inverse, d, dxs.Slice((h * g.Width + w) * c, c));
                }
            }
        }
    }
}
