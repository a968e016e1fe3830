using System.Globalization;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// The attribute a user would write for an imported layer (<c>[Dense(128, Activation = "relu")]</c>), for the remarks of
/// the generated file: copied into a class with [Sequential], it declares the same model, ready to edit.
/// </summary>
internal static class OnnxAttributeText
{
    public static string Of(LayerDeclaration layer)
    {
        if (layer is BidirectionalDeclaration { Inner: { } inner } bidirectional)
        {
            // Written as the two attributes a hand declaration pairs: [Bidirectional(From = …)] [LSTM(…)].
            string wrapper = bidirectional.From.Count == 0 ? "[Bidirectional]" : $"[Bidirectional(From = \"{bidirectional.From[0]}\")]";
            return $"{wrapper} {Arguments(inner)}";
        }
        string text = Arguments(layer);
        if (layer.IsMerge) return WithArgument(text, Quoted(layer.From), first: true);
        return layer.From.Count == 0 ? text : WithArgument(text, $"From = \"{layer.From[0]}\"", first: false);
    }

    /// <summary><c>[Dense(8)]</c> + <c>From = "x"</c> → <c>[Dense(8, From = "x")]</c>; <c>[Flatten]</c> → <c>[Flatten(From = "x")]</c>.</summary>
    private static string WithArgument(string text, string argument, bool first)
    {
        if (!text.EndsWith(")]", System.StringComparison.Ordinal)) return $"{text.Substring(0, text.Length - 1)}({argument})]";
        return first ? text.Insert(text.IndexOf('(') + 1, $"{argument}, ") : text.Insert(text.Length - 2, $", {argument}");
    }

    private static string Quoted(System.Collections.Generic.IEnumerable<string> names) => string.Join(", ", System.Linq.Enumerable.Select(names, n => $"\"{n}\""));

    private static string Arguments(LayerDeclaration layer) => layer switch
    {
        AddDeclaration or SubtractDeclaration or MultiplyDeclaration or ExtremumDeclaration => $"[{layer.TypeName}]",
        ConcatenateDeclaration => "[Concatenate]",
        RecurrentDeclaration r => $"[{r.TypeName}({r.Units}{(r.ReturnSequences ? ", ReturnSequences = true" : "")}{(r.Cell == RecurrentCell.Gru && !r.ResetAfter ? ", ResetAfter = false" : "")}{(r.UseBias ? "" : ", UseBias = false")})]",
        ReLUDeclaration r => $"[ReLU(MaxValue = {Number(r.MaxValue ?? 0)})]",
        LeakyReLUDeclaration l => $"[LeakyReLU(NegativeSlope = {Number(l.NegativeSlope)})]",
        SoftmaxDeclaration m => $"[Softmax(Axis = {m.Axis})]",
        PReLUDeclaration p => $"[PReLU(SharedAxes = new[] {{ {string.Join(", ", p.SharedAxes)} }})]",
        ZeroPadding2DDeclaration z => $"[ZeroPadding2D({z.Padding.Top}, {z.Padding.Bottom}, {z.Padding.Left}, {z.Padding.Right})]",
        Cropping2DDeclaration c => $"[Cropping2D({c.Cropping.Top}, {c.Cropping.Bottom}, {c.Cropping.Left}, {c.Cropping.Right})]",
        UpSampling2DDeclaration u => $"[UpSampling2D({Kernel(u.SizeHeight, u.SizeWidth)}{(u.Interpolation is "bilinear" ? ", Interpolation = \"bilinear\"" : "")})]",
        DenseDeclaration d => $"[Dense({d.Units}{Activation(d.Activation)}{(d.UseBias ? "" : ", UseBias = false")})]",
        // The convolutions' per-axis and group arguments are written as the Keras importer writes them.
        Conv2DDeclaration or DepthwiseConv2DDeclaration or Conv2DTransposeDeclaration => Keras.KerasAttributeText.Of(layer with { From = default, Name = null }),
        MaxPooling2DDeclaration p => $"[MaxPooling2D({Kernel(p.PoolHeight, p.PoolWidth)}{Strides(p.Strides, p.StridesWidth, p.PoolHeight, p.PoolWidth)}{Padding(p.Padding)})]",
        AveragePooling2DDeclaration p => $"[AveragePooling2D({Kernel(p.PoolHeight, p.PoolWidth)}{Strides(p.Strides, p.StridesWidth, p.PoolHeight, p.PoolWidth)}{Padding(p.Padding)})]",
        GlobalAveragePooling2DDeclaration => "[GlobalAveragePooling2D]",
        BatchNormalizationDeclaration b => $"[BatchNormalization(Momentum = {Number(b.Momentum)}, Epsilon = {Number(b.Epsilon)})]",
        FlattenDeclaration => "[Flatten]",
        DropoutDeclaration d => $"[Dropout({Number(d.Rate)})]",
        ActivationDeclaration a => $"[Activation(\"{a.Function}\")]",
        _ => $"[{layer.TypeName}]",
    };

    private static string Kernel(int height, int width) => height == width ? $"{height}" : $"{height}, {width}";

    private static string Activation(string? activation) => activation is null ? "" : $", Activation = \"{activation}\"";

    private static string Padding(string? padding) => padding is null or "valid" ? "" : $", Padding = \"{padding}\"";

    private static string Int(string name, int value, int fallback) => value == fallback ? "" : $", {name} = {value}";

    private static string Strides(int? strides, int stridesWidth, int height, int width) =>
        strides is not { } s ? ""
        : stridesWidth >= 0 && stridesWidth != s ? $", Strides = new[] {{ {s}, {stridesWidth} }}"
        : height == width && s == height ? "" : $", Strides = {s}";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
