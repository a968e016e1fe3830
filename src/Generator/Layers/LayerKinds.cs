using System;
using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// The layer attributes GenNet understands. A new layer kind is one file in Layers/ (declaration record with
/// <c>Parse</c> and <c>Infer</c>, spec record with forward and backward lines) plus one line here.
/// </summary>
internal static class LayerKinds
{
    private static readonly Dictionary<string, Func<AttributeReader, LayerDeclaration>> Parsers = new(StringComparer.Ordinal)
    {
        [Generator.AttributeNames.Dense] = DenseDeclaration.Parse,
        [Generator.AttributeNames.Activation] = ActivationDeclaration.Parse,
        [Generator.AttributeNames.Conv2D] = Conv2DDeclaration.Parse,
        [Generator.AttributeNames.MaxPooling2D] = MaxPooling2DDeclaration.Parse,
        [Generator.AttributeNames.AveragePooling2D] = AveragePooling2DDeclaration.Parse,
        [Generator.AttributeNames.GlobalAveragePooling2D] = GlobalAveragePooling2DDeclaration.Parse,
        [Generator.AttributeNames.Flatten] = FlattenDeclaration.Parse,
        [Generator.AttributeNames.Reshape] = ReshapeDeclaration.Parse,
        [Generator.AttributeNames.Dropout] = DropoutDeclaration.Parse,
        [Generator.AttributeNames.BatchNormalization] = BatchNormalizationDeclaration.Parse,
        [Generator.AttributeNames.Add] = AddDeclaration.Parse,
        [Generator.AttributeNames.Subtract] = SubtractDeclaration.Parse,
        [Generator.AttributeNames.Multiply] = MultiplyDeclaration.Parse,
        [Generator.AttributeNames.Average] = AverageDeclaration.Parse,
        [Generator.AttributeNames.Maximum] = ExtremumDeclaration.ParseMaximum,
        [Generator.AttributeNames.Minimum] = ExtremumDeclaration.ParseMinimum,
        [Generator.AttributeNames.Concatenate] = ConcatenateDeclaration.Parse,
        [Generator.AttributeNames.Lambda] = LambdaDeclaration.Parse,
        [Generator.AttributeNames.Input] = InputDeclaration.Parse,
        [Generator.AttributeNames.Reuse] = ReuseDeclaration.Parse,
    };

    /// <summary>Metadata names of every layer attribute, in ordinal order.</summary>
    public static readonly IReadOnlyList<string> AttributeNames = Parsers.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>The parser for a layer attribute's metadata name, or null if it is not a layer attribute.</summary>
    public static Func<AttributeReader, LayerDeclaration>? Find(string metadataName) =>
        Parsers.TryGetValue(metadataName, out var parse) ? parse : null;

    /// <summary><c>GenNet.DenseAttribute</c> → <c>Dense</c>, as the user writes it.</summary>
    public static string ShortName(string metadataName)
    {
        string name = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
