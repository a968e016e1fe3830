using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>GlobalMaxPooling1D()</c> / <c>GlobalMaxPooling2D()</c> (<c>keepdims=False</c>) on channels-last data, the
/// positions (steps, or height·width pixels) of a sample one after another:
/// <c>y[n, c] = max_p x[n, p, c]</c>. The gradient is Keras' <c>max</c> reduction's: <c>dx[n, p, c] = dy[n, c] / m[n, c]</c>
/// where <c>x[n, p, c] = y[n, c]</c> and 0 elsewhere, <c>m</c> being how many positions tie for the maximum (1 almost
/// always). Forward and backward change together; both are fixed-order loops, so results never depend on threads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlobalMaxPoolingKernel
{
    /// <summary><c>y[batch, channels]</c> = the maxima over positions of <c>x[batch, positions, channels]</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int positions, int channels)
    {
        Check(x.Length, y.Length, nameof(y), batch, positions, channels);
        for (int n = 0; n < batch; n++)
        {
            Span<float> ys = y.Slice(n * channels, channels);
            ReadOnlySpan<float> sample = x.Slice(n * positions * channels, positions * channels);
            sample[..channels].CopyTo(ys);
            // max(a, b) per element; NaN propagates, as Keras' max.
            for (int p = 1; p < positions; p++) TensorPrimitives.Max(ys, sample.Slice(p * channels, channels), ys);
        }
    }

    /// <summary>
    /// <c>dx[n, p, c] = dy[n, c] / m[n, c]</c> where <c>x[n, p, c] == y[n, c]</c> (the <paramref name="y"/> Forward wrote),
    /// else 0; <paramref name="dx"/> is overwritten.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        int batch, int positions, int channels)
    {
        Check(x.Length, dx.Length, nameof(dx), batch, positions, channels);
        Conv2DKernel.CheckLength(batch * channels, y.Length, nameof(y), "batch·channels");
        Conv2DKernel.CheckLength(batch * channels, dy.Length, nameof(dy), "batch·channels");
        for (int n = 0; n < batch; n++)
        {
            int start = n * positions * channels;
            for (int c = 0; c < channels; c++)
            {
                float max = y[n * channels + c];
                int ties = 0;
                for (int p = 0; p < positions; p++) if (x[start + p * channels + c] == max) ties++;
                float share = ties == 0 ? 0f : dy[n * channels + c] / ties;
                for (int p = 0; p < positions; p++)
                {
                    int i = start + p * channels + c;
                    dx[i] = x[i] == max ? share : 0f;
                }
            }
        }
    }

    private static void Check(int xLength, int otherLength, string otherName, int batch, int positions, int channels)
    {
        if (batch < 0 || positions <= 0 || channels <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive positions and channels, but they are {batch}, {positions}, {channels}.");
        Conv2DKernel.CheckLength(batch * positions * channels, xLength, "x", "batch·positions·channels");
        int expected = otherName == "y" ? batch * channels : batch * positions * channels;
        Conv2DKernel.CheckLength(expected, otherLength, otherName, otherName == "y" ? "batch·channels" : "batch·positions·channels");
    }
}
