using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Layers;

/// <summary>
/// What Conv2D and the pooling layers share: Keras' output-size and padding rule (written once, in
/// src/Shared/WindowArithmetic.cs, which the runtime's <c>GenNet.Kernels.ConvolutionPadding.Resolve</c> checks the emitted
/// geometry with), the rank-3 input check, and the validation of positive sizes and of the padding string.
/// </summary>
internal static class Window
{
    /// <summary>One spatial axis: the output length and the padding before it (see <see cref="WindowArithmetic.Resolve"/>).</summary>
    public static (int Out, int PadBefore) Resolve(int n, int k, int s, int d, bool same) => WindowArithmetic.Resolve(n, k, s, d, same);

    /// <summary>
    /// The padding after the last input element (bottom/right) for an axis of length <paramref name="n"/> that gives
    /// <paramref name="outLength"/> outputs with <paramref name="padBefore"/> before it: what the last window reaches past
    /// the input, 0 for "valid" (whose last window ends inside it).
    /// </summary>
    public static int PadAfter(int n, int k, int s, int d, int padBefore, int outLength) =>
        (int)System.Math.Max((outLength - 1L) * s + Effective(k, d) - n - padBefore, 0);

    /// <summary>The effective window <c>(k − 1)·d + 1</c>.</summary>
    public static long Effective(int k, int d) => WindowArithmetic.Effective(k, d);

    /// <summary>GN0103 unless <paramref name="x"/> is (height, width, channels); stops shape inference on failure.</summary>
    public static bool RequireImage(InferContext context, LayerIdentity identity, string typeName, TensorSpec x)
    {
        if (x.Shape.Count == 3) return true;
        context.ReportShape(Descriptors.ImageInputRequired, Site.ForLayer(identity.Index), identity.Describe(typeName), Text.Shape(x.Shape));
        return false;
    }

    /// <summary>GN0013 unless <paramref name="value"/> is positive; returns it, or 1 so that inference can go on.</summary>
    public static int Positive(InferContext context, LayerIdentity identity, string typeName, string argument, string kerasName,
        int value, string example)
    {
        if (value > 0) return value;
        context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, argument), identity.Describe(typeName),
            $"{kerasName} must be positive", $"{kerasName}={Text.Int(value)}", $"Write e.g. {example}");
        return 1;
    }

    /// <summary>"valid" (or not written) → false, "same" → true; anything else is GN0015 (and treated as "valid").</summary>
    public static bool Same(InferContext context, LayerIdentity identity, string typeName, string? padding)
    {
        if (padding is null || padding == PaddingNames.Valid) return false;
        if (padding == PaddingNames.Same) return true;
        context.Report(Descriptors.UnknownPadding, Site.ForLayer(identity.Index, "Padding"), identity.Describe(typeName), padding);
        return false;
    }

    /// <summary><c>3×3</c>.</summary>
    public static string Size(int height, int width) => $"{Text.Int(height)}×{Text.Int(width)}";

    /// <summary>Keras' spelling of a pair in messages: <c>3</c> when square, else <c>(3, 5)</c>.</summary>
    public static string Pair(int height, int width) => height == width ? Text.Int(height) : $"({Text.Int(height)}, {Text.Int(width)})";
}

/// <summary>
/// A Conv2D's compile-time shape, emitted as a <c>GenNet.Kernels.Conv2DGeometry</c> constant with named arguments (the
/// runtime record has the same members in the same order).
/// </summary>
internal sealed record ConvolutionGeometry(
    int Height, int Width, int Channels,
    int KernelHeight, int KernelWidth, int Filters,
    int StrideH, int StrideW, int DilationH, int DilationW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Floats of im2col space: one sample's patch matrix plus the transposed kernel (as <c>Conv2DKernel.ScratchSize</c>).</summary>
    public long ScratchSize => WindowArithmetic.Im2ColScratchSize(OutHeight, OutWidth, KernelHeight, KernelWidth, Channels, Filters);

    public void Emit(CodeWriter w, string summary, string member)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public static readonly {KernelsAlias.Prefix}Conv2DGeometry {member} = new(");
        w.Line($"    Height: {Text.Int(Height)}, Width: {Text.Int(Width)}, Channels: {Text.Int(Channels)},");
        w.Line($"    KernelHeight: {Text.Int(KernelHeight)}, KernelWidth: {Text.Int(KernelWidth)}, Filters: {Text.Int(Filters)},");
        w.Line($"    StrideH: {Text.Int(StrideH)}, StrideW: {Text.Int(StrideW)}, DilationH: {Text.Int(DilationH)}, DilationW: {Text.Int(DilationW)},");
        w.Line($"    PadTop: {Text.Int(PadTop)}, PadLeft: {Text.Int(PadLeft)}, OutHeight: {Text.Int(OutHeight)}, OutWidth: {Text.Int(OutWidth)});");
    }
}

/// <summary>A pooling layer's compile-time shape, emitted as a <c>GenNet.Kernels.PoolGeometry</c> constant.</summary>
internal sealed record PoolingGeometry(
    int Height, int Width, int Channels,
    int PoolHeight, int PoolWidth, int StrideH, int StrideW,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    public void Emit(CodeWriter w, string summary, string member)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public static readonly {KernelsAlias.Prefix}PoolGeometry {member} = new(");
        w.Line($"    Height: {Text.Int(Height)}, Width: {Text.Int(Width)}, Channels: {Text.Int(Channels)},");
        w.Line($"    PoolHeight: {Text.Int(PoolHeight)}, PoolWidth: {Text.Int(PoolWidth)}, StrideH: {Text.Int(StrideH)}, StrideW: {Text.Int(StrideW)},");
        w.Line($"    PadTop: {Text.Int(PadTop)}, PadLeft: {Text.Int(PadLeft)}, OutHeight: {Text.Int(OutHeight)}, OutWidth: {Text.Int(OutWidth)});");
    }
}
