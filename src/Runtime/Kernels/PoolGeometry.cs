using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// The compile-time shape of a Keras <c>MaxPooling2D</c>/<c>AveragePooling2D</c> on NHWC data: input
/// <c>(Height, Width, Channels)</c> per sample, output <c>(OutHeight, OutWidth, Channels)</c>. Output pixel
/// <c>(i, j)</c> pools input rows <c>i·StrideH − PadTop … + PoolHeight − 1</c> (columns likewise), clipped to the input:
/// padded cells never take part.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct PoolGeometry(
    int Height, int Width, int Channels,
    int PoolHeight, int PoolWidth, int StrideH, int StrideW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Floats per input sample: <c>Height·Width·Channels</c>.</summary>
    public int InputSize => Height * Width * Channels;

    /// <summary>Floats per output sample: <c>OutHeight·OutWidth·Channels</c>.</summary>
    public int OutputSize => OutHeight * OutWidth * Channels;

    /// <summary>
    /// Keras <c>pool_size=(poolHeight, poolWidth), strides=(strideH, strideW), padding</c>; sizes as in
    /// <see cref="ConvolutionPadding.Resolve"/> with dilation 1.
    /// </summary>
    public static PoolGeometry Create(int height, int width, int channels, int poolHeight, int poolWidth,
        int strideH, int strideW, bool same = false)
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected channels to be positive.");
        var (outHeight, padTop) = ConvolutionPadding.Resolve(height, poolHeight, strideH, 1, same, "height");
        var (outWidth, padLeft) = ConvolutionPadding.Resolve(width, poolWidth, strideW, 1, same, "width");
        return new(height, width, channels, poolHeight, poolWidth, strideH, strideW, padTop, padLeft, outHeight, outWidth);
    }

    /// <summary>Keras's default <c>strides=None</c>: the stride is the pool size.</summary>
    public static PoolGeometry Create(int height, int width, int channels, int poolHeight, int poolWidth, bool same = false) =>
        Create(height, width, channels, poolHeight, poolWidth, poolHeight, poolWidth, same);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless every size is positive, the padding is not negative and every
    /// window holds at least one real cell.
    /// </summary>
    public void Validate()
    {
        if (Height <= 0 || Width <= 0 || Channels <= 0 || PoolHeight <= 0 || PoolWidth <= 0 || StrideH <= 0 || StrideW <= 0 ||
            PadTop < 0 || PadLeft < 0 || OutHeight <= 0 || OutWidth <= 0 ||
            PadTop >= PoolHeight || PadLeft >= PoolWidth ||
            (OutHeight - 1) * StrideH - PadTop >= Height || (OutWidth - 1) * StrideW - PadLeft >= Width)
            throw new ArgumentException($"Expected positive sizes, non-negative padding and at least one real cell in every window, but the geometry is {this}.", "geometry");
    }
}
