using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Weights;

/// <summary>
/// A model's request for compiled-in weights, found at its <c>[EmbeddedWeights]</c> attribute: plain data, no symbols.
/// </summary>
/// <param name="ModelName">The class's full name (<c>TypeDeclaration.FullName</c>): the key its model's spec is found by.</param>
/// <param name="HasModelAttribute">The class carries [Sequential] or [Functional].</param>
/// <param name="ClassName">The class name, for messages.</param>
/// <param name="File">The attribute's file name argument as written (may be null or empty: that is a diagnostic).</param>
internal sealed record EmbeddedWeightsRequest(string ModelName, bool HasModelAttribute, string ClassName, string? File);

/// <summary>What the match found for the class named <paramref name="ModelName"/>: the weights to embed, or a diagnostic.</summary>
internal sealed record MatchedWeights(string ModelName, EmbeddedWeightsResult Result);

/// <summary>One tensor of the embedded buffers, for the comments of the generated file.</summary>
internal sealed record EmbeddedTensor(string Key, string Shape, bool Trainable, int Offset, int Length);

/// <summary>Everything the weights emitter needs: the model's type, the file's identity and the two buffers' bytes.</summary>
/// <param name="Parameters">Little-endian F32 bytes in the layout of <c>Parameters</c> (ParameterCount × 4).</param>
/// <param name="State">Little-endian F32 bytes in the layout of <c>State</c> (StateCount × 4).</param>
/// <param name="Tensors">Every weight, in buffer order (trainable first), each with its float offset.</param>
internal sealed record EmbeddedWeightsSpec(
    TypeDeclaration Type,
    string FileName,
    string Sha256,
    string Fingerprint,
    WeightBlob Parameters,
    WeightBlob State,
    EquatableArray<EmbeddedTensor> Tensors)
{
    public string HintName => $"{Type.FullName}.EmbeddedWeights.g.cs";

    /// <summary>The attribute the weights came from, for the generated comments: <c>[EmbeddedWeights]</c> or <c>[OnnxModel]</c>.</summary>
    public string Origin { get; init; } = "[EmbeddedWeights]";

    /// <summary>The kind of file, for the generated comments: <c>safetensors</c> or <c>ONNX</c>.</summary>
    public string FileKind { get; init; } = "safetensors";
}

/// <summary>The outcome for one request: a spec to emit, or one diagnostic (id and message arguments), or nothing.</summary>
internal sealed record EmbeddedWeightsResult(EmbeddedWeightsSpec? Spec, string? DiagnosticId, EquatableArray<string> Arguments)
{
    public static readonly EmbeddedWeightsResult Nothing = new(null, null, EquatableArray<string>.Empty);

    public static EmbeddedWeightsResult Problem(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(null, descriptor.Id, new EquatableArray<string>(arguments));
}
