using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import;

/// <summary>
/// The attribute a user would write for an imported layer (<c>[Conv2D(32, 3, Activation = "relu")]</c>), for the generated
/// file's remarks — the one writer of both importers, [KerasModel] and [OnnxModel]: every argument that differs from
/// GenNet's (= Keras') default, then the weight rules, then <c>Name</c> when the file's name is not the default one, then
/// <c>From</c> where the layer does not read the one before it. Copied into a class, the attributes declare the same model.
/// </summary>
internal static class ImportAttributeText
{
    /// <summary>
    /// The attribute text of <paramref name="layer"/>. <paramref name="spellOutWindows"/> (the ONNX remarks) writes a pool's
    /// size even where it is Keras' default 2 and a zero padding's four borders even where they are equal, as the ONNX
    /// node lists them (<c>kernel_shape</c>, <c>pads</c>); the Keras remarks write the shortest form, as Keras' config does.
    /// </summary>
    public static string Of(LayerDeclaration layer, bool spellOutWindows)
    {
        var positional = new List<string>();
        var named = new List<string>();
        if (layer.IsMerge) positional.AddRange(layer.From.Select(Quote));
        Arguments(layer, positional, named, spellOutWindows);
        named.AddRange(layer.WeightRules.Select(r => $"{r.Argument} = {Quote(r.Text)}"));
        if (layer.Name is { } name) named.Add($"Name = {Quote(name)}");
        if (!layer.IsMerge && layer.From.Count > 0) named.Add($"From = {Quote(layer.From[0])}");
        var all = positional.Concat(named).ToList();
        string text = all.Count == 0 ? $"[{Attribute(layer)}]" : $"[{Attribute(layer)}({string.Join(", ", all)})]";
        // [Bidirectional] is written immediately before the layer it wraps.
        return layer is BidirectionalDeclaration { Inner: { } inner } ? $"{text} {Of(inner, spellOutWindows)}" : text;
    }

    private static string Attribute(LayerDeclaration layer) => layer switch
    {
        GlobalMaxPoolingDeclaration g => g.Rank == 2 ? "GlobalMaxPooling1D" : "GlobalMaxPooling2D",
        _ => layer.TypeName,
    };

    private static void Arguments(LayerDeclaration layer, List<string> p, List<string> n, bool spellOutWindows)
    {
        switch (layer)
        {
            case DenseDeclaration d:
                p.Add(Int(d.Units));
                ActivationAndBias(n, d.Activation, d.UseBias);
                break;
            case Conv2DDeclaration c:
                FiltersAndWindow(p, n, c.Filters, c.KernelHeight, c.KernelWidth, c.Strides, c.StridesWidth, c.Padding, c.DilationRate, c.DilationWidth);
                if (c.Groups != 1) n.Add($"Groups = {Int(c.Groups)}");
                ActivationAndBias(n, c.Activation, c.UseBias);
                break;
            case SeparableConv2DDeclaration c:
                p.Add(Int(c.Filters));
                DepthwiseWindow(p, n, c.KernelHeight, c.KernelWidth, c.DepthMultiplier, c.Strides, c.StridesWidth, c.Padding, c.DilationRate, c.DilationWidth);
                ActivationAndBias(n, c.Activation, c.UseBias);
                break;
            case Conv2DTransposeDeclaration c:
                FiltersAndWindow(p, n, c.Filters, c.KernelHeight, c.KernelWidth, c.Strides, c.StridesWidth, c.Padding, c.DilationRate, c.DilationWidth);
                if (c.OutputPadding >= 0 || c.OutputPaddingWidth >= 0) AxisArgument(n, "OutputPadding", c.OutputPadding, c.OutputPaddingWidth < -1 ? -1 : c.OutputPaddingWidth, -1);
                ActivationAndBias(n, c.Activation, c.UseBias);
                break;
            case Conv1DDeclaration c:
                p.Add(Int(c.Filters));
                p.Add(Int(c.KernelSize));
                if (c.Strides != 1) n.Add($"Strides = {Int(c.Strides)}");
                Padding(n, c.Padding);
                if (c.DilationRate != 1) n.Add($"DilationRate = {Int(c.DilationRate)}");
                if (c.Groups != 1) n.Add($"Groups = {Int(c.Groups)}");
                ActivationAndBias(n, c.Activation, c.UseBias);
                break;
            case DepthwiseConv2DDeclaration c:
                DepthwiseWindow(p, n, c.KernelHeight, c.KernelWidth, c.DepthMultiplier, c.Strides, c.StridesWidth, c.Padding, c.DilationRate, c.DilationWidth);
                ActivationAndBias(n, c.Activation, c.UseBias);
                break;
            case MaxPooling2DDeclaration m:
                Pool2D(p, n, m.PoolHeight, m.PoolWidth, m.Strides, m.StridesWidth, m.Padding, spellOutWindows);
                break;
            case AveragePooling2DDeclaration a:
                Pool2D(p, n, a.PoolHeight, a.PoolWidth, a.Strides, a.StridesWidth, a.Padding, spellOutWindows);
                break;
            case Pooling1DDeclaration q:
                if (q.PoolSize != 2) p.Add(Int(q.PoolSize));
                if (q.Strides is int s) n.Add($"Strides = {Int(s)}");
                Padding(n, q.Padding);
                break;
            case BatchNormalizationDeclaration b:
                if (b.Momentum != 0.99) n.Add($"Momentum = {Number(b.Momentum)}");
                if (b.Epsilon != 1e-3) n.Add($"Epsilon = {Number(b.Epsilon)}");
                if (!b.Center) n.Add("Center = false");
                if (!b.Scale) n.Add("Scale = false");
                break;
            case LayerNormalizationDeclaration l:
                if (l.Epsilon != 1e-3) n.Add($"Epsilon = {Number(l.Epsilon)}");
                if (!l.Center) n.Add("Center = false");
                if (!l.Scale) n.Add("Scale = false");
                break;
            case DropoutDeclaration d: p.Add(Number(d.Rate)); break;
            case SpatialDropout2DDeclaration d: p.Add(Number(d.Rate)); break;
            case GaussianNoiseDeclaration g: p.Add(Number(g.Stddev)); break;
            case ReshapeDeclaration r: p.AddRange(r.TargetShape.Select(Int)); break;
            case PermuteDeclaration r: p.AddRange(r.Dims.Select(Int)); break;
            case RepeatVectorDeclaration r: p.Add(Int(r.N)); break;
            case EmbeddingDeclaration e:
                p.Add(Int(e.InputDim));
                p.Add(Int(e.OutputDim));
                if (e.MaskZero) n.Add("MaskZero = true");
                break;
            case BidirectionalDeclaration b:
                if (b.MergeMode != "concat") n.Add($"MergeMode = {Quote(b.MergeMode)}");
                break;
            case RecurrentDeclaration r:
                p.Add(Int(r.Units));
                if (r.Activation != ActivationNames.Tanh) n.Add($"Activation = {Quote(r.Activation ?? ActivationNames.Linear)}");
                if (r.Cell != RecurrentCell.SimpleRnn && r.RecurrentActivation != ActivationNames.Sigmoid) n.Add($"RecurrentActivation = {Quote(r.RecurrentActivation ?? ActivationNames.Linear)}");
                if (!r.UseBias) n.Add("UseBias = false");
                if (r.ReturnSequences) n.Add("ReturnSequences = true");
                if (r.GoBackwards) n.Add("GoBackwards = true");
                if (r.Cell == RecurrentCell.Lstm && !r.UnitForgetBias) n.Add("UnitForgetBias = false");
                if (r.Cell == RecurrentCell.Gru && !r.ResetAfter) n.Add("ResetAfter = false");
                if (r.Dropout != 0) n.Add($"Dropout = {Number(r.Dropout)}");
                if (r.RecurrentDropout != 0) n.Add($"RecurrentDropout = {Number(r.RecurrentDropout)}");
                break;
            case ActivationDeclaration a:
                p.Add(Quote(a.Function ?? ActivationNames.Linear));
                if (a.Options.Approximate == true) n.Add("Approximate = true");
                break;
            case ReLUDeclaration r:
                if (r.MaxValue is double max) n.Add($"MaxValue = {Number(max)}");
                if (r.NegativeSlope != 0) n.Add($"NegativeSlope = {Number(r.NegativeSlope)}");
                if (r.Threshold != 0) n.Add($"Threshold = {Number(r.Threshold)}");
                break;
            case LeakyReLUDeclaration l: n.Add($"NegativeSlope = {Number(l.NegativeSlope)}"); break;
            case ELUDeclaration e: if (e.Alpha != 1) n.Add($"Alpha = {Number(e.Alpha)}"); break;
            case SoftmaxDeclaration m: if (m.Axis != -1) n.Add($"Axis = {Int(m.Axis)}"); break;
            case PReLUDeclaration r: if (r.SharedAxes.Count > 0) n.Add($"SharedAxes = new[] {{ {string.Join(", ", r.SharedAxes.Select(Int))} }}"); break;
            case RescalingDeclaration r:
                p.Add(Number(r.Scale));
                if (r.Offset != 0) n.Add($"Offset = {Number(r.Offset)}");
                break;
            case ZeroPadding2DDeclaration z:
                if (spellOutWindows) p.AddRange(new[] { Int(z.Padding.Top), Int(z.Padding.Bottom), Int(z.Padding.Left), Int(z.Padding.Right) });
                else Borders(p, z.Padding);
                break;
            case Cropping2DDeclaration c: Borders(p, c.Cropping); break;
            case ZeroPadding1DDeclaration z:
                p.Add(Int(z.Left));
                if (z.Right != z.Left) p.Add(Int(z.Right));
                break;
            case UpSampling2DDeclaration u:
                Window(p, u.SizeHeight, u.SizeWidth);
                if (u.Interpolation is { } i && i != "nearest") n.Add($"Interpolation = {Quote(i)}");
                break;
            case ConcatenateDeclaration c: if (c.Axis != -1) n.Add($"Axis = {Int(c.Axis)}"); break;
        }
    }

    /// <summary>A 2-D convolution's filters and kernel size, then its strides, padding and dilation (<see cref="Window2D"/>).</summary>
    private static void FiltersAndWindow(List<string> p, List<string> n, int filters, int height, int width, int strides, int stridesWidth, string? padding, int dilation, int dilationWidth)
    {
        p.Add(Int(filters));
        Window(p, height, width);
        Window2D(n, strides, stridesWidth, padding, dilation, dilationWidth);
    }

    /// <summary>A depthwise window (DepthwiseConv2D, SeparableConv2D): kernel size, depth multiplier, strides, padding, dilation.</summary>
    private static void DepthwiseWindow(List<string> p, List<string> n, int height, int width, int multiplier, int strides, int stridesWidth, string? padding, int dilation, int dilationWidth)
    {
        Window(p, height, width);
        if (multiplier != 1) n.Add($"DepthMultiplier = {Int(multiplier)}");
        Window2D(n, strides, stridesWidth, padding, dilation, dilationWidth);
    }

    /// <summary>A 2-D convolution's strides, padding and dilation, each only where it differs from Keras' default.</summary>
    private static void Window2D(List<string> n, int strides, int stridesWidth, string? padding, int dilation, int dilationWidth)
    {
        AxisArgument(n, "Strides", strides, stridesWidth, 1);
        Padding(n, padding);
        AxisArgument(n, "DilationRate", dilation, dilationWidth, 1);
    }

    private static void ActivationAndBias(List<string> n, string? activation, bool useBias)
    {
        Activation(n, activation);
        if (!useBias) n.Add("UseBias = false");
    }

    /// <summary>
    /// A 2-D pool's size (omitted at Keras' default 2 × 2 unless spelled out), strides (omitted where they are the size of
    /// a square pool: Keras' strides None) and padding.
    /// </summary>
    private static void Pool2D(List<string> p, List<string> n, int height, int width, int? strides, int stridesWidth, string? padding, bool spellOutWindows)
    {
        if (spellOutWindows || height != 2 || width != 2) Window(p, height, width);
        bool poolSized = height == width && strides == height && (stridesWidth < 0 || stridesWidth == height);
        if (strides is int s && !poolSized) AxisArgument(n, "Strides", s, stridesWidth, int.MinValue);
        Padding(n, padding);
    }

    /// <summary>
    /// An int-or-pair argument (<c>Strides = 2</c>, <c>Strides = new[] { 2, 1 }</c>) unless it is <paramref name="fallback"/>
    /// on both axes; <paramref name="width"/> is -1 when it equals <paramref name="height"/>.
    /// </summary>
    private static void AxisArgument(List<string> n, string argument, int height, int width, int fallback)
    {
        if (width < 0 || width == height)
        {
            if (height != fallback) n.Add($"{argument} = {Int(height)}");
        }
        else n.Add($"{argument} = new[] {{ {Int(height)}, {Int(width)} }}");
    }

    private static void Window(List<string> p, int height, int width)
    {
        p.Add(Int(height));
        if (width != height) p.Add(Int(width));
    }

    private static void Borders(List<string> p, ImageBorders b)
    {
        if (b.Top == b.Bottom && b.Bottom == b.Left && b.Left == b.Right) p.Add(Int(b.Top));
        else if (b.Top == b.Bottom && b.Left == b.Right) p.AddRange(new[] { Int(b.Top), Int(b.Left) });
        else p.AddRange(new[] { Int(b.Top), Int(b.Bottom), Int(b.Left), Int(b.Right) });
    }

    private static void Activation(List<string> n, string? activation)
    {
        if (activation is not null && activation != ActivationNames.Linear) n.Add($"Activation = {Quote(activation)}");
    }

    private static void Padding(List<string> n, string? padding)
    {
        if (padding is not null && padding != "valid") n.Add($"Padding = {Quote(padding)}");
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
