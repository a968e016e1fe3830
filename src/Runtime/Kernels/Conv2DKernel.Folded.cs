namespace GenNet.Kernels;

public static partial class Conv2DKernel
{
    /// <summary>
    /// Inference of <c>Conv2D → BatchNormalization → relu/relu6</c> in one call (generated code, when nothing else reads the
    /// convolution's or the normalization's output): per sample <c>y = min(max(conv(x, kernel)·scale + shift, min), max)</c>
    /// per filter, the convolution by <see cref="ForwardDirect"/>'s kernels and the epilogue
    /// (<see cref="BatchNormalizationKernel.ApplyFolded"/>) on the sample's output while it is in cache. <c>scaleShift</c> is
    /// <see cref="BatchNormalizationKernel.FoldInference"/>'s <c>[scale[Filters], shift[Filters]]</c> (the convolution's bias
    /// folded into the shift). Layouts and scratch as in <see cref="Forward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is not one the direct kernels handle.</exception>
    public static void ForwardFoldedDirect(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, Span<float> scratch,
        ReadOnlySpan<float> scaleShift, int batch, Conv2DGeometry geometry, float min, float max)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), 0, "bias", y.Length, nameof(y), scratch.Length);
        CheckDirect(g);
        CheckLength(2 * g.Filters, scaleShift.Length, nameof(scaleShift), "2·Filters: scale, then shift");
        bool direct = Conv2DDirect.TryGetPath(g, out var path);
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xs = x.Slice(n * g.InputSize, g.InputSize);
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            if (direct) Conv2DDirect.Forward(path, xs, kernel, default, ys, 1, g);
            else Im2ColForward(xs, kernel, default, ys, scratch, 1, g);
            BatchNormalizationKernel.ApplyFolded(ys, scaleShift, g.OutHeight * g.OutWidth, g.Filters, min, max);
        }
    }

    /// <summary>
    /// <see cref="ForwardFoldedDirect"/> for the geometries <see cref="ForwardIm2Col"/> runs (padded ones through a padded copy,
    /// 1×1 ones as one product per sample). Arguments as there.
    /// </summary>
    public static void ForwardFoldedIm2Col(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, Span<float> y, Span<float> scratch,
        ReadOnlySpan<float> scaleShift, int batch, Conv2DGeometry geometry, float min, float max)
    {
        var g = geometry;
        Check(g, batch, x.Length, nameof(x), kernel.Length, nameof(kernel), 0, "bias", y.Length, nameof(y), scratch.Length);
        CheckLength(2 * g.Filters, scaleShift.Length, nameof(scaleShift), "2·Filters: scale, then shift");
        for (int n = 0; n < batch; n++)
        {
            Span<float> ys = y.Slice(n * g.OutputSize, g.OutputSize);
            Im2ColForward(x.Slice(n * g.InputSize, g.InputSize), kernel, default, ys, scratch, 1, g);
            BatchNormalizationKernel.ApplyFolded(ys, scaleShift, g.OutHeight * g.OutWidth, g.Filters, min, max);
        }
    }
}
