using GenNet.Shared;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// The compile-time shape of one Keras <c>Conv2DTranspose</c> on NHWC data: input <c>(Height, Width, Channels)</c> per
/// sample, kernel in Keras' layout <c>(KernelHeight, KernelWidth, Filters, Channels)</c>, output
/// <c>(OutHeight, OutWidth, Filters)</c>. Input pixel <c>(i, j)</c> tap <c>(a, b)</c> lands on output row
/// <c>i·StrideH − PadTop + a·DilationH</c> and column <c>j·StrideW − PadLeft + b·DilationW</c>; landings outside the
/// output are cropped.
/// </summary>
/// <remarks>Generated code writes <c>new Conv2DTransposeGeometry(...)</c> with constants, or calls <see cref="Create"/>,
/// which applies Keras' output-size rule. The kernels check the geometry once per call (<see cref="Validate"/>).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct Conv2DTransposeGeometry(
    int Height, int Width, int Channels,
    int KernelHeight, int KernelWidth, int Filters,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth,
    int DilationH = 1, int DilationW = 1)
{
    /// <summary>Floats per input sample: <c>Height·Width·Channels</c>.</summary>
    public int InputSize => Height * Width * Channels;

    /// <summary>Floats per output sample: <c>OutHeight·OutWidth·Filters</c>.</summary>
    public int OutputSize => OutHeight * OutWidth * Filters;

    /// <summary>Rows of the kernel seen as a matrix <c>[KernelHeight·KernelWidth·Filters, Channels]</c>.</summary>
    public int PatchSize => KernelHeight * KernelWidth * Filters;

    /// <summary>Floats in the kernel: <c>PatchSize·Channels</c>.</summary>
    public int KernelSize => PatchSize * Channels;

    /// <summary>
    /// The geometry Keras builds for <c>Conv2DTranspose(filters, (kernelHeight, kernelWidth), strides, padding,
    /// output_padding, dilation_rate)</c> on an input of <c>(height, width, channels)</c>; a negative output padding is
    /// Keras' None.
    /// </summary>
    public static Conv2DTransposeGeometry Create(int height, int width, int channels, int kernelHeight, int kernelWidth, int filters,
        int strideH = 1, int strideW = 1, bool same = false, int outputPaddingH = -1, int outputPaddingW = -1,
        int dilationH = 1, int dilationW = 1)
    {
        if (height <= 0 || width <= 0 || channels <= 0 || kernelHeight <= 0 || kernelWidth <= 0 || filters <= 0 || strideH <= 0 || strideW <= 0 ||
            dilationH <= 0 || dilationW <= 0)
            throw new ArgumentException($"Expected positive sizes, strides and dilations, but they are height={height}, width={width}, channels={channels}, kernel=({kernelHeight}, {kernelWidth}), filters={filters}, strides=({strideH}, {strideW}), dilation_rate=({dilationH}, {dilationW}).");
        var (outHeight, padTop) = TransposedWindowArithmetic.Resolve(height, kernelHeight, strideH, dilationH, same, outputPaddingH);
        var (outWidth, padLeft) = TransposedWindowArithmetic.Resolve(width, kernelWidth, strideW, dilationW, same, outputPaddingW);
        var g = new Conv2DTransposeGeometry(height, width, channels, kernelHeight, kernelWidth, filters, strideH, strideW,
            padTop, padLeft, outHeight, outWidth, dilationH, dilationW);
        g.Validate();
        return g;
    }

    /// <summary>Scratch floats the kernels need: one sample's column matrix <c>Height·Width·PatchSize</c>.</summary>
    public int ScratchSize => Height * Width * PatchSize;

    /// <summary>Throws <see cref="ArgumentException"/> unless every size is positive and the padding is not negative.</summary>
    public void Validate()
    {
        if (Height <= 0 || Width <= 0 || Channels <= 0 || KernelHeight <= 0 || KernelWidth <= 0 || Filters <= 0 ||
            StrideH <= 0 || StrideW <= 0 || DilationH <= 0 || DilationW <= 0 || PadTop < 0 || PadLeft < 0 || OutHeight <= 0 || OutWidth <= 0)
            throw new ArgumentException($"Expected positive sizes, strides and dilations and non-negative padding, but the geometry is {this}.", "geometry");
    }
}
