using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// Keras <c>ZeroPadding2D(padding)</c> on NHWC images: <c>y[n, i + top, j + left, c] = x[n, i, j, c]</c>, every other
/// element of <c>y[batch, top + height + bottom, left + width + right, channels]</c> zero. Its gradient is the crop
/// <c>dx[n, i, j, c] = dy[n, i + top, j + left, c]</c> (the same copy as <see cref="Cropping2DKernel.Forward"/>).
/// Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ZeroPadding2DKernel
{
    /// <summary>Pads <c>x[batch, height, width, channels]</c> with zeros into <paramref name="y"/> (overwritten).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        ImageFrame.Check(x.Length, nameof(x), y.Length, nameof(y), batch, height, width, channels, top, bottom, left, right);
        ImageFrame.Embed(x, y, batch, height, width, channels, top, bottom, left, right);
    }

    /// <summary><c>dx</c> = the inner <c>height × width</c> window of <c>dy</c>; <paramref name="dx"/> is overwritten.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        ImageFrame.Check(dx.Length, nameof(dx), dy.Length, nameof(dy), batch, height, width, channels, top, bottom, left, right);
        ImageFrame.Extract(dy, dx, batch, height, width, channels, top, bottom, left, right);
    }
}

/// <summary>
/// Keras <c>Cropping2D(cropping)</c> on NHWC images: <c>y[n, i, j, c] = x[n, i + top, j + left, c]</c> for
/// <c>y[batch, height − top − bottom, width − left − right, channels]</c>. Its gradient puts <c>dy</c> back in place and
/// zeros the cropped border (the same copy as <see cref="ZeroPadding2DKernel.Forward"/>). Forward and backward change together.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Cropping2DKernel
{
    /// <summary>Crops <c>x[batch, height, width, channels]</c> into <paramref name="y"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        int innerHeight = height - top - bottom, innerWidth = width - left - right;
        ImageFrame.Check(y.Length, nameof(y), x.Length, nameof(x), batch, innerHeight, innerWidth, channels, top, bottom, left, right);
        ImageFrame.Extract(x, y, batch, innerHeight, innerWidth, channels, top, bottom, left, right);
    }

    /// <summary><c>dx</c> = <c>dy</c> in the kept window, zero on the cropped border; <paramref name="dx"/> is overwritten.</summary>
    public static void Backward(ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        int innerHeight = height - top - bottom, innerWidth = width - left - right;
        ImageFrame.Check(dy.Length, nameof(dy), dx.Length, nameof(dx), batch, innerHeight, innerWidth, channels, top, bottom, left, right);
        ImageFrame.Embed(dy, dx, batch, innerHeight, innerWidth, channels, top, bottom, left, right);
    }
}

/// <summary>
/// The two copies padding and cropping are made of, between an inner image <c>[batch, h, w, c]</c> and an outer one
/// <c>[batch, top + h + bottom, left + w + right, c]</c>: one contiguous row of <c>w·c</c> floats at a time.
/// </summary>
internal static class ImageFrame
{
    /// <summary>Outer = inner at (top, left), zero elsewhere.</summary>
    public static void Embed(ReadOnlySpan<float> inner, Span<float> outer, int batch, int h, int w, int c, int top, int bottom, int left, int right)
    {
        int outerWidth = left + w + right, row = w * c, outerRow = outerWidth * c, outerImage = (top + h + bottom) * outerRow;
        for (int n = 0; n < batch; n++)
        {
            Span<float> image = outer.Slice(n * outerImage, outerImage);
            image.Slice(0, top * outerRow).Clear();
            for (int i = 0; i < h; i++)
            {
                Span<float> target = image.Slice((top + i) * outerRow, outerRow);
                target.Slice(0, left * c).Clear();
                inner.Slice((n * h + i) * row, row).CopyTo(target.Slice(left * c, row));
                target.Slice((left + w) * c).Clear();
            }
            image.Slice((top + h) * outerRow).Clear();
        }
    }

    /// <summary>Inner = the window of outer at (top, left).</summary>
    public static void Extract(ReadOnlySpan<float> outer, Span<float> inner, int batch, int h, int w, int c, int top, int bottom, int left, int right)
    {
        int outerWidth = left + w + right, row = w * c, outerRow = outerWidth * c, outerImage = (top + h + bottom) * outerRow;
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < h; i++)
                outer.Slice(n * outerImage + (top + i) * outerRow + left * c, row).CopyTo(inner.Slice((n * h + i) * row, row));
        }
    }

    /// <summary>Validates the sizes once: non-negative borders, positive inner sizes, both lengths.</summary>
    public static void Check(int innerLength, string innerName, int outerLength, string outerName, int batch, int h, int w, int c,
        int top, int bottom, int left, int right)
    {
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new ArgumentException($"Expected non-negative top, bottom, left and right, but they are {top}, {bottom}, {left}, {right}.");
        if (batch < 0 || h <= 0 || w <= 0 || c <= 0)
            throw new ArgumentException($"Expected a non-negative batch and a positive inner height, width and channels, but they are {batch}, {h}, {w}, {c}.");
        Conv2DKernel.CheckLength(batch * h * w * c, innerLength, innerName, "batch·innerHeight·innerWidth·channels");
        Conv2DKernel.CheckLength(batch * (top + h + bottom) * (left + w + right) * c, outerLength, outerName, "batch·outerHeight·outerWidth·channels");
    }
}
