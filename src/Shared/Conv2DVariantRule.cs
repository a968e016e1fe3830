namespace GenNet.Shared;

/// <summary>
/// Which Conv2D kernel a geometry runs: the direct NHWC kernels or im2col + GEMM. The generator applies this rule at build
/// time to emit <c>Conv2DKernel.ForwardDirect</c> or <c>ForwardIm2Col</c>; the runtime's own <c>Conv2DKernel.Forward</c> (for
/// callers without a generator) and the direct entry points' argument check use the same rule.
/// </summary>
internal static class Conv2DVariantRule
{
    /// <summary>Floats in the narrowest vector the direct kernels use (<c>Vector128&lt;float&gt;</c>).</summary>
    public const int NarrowestVectorWidth = 4;

    /// <summary>
    /// Whether the direct kernels apply: every window stays inside the input (no padding), the kernel is not 1×1 (already a
    /// plain matrix product), and the filter count is a multiple of a vector width (the kernels vectorize over filters).
    /// A machine with no accelerated vector of that width still runs im2col (<c>Conv2DKernel.ForwardDirect</c> checks).
    /// </summary>
    public static bool RunsDirect(int height, int width, int kernelHeight, int kernelWidth, int filters, int strideH, int strideW,
        int dilationH, int dilationW, int padTop, int padLeft, int outHeight, int outWidth)
    {
        if (padTop != 0 || padLeft != 0) return false;
        if ((outHeight - 1L) * strideH + (kernelHeight - 1L) * dilationH >= height) return false;
        if ((outWidth - 1L) * strideW + (kernelWidth - 1L) * dilationW >= width) return false;
        if (kernelHeight * kernelWidth == 1) return false;
        return filters % NarrowestVectorWidth == 0;
    }
}
