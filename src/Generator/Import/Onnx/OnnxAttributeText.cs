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
    public static string Of(LayerDeclaration layer) => layer switch
    {
        DenseDeclaration d => $"[Dense({d.Units}{Activation(d.Activation)}{(d.UseBias ? "" : ", UseBias = false")})]",
        Conv2DDeclaration c => $"[Conv2D({c.Filters}, {Kernel(c.KernelHeight, c.KernelWidth)}{Int("Strides", c.Strides, 1)}{Padding(c.Padding)}" +
            $"{Int("DilationRate", c.DilationRate, 1)}{Activation(c.Activation)}{(c.UseBias ? "" : ", UseBias = false")})]",
        MaxPooling2DDeclaration p => $"[MaxPooling2D({Kernel(p.PoolHeight, p.PoolWidth)}{Strides(p.Strides, p.PoolHeight, p.PoolWidth)}{Padding(p.Padding)})]",
        AveragePooling2DDeclaration p => $"[AveragePooling2D({Kernel(p.PoolHeight, p.PoolWidth)}{Strides(p.Strides, p.PoolHeight, p.PoolWidth)}{Padding(p.Padding)})]",
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

    private static string Strides(int? strides, int height, int width) =>
        strides is { } s && !(height == width && s == height) ? $", Strides = {s}" : "";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
