using System.ComponentModel;
using System.Numerics.Tensors;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>UpSampling2D(size=(sh, sw), interpolation)</c> on NHWC images, <c>x[batch, h, w, c] → y[batch, h·sh, w·sw, c]</c>.
/// <list type="bullet">
/// <item><c>nearest</c>: each pixel repeated, <c>y[n, i, j, c] = x[n, ⌊i/sh⌋, ⌊j/sw⌋, c]</c>; its gradient sums each
/// <c>sh × sw</c> block.</item>
/// <item><c>bilinear</c>: TensorFlow's <c>resize(…, "bilinear")</c> with half-pixel centres (PyTorch's
/// <c>interpolate(mode="bilinear", align_corners=False)</c>): output row <c>i</c> samples input row
/// <c>s = (i + ½)/sh − ½</c>, between rows <c>max(⌊s⌋, 0)</c> and <c>min(⌊s⌋ + 1, h − 1)</c> with weight
/// <c>s − ⌊s⌋</c> (the same along columns); its gradient scatters each output gradient back with the same four weights.</item>
/// </list>
/// Reductions run in a fixed order, so results do not depend on threads. Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class UpSampling2DKernel
{
    /// <summary>Nearest-neighbour upsampling: every input pixel's channels copied into its <c>sh × sw</c> block.</summary>
    public static void ForwardNearest(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels,
        int sizeH, int sizeW)
    {
        Check(x.Length, nameof(x), y.Length, nameof(y), batch, height, width, channels, sizeH, sizeW);
        int outWidth = width * sizeW, outRow = outWidth * channels;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < height; i++)
            {
                // One output row from the input row, then the row's repeats copied whole.
                Span<float> first = y.Slice(((n * height + i) * sizeH) * outRow, outRow);
                for (int j = 0; j < width; j++)
                {
                    ReadOnlySpan<float> pixel = x.Slice(((n * height + i) * width + j) * channels, channels);
                    for (int b = 0; b < sizeW; b++) pixel.CopyTo(first.Slice((j * sizeW + b) * channels, channels));
                }
                for (int a = 1; a < sizeH; a++) first.CopyTo(y.Slice(((n * height + i) * sizeH + a) * outRow, outRow));
            }
        }
    }

    /// <summary><c>dx[n, i, j, c] = Σ_{a &lt; sh, b &lt; sw} dy[n, i·sh + a, j·sw + b, c]</c>, summed in (a, b) order; <paramref name="dx"/> is overwritten.</summary>
    public static void BackwardNearest(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels,
        int sizeH, int sizeW)
    {
        Check(dx.Length, nameof(dx), dy.Length, nameof(dy), batch, height, width, channels, sizeH, sizeW);
        int outWidth = width * sizeW, outRow = outWidth * channels;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < height; i++)
            {
                for (int j = 0; j < width; j++)
                {
                    Span<float> target = dx.Slice(((n * height + i) * width + j) * channels, channels);
                    target.Clear();
                    for (int a = 0; a < sizeH; a++)
                    {
                        int row = ((n * height + i) * sizeH + a) * outRow;
                        for (int b = 0; b < sizeW; b++) TensorPrimitives.Add(target, dy.Slice(row + (j * sizeW + b) * channels, channels), target);
                    }
                }
            }
        }
    }

    /// <summary>Bilinear upsampling with half-pixel centres (see the type's summary).</summary>
    public static void ForwardBilinear(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels,
        int sizeH, int sizeW)
    {
        Check(x.Length, nameof(x), y.Length, nameof(y), batch, height, width, channels, sizeH, sizeW);
        int outHeight = height * sizeH, outWidth = width * sizeW;
        for (int n = 0; n < batch; n++)
        {
            int image = n * height * width;
            for (int i = 0; i < outHeight; i++)
            {
                var (top, bottom, fy) = Source(i, sizeH, height);
                for (int j = 0; j < outWidth; j++)
                {
                    var (left, right, fx) = Source(j, sizeW, width);
                    ReadOnlySpan<float> tl = x.Slice((image + top * width + left) * channels, channels);
                    ReadOnlySpan<float> tr = x.Slice((image + top * width + right) * channels, channels);
                    ReadOnlySpan<float> bl = x.Slice((image + bottom * width + left) * channels, channels);
                    ReadOnlySpan<float> br = x.Slice((image + bottom * width + right) * channels, channels);
                    Span<float> o = y.Slice(((n * outHeight + i) * outWidth + j) * channels, channels);
                    for (int k = 0; k < channels; k++)
                    {
                        // TensorFlow's order: lerp along the row, then between the two rows.
                        float upper = tl[k] + (tr[k] - tl[k]) * fx;
                        float lower = bl[k] + (br[k] - bl[k]) * fx;
                        o[k] = upper + (lower - upper) * fy;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gradient of <see cref="ForwardBilinear"/>: each <c>dy</c> pixel adds <c>(1 − fy)(1 − fx)</c>, <c>(1 − fy)·fx</c>,
    /// <c>fy·(1 − fx)</c> and <c>fy·fx</c> of itself to its four source pixels, in output order; <paramref name="dx"/> is overwritten.
    /// </summary>
    public static void BackwardBilinear(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels,
        int sizeH, int sizeW)
    {
        Check(dx.Length, nameof(dx), dy.Length, nameof(dy), batch, height, width, channels, sizeH, sizeW);
        int outHeight = height * sizeH, outWidth = width * sizeW;
        dx.Clear();
        for (int n = 0; n < batch; n++)
        {
            int image = n * height * width;
            for (int i = 0; i < outHeight; i++)
            {
                var (top, bottom, fy) = Source(i, sizeH, height);
                for (int j = 0; j < outWidth; j++)
                {
                    var (left, right, fx) = Source(j, sizeW, width);
                    ReadOnlySpan<float> g = dy.Slice(((n * outHeight + i) * outWidth + j) * channels, channels);
                    Span<float> tl = dx.Slice((image + top * width + left) * channels, channels);
                    Span<float> tr = dx.Slice((image + top * width + right) * channels, channels);
                    Span<float> bl = dx.Slice((image + bottom * width + left) * channels, channels);
                    Span<float> br = dx.Slice((image + bottom * width + right) * channels, channels);
                    float wTl = (1 - fy) * (1 - fx), wTr = (1 - fy) * fx, wBl = fy * (1 - fx), wBr = fy * fx;
                    for (int k = 0; k < channels; k++)
                    {
                        float d = g[k];
                        tl[k] += d * wTl;
                        tr[k] += d * wTr;
                        bl[k] += d * wBl;
                        br[k] += d * wBr;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Output index <paramref name="o"/>'s two source indices and the weight of the second: <c>s = (o + ½)/size − ½</c>
    /// (float32, as TensorFlow computes it), <c>(max(⌊s⌋, 0), min(⌊s⌋ + 1, n − 1), s − ⌊s⌋)</c>; below 0 both sources are 0.
    /// </summary>
    private static (int Low, int High, float Weight) Source(int o, int size, int n)
    {
        float s = (o + 0.5f) * (1f / size) - 0.5f;
        float floor = MathF.Floor(s);
        int low = (int)floor;
        float weight = s - floor;
        int high = Math.Min(low + 1, n - 1);
        if (low < 0)
        {
            low = 0;
            high = 0;
        }
        return (low, high, weight);
    }

    private static void Check(int xLength, string xName, int yLength, string yName, int batch, int height, int width, int channels,
        int sizeH, int sizeW)
    {
        if (batch < 0 || height <= 0 || width <= 0 || channels <= 0 || sizeH <= 0 || sizeW <= 0)
            throw new ArgumentException($"Expected a non-negative batch and positive height, width, channels and sizes, but they are {batch}, {height}, {width}, {channels}, {sizeH}, {sizeW}.");
        Conv2DKernel.CheckLength(batch * height * width * channels, xLength, xName, "batch·height·width·channels");
        Conv2DKernel.CheckLength(batch * height * sizeH * width * sizeW * channels, yLength, yName, "batch·(height·sizeH)·(width·sizeW)·channels");
    }
}
