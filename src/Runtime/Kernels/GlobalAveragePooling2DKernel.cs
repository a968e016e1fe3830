using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>GlobalAveragePooling2D(keepdims=False)</c> on NHWC data:
/// <c>y[n, c] = (1/(H·W)) · Σ_{h, w} x[n, h, w, c]</c>. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlobalAveragePooling2DKernel
{
    /// <summary><c>y[batch, channels]</c> = the spatial means of <c>x[batch, height, width, channels]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels)
    {
        Check(x.Length, nameof(x), y.Length, nameof(y), batch, height, width, channels);
        int spatial = height * width;
        float inverse = 1f / spatial;
        for (int n = 0; n < batch; n++)
        {
            Span<float> ys = y.Slice(n * channels, channels);
            ys.Clear();
            for (int p = 0; p < spatial; p++) Gemm.Axpy(1f, x.Slice((n * spatial + p) * channels, channels), ys);
            for (int k = 0; k < channels; k++) ys[k] *= inverse;
        }
    }

    /// <summary><c>dx[n, h, w, c] = dy[n, c] / (H·W)</c>; <paramref name="dx"/> is overwritten.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels)
    {
        Check(dx.Length, nameof(dx), dy.Length, nameof(dy), batch, height, width, channels);
        int spatial = height * width;
        float inverse = 1f / spatial;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> d = dy.Slice(n * channels, channels);
            for (int p = 0; p < spatial; p++)
            {
                Span<float> cell = dx.Slice((n * spatial + p) * channels, channels);
                for (int k = 0; k < channels; k++) cell[k] = d[k] * inverse;
            }
        }
    }

    private static void Check(int xLength, string xName, int yLength, string yName, int batch, int height, int width, int channels)
    {
        if (batch < 0 || height <= 0 || width <= 0 || channels <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive height, width and channels, but they are {batch}, {height}, {width}, {channels}.");
        Conv2DKernel.CheckLength(batch * height * width * channels, xLength, xName, "batch·height·width·channels");
        Conv2DKernel.CheckLength(batch * channels, yLength, yName, "batch·channels");
    }
}
