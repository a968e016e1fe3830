namespace GenNet.Shared;

/// <summary>
/// Keras' output-size and padding rule for convolution and pooling windows, one spatial axis at a time, and the size of
/// Conv2D's im2col scratch. The generator computes the geometry it emits with these; the runtime's
/// <c>ConvolutionPadding.Resolve</c> and <c>Conv2DKernel.ScratchSize</c> check and size against the same formulas.
/// </summary>
internal static class WindowArithmetic
{
    /// <summary>The effective window <c>k_e = (k − 1)·d + 1</c> of a window <c>k</c> with dilation <c>d</c>.</summary>
    public static long Effective(int k, int d) => (k - 1L) * d + 1;

    /// <summary>
    /// For an axis of length <c>n</c>, window <c>k</c>, stride <c>s</c>, dilation <c>d</c> (all positive): "valid" gives
    /// <c>out = ⌊(n − k_e)/s⌋ + 1</c>, or 0 when the window does not fit, and no padding; "same" gives <c>out = ⌈n/s⌉</c>,
    /// total padding <c>P = max((out−1)·s + k_e − n, 0)</c> of which <c>⌊P/2⌋</c> goes before and the odd extra pixel
    /// after (bottom/right), as Keras (TensorFlow) pads.
    /// </summary>
    /// <returns>The output length and the padding before the first input element.</returns>
    public static (int Out, int PadBefore) Resolve(int n, int k, int s, int d, bool same)
    {
        long effective = Effective(k, d);
        if (same)
        {
            int outLength = (int)(((long)n + s - 1) / s);
            long total = System.Math.Max((outLength - 1L) * s + effective - n, 0);
            return (outLength, (int)(total / 2));
        }
        return effective > n ? (0, 0) : ((int)((n - effective) / s + 1), 0);
    }

    /// <summary>
    /// Floats of Conv2D's im2col scratch: one sample's patch matrix <c>OutHeight·OutWidth·PatchSize</c> plus the
    /// transposed kernel <c>PatchSize·Filters</c>, where <c>PatchSize = KernelHeight·KernelWidth·Channels</c>.
    /// </summary>
    public static long Im2ColScratchSize(int outHeight, int outWidth, int kernelHeight, int kernelWidth, int channels, int filters)
    {
        long patch = (long)kernelHeight * kernelWidth * channels;
        return (long)outHeight * outWidth * patch + patch * filters;
    }
}
