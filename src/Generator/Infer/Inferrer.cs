using System.Collections.Generic;
using System.Linq;
using System.Text;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Infer;

/// <summary>
/// Declaration → spec: names, shapes, parameter and workspace layout, and every GNxxxx diagnostic. Pure: the same
/// declaration always gives the same result, so both pipeline branches can call it.
/// </summary>
internal static class Inferrer
{
    public static InferResult Infer(ModelDeclaration declaration)
    {
        var context = new InferContext();
        string name = declaration.Name ?? (declaration.IsFunctional ? "functional" : "sequential");
        if (declaration.Name is not null && !Text.IsSnakeCase(name))
        {
            context.Report(Descriptors.InvalidName, Site.ForModel("Name"), $"Model '{declaration.Type.Name}'", name, SnakeCase(name));
        }

        int[] input = declaration.Input.ToArray();
        bool namedInputs = declaration.IsFunctional && declaration.HasInputAttributes;
        if (!namedInputs && (input.Length == 0 || input.Any(d => d <= 0)))
        {
            context.Report(Descriptors.InvalidInputShape, Site.ForModel("input"), declaration.Type.Name, Text.Shape(input));
            return Result(null, context);
        }
        if (declaration.Layers.All(l => l is Layers.InputDeclaration))
        {
            context.Report(Descriptors.NoLayers, Site.Model, declaration.Type.Name);
            return Result(null, context);
        }

        LayerIdentity[] identities = Name(declaration.Layers, context);
        // A Sequential model is lowered to the Functional chain it stands for (each layer reads the one before it, the
        // first the model input), so one inferrer serves both; it only refuses the wiring a plain stack cannot have.
        if (!declaration.IsFunctional && RejectWiring(declaration, identities, context)) return Result(null, context);
        GraphResult? graph = GraphInferrer.Infer(declaration, identities, context);
        if (graph is null) return Result(null, context);
        IReadOnlyList<LayerSpec> layers = graph.Layers;

        if (context.ParameterOverflowAt is not null)
        {
            context.Report(Descriptors.ParameterCountTooLarge, Site.Model, declaration.Type.Name,
                Text.Count(context.ParameterCount), Text.Count(int.MaxValue));
        }
        WorkspaceLayoutResult layout = WorkspaceLayout.Assign(context.Tensors, context.Owners);
        if (layout.OverflowAt is not null)
        {
            context.Report(Descriptors.WorkspaceTooLarge, Site.Model, declaration.Type.Name,
                Text.Count(layout.FloatsPerSample), $"layer '{layout.OverflowAt}'", Text.Count(int.MaxValue));
        }
        else if (context.SavedScratch + context.ConvolutionScratch > int.MaxValue || context.StateCount > int.MaxValue)
        {
            context.Report(Descriptors.WorkspaceTooLarge, Site.Model, declaration.Type.Name,
                Text.Count(context.SavedScratch + context.ConvolutionScratch), "the convolution scratch", Text.Count(int.MaxValue));
        }
        int outputMask = OutputMask(declaration, graph, context);
        if (context.HasErrors) return Result(null, context);

        // Several outputs are never fused with their loss (the runtime passes outputGradientIsLogits = false), so "linear".
        string outputActivation = graph.Outputs.Count > 1 ? "linear" : GraphInferrer.OutputActivation(layers, graph.Output);
        if (!declaration.IsFunctional) WarnClassifierHeadOnImage(layers, context, outputActivation);
        var spec = new ModelSpec
        {
            Type = declaration.Type,
            Name = name,
            IsFunctional = declaration.IsFunctional,
            Tensors = layout.Tensors,
            Layers = layers.ToEquatableArray(),
            ParameterCount = (int)context.ParameterCount,
            StateCount = (int)context.StateCount,
            ActivationsPerSample = (int)layout.FloatsPerSample,
            SavedScratch = (int)context.SavedScratch,
            ConvolutionScratch = (int)context.ConvolutionScratch,
            SharedGradientScratch = graph.SharedGradientScratch,
            OutputTensor = graph.Output,
            OutputActivation = outputActivation,
            Partials = graph.Partials,
            NamedInputs = graph.NamedInputs,
            Outputs = graph.Outputs.Count > 1 ? graph.Outputs : default,
            OutputMask = outputMask,
        };
        // Rewrites, as data on the specs (the emitters only read them); the locals, last; then the architecture's fingerprint.
        spec = spec with { Layers = ReluFusion.Apply(spec) };
        spec = spec with { Layers = BatchNormFolding.Apply(spec) };
        spec = spec with { Layers = ProjectionTables.Apply(spec) };
        spec = LocalNames.Assign(spec, context.TakenLocals);
        return Result(spec with { Fingerprint = Fnv1a.Hex64(CanonicalText(spec)) }, context);
    }

    /// <summary>
    /// The ids tensor whose zeros mask the single output's steps (Keras' loss masking), or -1; GN0278 for a masked output
    /// among several (their losses are scored over the whole output, with no mask).
    /// </summary>
    private static int OutputMask(ModelDeclaration declaration, GraphResult graph, InferContext context)
    {
        if (graph.Outputs.Count > 1)
        {
            foreach (ModelPortSpec output in graph.Outputs)
            {
                if (context.Masks.ContainsKey(output.Tensor))
                    context.Report(Descriptors.MaskedOutputOfSeveral, Site.ForModel("Outputs"), $"Model '{declaration.Type.Name}'", output.Name);
            }
            return -1;
        }
        // A mask is passed on only to tensors of (steps, features), each step one loss row.
        return context.Masks.TryGetValue(graph.Output, out int ids) && context.Tensor(graph.Output).Shape.Count == 2 ? ids : -1;
    }

    /// <summary>
    /// GN0109: a softmax or sigmoid output reached by Dense layers straight from a rank-3 image (Conv2D or pooling
    /// without Flatten) predicts per position. Reported at the first Dense of that trailing run: where Flatten belongs.
    /// </summary>
    private static void WarnClassifierHeadOnImage(IReadOnlyList<LayerSpec> layers, InferContext context, string outputActivation)
    {
        if (outputActivation is not ("softmax" or "sigmoid") || layers.Count == 0) return;
        if (context.Tensor(layers[layers.Count - 1].Output).Shape.Count < 3) return;
        int first = -1;
        for (int i = layers.Count - 1; i >= 0 && layers[i].TypeName is "Dense" or "Activation" or "Dropout"; i--)
        {
            if (layers[i] is Layers.DenseSpec) first = i;
        }
        if (first < 0) return;
        LayerSpec dense = layers[first];
        EquatableArray<int> imageShape = context.Tensor(dense.Input).Shape;
        if (imageShape.Count != 3) return;
        string source = first == 0 ? "the model input" : $"layer '{layers[first - 1].Name}'";
        context.Report(Descriptors.ClassifierHeadOnImage, Site.ForLayer(first), $"Layer '{dense.Name}'", Text.Shape(imageShape), source,
            outputActivation, Text.Shape(context.Tensor(layers[layers.Count - 1].Output).Shape));
    }

    /// <summary>
    /// The architecture as text: model name, input, each layer's name, configuration and output shape, each
    /// weight's key, shape and offset. Initializers are left out: they do not change what a weight file fits.
    /// </summary>
    public static string CanonicalText(ModelSpec spec)
    {
        var text = new StringBuilder(spec.IsFunctional ? "gennet-functional-v1\n" : "gennet-sequential-v1\n");
        text.Append("model ").Append(spec.Name).Append(" input ").Append(Text.Shape(spec.Input.Shape)).Append('\n');
        // Named inputs, several outputs and shared layers add lines; a model without them keeps its old fingerprint.
        if (spec.HasNamedInputs)
        {
            text.Append("inputs ").Append(string.Join(", ", spec.NamedInputs.Select(i => $"{i.Name} {Text.Shape(spec.Tensors[i.Tensor].Shape)}"))).Append('\n');
        }
        if (spec.IsMultiOutput) text.Append("outputs ").Append(string.Join(", ", spec.Outputs.Select(o => o.Name))).Append('\n');
        foreach (LayerSpec layer in spec.Layers)
        {
            text.Append("layer ").Append(layer.Name).Append(' ').Append(layer.Description).Append(' ')
                .Append(Text.Shape(spec.Tensors[layer.Output].Shape));
            if (spec.IsFunctional) text.Append(" <- ").Append(string.Join(", ", layer.Identity.Inbound));
            if (layer.Identity.Shares is { } owner) text.Append(" shares ").Append(owner);
            text.Append('\n');
        }
        foreach (WeightSpec weight in spec.Weights)
        {
            text.Append("weight ").Append(weight.Key).Append(' ').Append(Text.Shape(weight.Shape)).Append(" @")
                .Append(Text.Int(weight.Offset)).Append(weight.Trainable ? "" : " state").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Keras names: the user's, else the snake_case class name with _1, _2 … for repeats; then the C# member
    /// prefix. Two layers may not share a name, nor a member (<c>dense_1</c> and <c>dense1</c> are both Dense1).
    /// </summary>
    private static LayerIdentity[] Name(EquatableArray<LayerDeclaration> layers, InferContext context)
    {
        var counters = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var identities = new LayerIdentity[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            LayerDeclaration layer = layers[i];
            string name;
            if (layer.Name is not null)
            {
                name = layer.Name;
                if (!Text.IsSnakeCase(name))
                {
                    context.Report(Descriptors.InvalidName, Site.ForLayer(i, "Name"), $"{layer.TypeName} layer {Text.Int(i + 1)}",
                        name, SnakeCase(name));
                }
            }
            else
            {
                counters.TryGetValue(layer.DefaultName, out int n);
                counters[layer.DefaultName] = n + 1;
                name = n == 0 ? layer.DefaultName : $"{layer.DefaultName}_{Text.Int(n)}";
            }
            identities[i] = new LayerIdentity(i, name, Text.Pascal(name)) { Trainable = layer.Trainable, WeightRules = layer.WeightRules };
            if (layer is Layers.BidirectionalDeclaration { Inner: { } wrapped })
            {
                // Keras names the wrapped layer first (LSTM(64) is "lstm" before Bidirectional copies it), so it uses up a default name.
                string inner = wrapped.Name ?? "";
                if (wrapped.Name is null)
                {
                    counters.TryGetValue(wrapped.DefaultName, out int k);
                    counters[wrapped.DefaultName] = k + 1;
                    inner = k == 0 ? wrapped.DefaultName : $"{wrapped.DefaultName}_{Text.Int(k)}";
                }
                identities[i] = identities[i] with { Wrapped = inner };
            }
            for (int j = 0; j < i; j++)
            {
                if (identities[j].Name != name && identities[j].Member != identities[i].Member) continue;
                if (layer is Layers.InputDeclaration && layers[j] is Layers.InputDeclaration && identities[j].Name == name)
                {
                    context.Report(Descriptors.DuplicateInputName, Site.ForLayer(i, layer.Name is null ? null : "name"), $"Input {Text.Int(i + 1)}", name);
                    break;
                }
                context.Report(Descriptors.DuplicateLayerName, Site.ForLayer(i, layer.Name is null ? null : "Name"),
                    identities[i].Describe(layer.TypeName), identities[j].Describe(layers[j].TypeName), name,
                    $"members {identities[i].Member}…");
                break;
            }
        }
        return identities;
    }

    /// <summary>GN0209 for each <c>From</c> or merge layer in a Sequential model; true if there was any.</summary>
    private static bool RejectWiring(ModelDeclaration declaration, LayerIdentity[] identities, InferContext context)
    {
        bool any = false;
        for (int i = 0; i < declaration.Layers.Count; i++)
        {
            LayerDeclaration layer = declaration.Layers[i];
            if (layer is Layers.InputDeclaration inputLayer)
            {
                any = true;
                context.Report(Descriptors.InputInSequential, Site.ForLayer(i), identities[i].Describe("Input"),
                    (inputLayer.Name is null ? "" : $"\"{inputLayer.Name}\", ") + string.Join(", ", inputLayer.Shape.Select(d => Text.Int(d))));
                continue;
            }
            if (layer is Layers.ReuseDeclaration reuse)
            {
                any = true;
                context.Report(Descriptors.WiringInSequential, Site.ForLayer(i), identities[i].Describe(layer.TypeName),
                    "a shared layer can be called again", $"[Reuse(\"{reuse.Layer}\")]");
                continue;
            }
            if (!layer.IsMerge && layer.From.Count == 0) continue;
            any = true;
            string inputs = string.Join(", ", layer.From.Select(f => $"\"{f}\""));
            context.Report(Descriptors.WiringInSequential, Site.ForLayer(i, layer.IsMerge ? null : "From"), identities[i].Describe(layer.TypeName),
                layer.IsMerge ? "a merge layer can be used" : "From can be used",
                layer.IsMerge ? $"[{layer.TypeName}({inputs})]" : $"From={inputs}");
        }
        return any;
    }

    /// <summary>A valid name close to <paramref name="name"/>, for the fix in GN0011: <c>MyDense-1</c> → <c>my_dense_1</c>.</summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && text.Length > 0 && text[text.Length - 1] != '_') text.Append('_');
            char lower = char.ToLowerInvariant(c);
            text.Append((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ? lower : '_');
        }
        if (text.Length == 0 || char.IsDigit(text[0])) text.Insert(0, "layer_");
        return text.ToString();
    }

    private static InferResult Result(ModelSpec? spec, InferContext context) =>
        new(spec, context.Diagnostics.ToEquatableArray());
}
