using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>The static <c>ModelInfo</c> the runtime reads (see src/Runtime/Models/ModelInfo.cs) and the constructor.</summary>
internal static class ModelInfoEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        w.Line("/// <summary>Shapes, layers, weight layout and workspace sizes of this model, for the runtime.</summary>");
        w.Line("public static readonly global::GenNet.ModelInfo ModelInfo = new(");
        w.Line("    Name: " + Text.StringLiteral(model.Name) + ",");
        w.Line("    InputShape: " + Text.IntArray(model.Input.Shape) + ",");
        w.Line("    OutputShape: " + Text.IntArray(model.Output.Shape) + ",");
        w.Line("    Layers: new global::GenNet.LayerInfo[]");
        w.Line("    {");
        foreach (LayerSpec layer in model.Layers)
        {
            w.Line("        new(" + Text.StringLiteral(layer.Name) + ", " + Text.StringLiteral(layer.TypeName) + ", " +
                Text.IntArray(model.Tensors[layer.Output].Shape) + ", " + Text.Int(layer.ParameterCount) + ", " + Text.Int(layer.TrainableCount) +
                (model.IsFunctional ? ", new[] { " + string.Join(", ", layer.Identity.Inbound.Select(Text.StringLiteral)) + " }" : "") + ")" +
                Config(layer) + ",");
        }
        w.Line("    },");
        if (model.Weights.Count == 0)
        {
            w.Line("    Weights: global::System.Array.Empty<global::GenNet.WeightInfo>(),");
        }
        else
        {
            w.Line("    Weights: new global::GenNet.WeightInfo[]");
            w.Line("    {");
            foreach (WeightSpec weight in model.Weights)
            {
                w.Line("        new(" + Text.StringLiteral(weight.Key) + ", " + Text.IntArray(weight.Shape) + ", " + weight.Member + "Offset, " + (weight.Trainable ? "true" : "false") + "),");
            }
            w.Line("    },");
        }
        w.Line("    ParameterCount: ParameterCount,");
        w.Line("    StateCount: " + (model.StateCount > 0 ? "StateCount" : "0") + ",");
        w.Line("    ActivationsPerSample: ActivationsPerSample,");
        w.Line("    ActivationGradientsPerSample: ActivationGradientsPerSample,");
        w.Line("    ScratchSize: ScratchSize,");
        w.Line("    OutputOffset: OutputOffset,");
        w.Line("    OutputActivation: " + Text.StringLiteral(model.OutputActivation) + ",");
        w.Line("    Fingerprint: " + Text.StringLiteral(model.Fingerprint) + ");");
        w.Line();
        w.Line("/// <summary>A new model whose weights are drawn from <paramref name=\"seed\"/> by each layer's initializer.</summary>");
        w.Line("public " + model.Type.Name + "(int seed = 0) : base(ModelInfo, seed) { }");
    }

    /// <summary><c> { Config = new global::System.Collections.Generic.Dictionary&lt;string, string&gt; { ["units"] = "64", … } }</c>, or nothing.</summary>
    private static string Config(LayerSpec layer)
    {
        var entries = layer.Config.Select(e => "[" + Text.StringLiteral(e.Key) + "] = " + Text.StringLiteral(e.Value)).ToList();
        if (entries.Count == 0) return "";
        return " { Config = new global::System.Collections.Generic.Dictionary<string, string> { " + string.Join(", ", entries) + " } }";
    }
}
