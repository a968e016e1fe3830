using System;
using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// One layer kind as the parser knows it: the attribute a user writes, the Keras class it stands for, and how to read
/// it. Each layer file declares its own entry beside its declaration record (<c>DenseDeclaration.Kind</c>), so a
/// kind's names are written in one place.
/// </summary>
/// <param name="Attribute">The attribute as written, without the suffix: <c>Dense</c> for <c>[Dense]</c>.</param>
/// <param name="KerasName">The Keras class name, used in comments, messages and model info: <c>Dense</c>, <c>InputLayer</c>.</param>
/// <param name="Parse">Reads the attribute's arguments into the kind's declaration record.</param>
internal sealed record LayerKind(string Attribute, string KerasName, Func<AttributeReader, LayerDeclaration> Parse)
{
    /// <summary><c>GenNet.DenseAttribute</c>, as the compiler names the attribute class.</summary>
    public string MetadataName { get; } = AttributeNames.Of(Attribute);
}

/// <summary>
/// The layer attributes GenNet understands: the one list of kinds. A new layer kind is one file in Layers/ (declaration
/// record with its <see cref="LayerKind"/> entry, <c>Parse</c> and <c>Infer</c>; spec record with forward and backward
/// lines) plus its entry here. An attribute deriving from <c>GenNet.LayerAttribute</c> that is not listed is GN0017.
/// </summary>
internal static class LayerKinds
{
    /// <summary>Every kind, in the order of the runtime's attribute files.</summary>
    public static readonly IReadOnlyList<LayerKind> All = new[]
    {
        DenseDeclaration.Kind,
        ActivationDeclaration.Kind,
        Conv2DDeclaration.Kind,
        MaxPooling2DDeclaration.Kind,
        AveragePooling2DDeclaration.Kind,
        GlobalAveragePooling2DDeclaration.Kind,
        FlattenDeclaration.Kind,
        ReshapeDeclaration.Kind,
        DropoutDeclaration.Kind,
        BatchNormalizationDeclaration.Kind,
        AddDeclaration.Kind,
        SubtractDeclaration.Kind,
        MultiplyDeclaration.Kind,
        AverageDeclaration.Kind,
        ExtremumDeclaration.Maximum,
        ExtremumDeclaration.Minimum,
        ConcatenateDeclaration.Kind,
        LambdaDeclaration.Kind,
        InputDeclaration.Kind,
        ReuseDeclaration.Kind,
        // seq1 layers
        Conv1DDeclaration.Kind,
        MaxPooling1DDeclaration.Kind,
        AveragePooling1DDeclaration.Kind,
        GlobalAveragePooling1DDeclaration.Kind,
        GlobalMaxPoolingDeclaration.OneD,
        GlobalMaxPoolingDeclaration.TwoD,
        LayerNormalizationDeclaration.Kind,
        EmbeddingDeclaration.Kind,
        RepeatVectorDeclaration.Kind,
        PermuteDeclaration.Kind,
        // rnn layers
        RecurrentDeclaration.SimpleRnnKind,
        RecurrentDeclaration.LstmKind,
        RecurrentDeclaration.GruKind,
        // vision1 layers
        ReLUDeclaration.Kind,
        LeakyReLUDeclaration.Kind,
        ELUDeclaration.Kind,
        SoftmaxDeclaration.Kind,
        PReLUDeclaration.Kind,
        RescalingDeclaration.Kind,
        ZeroPadding2DDeclaration.Kind,
        Cropping2DDeclaration.Kind,
        UpSampling2DDeclaration.Kind,
        SpatialDropout2DDeclaration.Kind,
        GaussianNoiseDeclaration.Kind,
        DepthwiseConv2DDeclaration.Kind,
        // seq2 layers
        BidirectionalDeclaration.Kind,
        // vision2 layers
        Conv2DTransposeDeclaration.Kind,
        SeparableConv2DDeclaration.Kind,
        // import6 layers
        ZeroPadding1DDeclaration.Kind,
    };

    private static readonly Dictionary<string, LayerKind> ByMetadataName = All.ToDictionary(k => k.MetadataName, StringComparer.Ordinal);

    /// <summary>Metadata names of every layer attribute, in ordinal order.</summary>
    public static readonly IReadOnlyList<string> AttributeNames = ByMetadataName.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>The kind of a layer attribute's metadata name, or null if GenNet has no such layer.</summary>
    public static LayerKind? Find(string metadataName) => ByMetadataName.TryGetValue(metadataName, out var kind) ? kind : null;

    /// <summary><c>GenNet.DenseAttribute</c> → <c>Dense</c>, as the user writes it.</summary>
    public static string ShortName(string metadataName)
    {
        string name = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
