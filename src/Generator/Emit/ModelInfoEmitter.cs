using System.Collections.Generic;
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
        w.Line($"    Name: {Text.StringLiteral(model.Name)},");
        // Several inputs or outputs: the shapes are the packed rows (all inputs, all outputs side by side); Inputs/Outputs say which is which.
        w.Line($"    InputShape: {(model.NamedInputs.Count > 1 ? "new[] { InputSize }" : Text.IntArray(model.Input.Shape))},");
        w.Line($"    OutputShape: {(model.IsMultiOutput ? "new[] { OutputSize }" : Text.IntArray(model.Output.Shape))},");
        w.Line("    Layers: new global::GenNet.LayerInfo[]");
        w.Line("    {");
        foreach (LayerSpec layer in model.Layers)
        {
            w.Line($"        new({Text.StringLiteral(layer.Name)}, {Text.StringLiteral(layer.TypeName)}, " +
                $"{Text.IntArray(model.Tensors[layer.Output].Shape)}, {Text.Int(layer.ParameterCount)}, {Text.Int(layer.TrainableCount)}" +
                $"{(model.IsFunctional ? $$""", new[] { {{string.Join(", ", layer.Identity.Inbound.Select(Text.StringLiteral))}} }""" : "")})" +
                $"{Initializers(layer, model)},");
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
                w.Line($"        new({Text.StringLiteral(weight.Key)}, {Text.IntArray(weight.Shape)}, {weight.Member}Offset, {(weight.Trainable ? "true" : "false")}){WeightRules(weight)},");
            }
            w.Line("    },");
        }
        w.Line("    ParameterCount: ParameterCount,");
        w.Line($"    StateCount: {(model.StateCount > 0 ? "StateCount" : "0")},");
        w.Line("    ActivationsPerSample: ActivationsPerSample,");
        w.Line("    ActivationGradientsPerSample: ActivationGradientsPerSample,");
        w.Line("    ScratchSize: ScratchSize,");
        w.Line("    OutputOffset: OutputOffset,");
        w.Line($"    OutputActivation: {Text.StringLiteral(model.OutputActivation)},");
        if (!model.HasPorts && model.OutputMask < 0)
        {
            w.Line($"    Fingerprint: {Text.StringLiteral(model.Fingerprint)});");
        }
        else
        {
            w.Line($"    Fingerprint: {Text.StringLiteral(model.Fingerprint)})");
            w.Line("{");
            if (model.HasNamedInputs)
            {
                w.Line("    Inputs = new global::GenNet.InputInfo[]");
                w.Line("    {");
                foreach (ModelPortSpec input in model.NamedInputs)
                {
                    TensorSpec t = model.Tensors[input.Tensor];
                    w.Line($"        new({Text.StringLiteral(input.Name)}, {Text.IntArray(t.Shape)}, {t.InputOffsetConstant}),");
                }
                w.Line("    },");
            }
            if (model.IsMultiOutput)
            {
                w.Line("    Outputs = new global::GenNet.OutputInfo[]");
                w.Line("    {");
                foreach (ModelPortSpec output in model.Outputs)
                {
                    TensorSpec t = model.Tensors[output.Tensor];
                    w.Line($"        new({Text.StringLiteral(output.Name)}, {Text.IntArray(t.Shape)}, {t.OffsetConstant}, " +
                        $"{output.Member}LossGradientOffset),");
                }
                w.Line("    },");
            }
            // Keras' loss masking: where the ids that mask the output's steps sit in a packed input row.
            if (model.OutputMask >= 0) w.Line($"    OutputMaskOffset = {model.Tensors[model.OutputMask].InputOffsetConstant ?? "0"},");
            w.Line("};");
        }
        w.Line();
        w.Line("/// <summary>A new model whose weights are drawn from <paramref name=\"seed\"/> by each layer's initializer.</summary>");
        w.Line($$"""public {{model.Type.Name}}(int seed = 0) : base(ModelInfo, seed) { }""");
    }

    /// <summary>The weight's regularizer and constraint, as an object initializer (empty when it has neither).</summary>
    private static string WeightRules(WeightSpec weight)
    {
        var members = new List<string>();
        if (weight.Regularizer is { } regularizer) members.Add($"Regularizer = {regularizer.Emit()}");
        if (weight.Constraint is { } constraint) members.Add($"Constraint = {constraint.Emit(weight.Shape.Count)}");
        return members.Count == 0 ? "" : $" {{ {string.Join(", ", members)} }}";
    }

    /// <summary>
    /// <c> { Config = new global::System.Collections.Generic.Dictionary&lt;string, string&gt; { ["units"] = "64", … } }</c>,
    /// for a [Reuse] call <c>Shares = "layer"</c>, for a layer whose spec needs the whole batch <c>NeedsWholeBatch = true</c>;
    /// or nothing.
    /// </summary>
    private static string Initializers(LayerSpec layer, ModelSpec model)
    {
        var entries = layer.Config.Select(e => $"[{Text.StringLiteral(e.Key)}] = {Text.StringLiteral(e.Value)}").ToList();
        var members = new List<string>();
        if (entries.Count > 0) members.Add($$"""Config = new global::System.Collections.Generic.Dictionary<string, string> { {{string.Join(", ", entries)}} }""");
        if (layer.Identity.Shares is { } owner) members.Add($"Shares = {Text.StringLiteral(owner)}");
        if (layer.NeedsWholeBatch) members.Add("NeedsWholeBatch = true");
        if (!layer.Identity.Trainable) members.Add("Trainable = false");
        // Several outputs (ReturnState): their shapes, for the summary's list.
        if (layer.ExtraOutputs.Count > 0)
            members.Add($"ExtraOutputShapes = new[] {{ {string.Join(", ", layer.ExtraOutputs.Select(t => Text.IntArray(model.Tensors[t].Shape)))} }}");
        return members.Count == 0 ? "" : $$""" { {{string.Join(", ", members)}} }""";
    }
}
