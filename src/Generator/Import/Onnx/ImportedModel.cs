using System.Collections.Generic;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Import.Onnx;

/// <summary>
/// What an import lowers a file to: the same layer declarations the attributes would give, the per-sample input shape
/// (NHWC for images), and each layer's weights by Keras variable name, already in Keras' layouts.
/// </summary>
internal sealed class ImportedModel
{
    public ImportedModel(int[] input, List<LayerDeclaration> layers, List<Dictionary<string, float[]>> weights, List<string> attributes, bool isFunctional)
    {
        IsFunctional = isFunctional;
        Input = input;
        Layers = layers;
        Weights = weights;
        Attributes = attributes;
    }

    public int[] Input { get; }

    /// <summary>Some layer reads another than the one before it (branches, merges): a [Functional] model.</summary>
    public bool IsFunctional { get; }

    public List<LayerDeclaration> Layers { get; }

    /// <summary>Index-aligned with <see cref="Layers"/>: <c>kernel</c>, <c>bias</c>, <c>gamma</c>, … → values.</summary>
    public List<Dictionary<string, float[]>> Weights { get; }

    /// <summary>The equivalent attribute declaration, one line per layer, for the generated file's remarks.</summary>
    public List<string> Attributes { get; }
}
