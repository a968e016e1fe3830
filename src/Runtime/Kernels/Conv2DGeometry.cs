using GenNet.Shared;
using System.ComponentModel;

namespace GenNet.Kernels;

/// <summary>
/// The compile-time shape of one Keras <c>Conv2D</c> on NHWC data: input <c>(Height, Width, Channels)</c> per sample,
/// kernel HWIO <c>(KernelHeight, KernelWidth, Channels, Filters)</c>, output <c>(OutHeight, OutWidth, Filters)</c>.
/// Output pixel <c>(i, j)</c> reads input rows <c>i·StrideH − PadTop + a·DilationH</c> for <c>a &lt; KernelHeight</c>
/// (columns likewise); rows and columns outside the input are zero padding.
/// </summary>
/// <remarks>
/// Generated code writes <c>new Conv2DGeometry(...)</c> with constants, or calls <see cref="Create"/>, which applies
/// Keras's "valid"/"same" rules. The kernels check the geometry once per call (<see cref="Validate"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct Conv2DGeometry(
    int Height, int Width, int Channels,
    int KernelHeight, int KernelWidth, int Filters,
    int StrideH, int StrideW, int DilationH, int DilationW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Floats per input sample: <c>Height·Width·Channels</c>.</summary>
    public int InputSize => Height * Width * Channels;

    /// <summary>Floats per output sample: <c>OutHeight·OutWidth·Filters</c>.</summary>
    public int OutputSize => OutHeight * OutWidth * Filters;

    /// <summary>Floats in one receptive field, the rows of the kernel seen as a matrix: <c>KernelHeight·KernelWidth·Channels</c>.</summary>
    public int PatchSize => KernelHeight * KernelWidth * Channels;

    /// <summary>Floats in the HWIO kernel: <c>PatchSize·Filters</c>.</summary>
    public int KernelSize => PatchSize * Filters;

    /// <summary>
    /// The geometry Keras builds for <c>Conv2D(filters, (kernelHeight, kernelWidth), strides, padding, dilation_rate)</c>
    /// on an input of <c>(height, width, channels)</c>; see <see cref="ConvolutionPadding.Resolve"/> for the rule.
    /// </summary>
    public static Conv2DGeometry Create(int height, int width, int channels, int kernelHeight, int kernelWidth, int filters,
        int strideH = 1, int strideW = 1, int dilationH = 1, int dilationW = 1, bool same = false)
    {
        Positive(channels, nameof(channels));
        Positive(filters, nameof(filters));
        var (outHeight, padTop) = ConvolutionPadding.Resolve(height, kernelHeight, strideH, dilationH, same, "height");
        var (outWidth, padLeft) = ConvolutionPadding.Resolve(width, kernelWidth, strideW, dilationW, same, "width");
        return new(height, width, channels, kernelHeight, kernelWidth, filters, strideH, strideW, dilationH, dilationW,
            padTop, padLeft, outHeight, outWidth);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless every size is positive and the padding is not negative.</summary>
    public void Validate()
    {
        if (Height <= 0 || Width <= 0 || Channels <= 0 || KernelHeight <= 0 || KernelWidth <= 0 || Filters <= 0 ||
            StrideH <= 0 || StrideW <= 0 || DilationH <= 0 || DilationW <= 0 || PadTop < 0 || PadLeft < 0 ||
            OutHeight <= 0 || OutWidth <= 0)
            throw new ArgumentException($"Expected positive sizes, strides and dilations and non-negative padding, but the geometry is {this}.", "geometry");
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"Expected {name} to be positive.");
    }
}

/// <summary>Keras's output-size and padding rule for convolutions and pooling, one spatial axis at a time.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ConvolutionPadding
{
    /// <summary>
    /// For an axis of length <c>n</c>, window <c>k</c>, stride <c>s</c>, dilation <c>d</c> (effective window
    /// <c>k_e = (k−1)·d + 1</c>): "valid" gives <c>out = ⌊(n − k_e)/s⌋ + 1</c> and no padding; "same" gives
    /// <c>out = ⌈n/s⌉</c>, total padding <c>P = max((out−1)·s + k_e − n, 0)</c> of which <c>⌊P/2⌋</c> goes before and
    /// the odd extra pixel after (bottom/right), as Keras (TensorFlow) pads.
    /// </summary>
    /// <returns>The output length and the padding before the first input element.</returns>
    public static (int Out, int PadBefore) Resolve(int n, int k, int s, int d, bool same, string axis = "axis")
    {
        if (n <= 0 || k <= 0 || s <= 0 || d <= 0)
            throw new ArgumentException($"Expected a positive {axis} length, window, stride and dilation, but they are n={n}, k={k}, s={s}, d={d}.");
        // The rule is the generator's too (src/Shared/WindowArithmetic.cs); here it only adds the checks.
        var resolved = WindowArithmetic.Resolve(n, k, s, d, same);
        if (resolved.Out <= 0)
            throw new ArgumentException($"Expected the effective window {WindowArithmetic.Effective(k, d)} (k={k}, dilation={d}) to fit the input {axis} {n} with padding \"valid\".");
        return resolved;
    }
}
