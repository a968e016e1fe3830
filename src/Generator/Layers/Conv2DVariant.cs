using GenNet.Shared;

namespace GenNet.Generator.Layers;

/// <summary>The Conv2D kernel a layer's generated code calls, chosen at build time from its geometry.</summary>
internal enum Conv2DVariant
{
    /// <summary>The direct NHWC kernels (<c>Conv2DKernel.ForwardDirect</c> / <c>BackwardDirect</c>).</summary>
    Direct,

    /// <summary>im2col + GEMM (<c>Conv2DKernel.ForwardIm2Col</c> / <c>BackwardIm2Col</c>): every other geometry.</summary>
    Im2Col,
}

/// <summary>Chooses a layer's <see cref="Conv2DVariant"/> with the rule the runtime shares (src/Shared/Conv2DVariantRule.cs).</summary>
internal static class Conv2DVariants
{
    public static Conv2DVariant Choose(ConvolutionGeometry g) =>
        Conv2DVariantRule.RunsDirect(g.Height, g.Width, g.KernelHeight, g.KernelWidth, g.Filters, g.StrideH, g.StrideW,
            g.DilationH, g.DilationW, g.PadTop, g.PadLeft, g.OutHeight, g.OutWidth)
            ? Conv2DVariant.Direct
            : Conv2DVariant.Im2Col;

    /// <summary>The suffix of the kernel entry points for <paramref name="variant"/>: <c>Forward{suffix}</c>, <c>Backward{suffix}</c>.</summary>
    public static string EntryPointSuffix(this Conv2DVariant variant) => variant == Conv2DVariant.Direct ? "Direct" : "Im2Col";
}
