using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;
using System.Linq;

namespace GenNet.Generator.Infer;

/// <summary>
/// A rewrite pass, run after shapes (beside <see cref="ReluFusion"/>): where a Conv2D or DepthwiseConv2D without an activation
/// is read by one BatchNormalization alone, and that by one relu/relu6 (optional), inference runs the chain as one call —
/// the normalization folded into a per-channel scale and shift applied with the clamp to the convolution's output — and
/// writes only the last layer's output; nothing else reads the other two. Training keeps the separate layers, bit for
/// bit. The decision is recorded on the chain's specs (<see cref="LayerSpec.InferenceFold"/>), so the emitters only read
/// it. Pure: a new layer list, nothing mutated. Emission (<see cref="EmitInference"/>) and the runtime's
/// <c>BatchNormalizationKernel.FoldInference</c>/<c>ApplyFolded</c> change together.
/// </summary>
internal static class BatchNormFolding
{
    public static EquatableArray<LayerSpec> Apply(ModelSpec model)
    {
        LayerSpec[] layers = model.Layers.ToArray();
        // Chains never share a layer (each starts at a convolution and holds no other), so they are found first, then marked.
        var folds = Enumerable.Range(0, layers.Length).Select(i => Chain(model, layers, i)).OfType<BatchNormFold>().ToList();
        foreach (BatchNormFold fold in folds)
        {
            foreach (int k in new[] { fold.Producer, fold.Normalization, fold.Last }.Distinct()) layers[k] = layers[k] with { InferenceFold = fold };
        }
        return layers.ToEquatableArray();
    }

    /// <summary>The chain starting at layer <paramref name="i"/>, or null where it starts none.</summary>
    private static BatchNormFold? Chain(ModelSpec model, LayerSpec[] layers, int i)
    {
        if (layers[i] is not KernelLayerSpec { CanFoldNormalization: true, PreActivation: < 0 } producer) return null;
        if (OnlyReader(model, layers, producer.Output) is not int n || layers[n] is not BatchNormalizationSpec normalization) return null;
        int last = OnlyReader(model, layers, normalization.Output) is int a && ClampMax(layers[a]) is not null ? a : n;
        return new BatchNormFold(i, n, last);
    }

    /// <summary>The one layer reading <paramref name="tensor"/> (once), when the tensor is no model output; else null.</summary>
    private static int? OnlyReader(ModelSpec model, LayerSpec[] layers, int tensor)
    {
        int storage = model.StorageOf(tensor);
        if (model.StorageOf(model.OutputTensor) == storage || model.Outputs.Any(o => model.StorageOf(o.Tensor) == storage)) return null;
        var readers = Enumerable.Range(0, layers.Length).Where(k => layers[k].InputTensors.Contains(tensor)).ToList();
        if (readers.Count != 1 || layers[readers[0]].InputTensors.Count(t => t == tensor) != 1) return null;
        return readers[0];
    }

    /// <summary>The clamp's upper bound of an activation layer that is <c>min(max(x, 0), max)</c> (relu, relu6), else null.</summary>
    private static double? ClampMax(LayerSpec layer) => layer switch
    {
        ActivationLayerSpec a => a.Function.ClampMax,
        ActivationSpec a when a.Output != a.Input => a.Function.ClampMax,
        _ => null,
    };

    /// <summary>The chain's last layer, an activation: its own call in training, else the folded call.</summary>
    public static void EmitTrainingOrFolded(ForwardContext context, BatchNormFold fold, string y, System.Action training)
    {
        context.Writer.Open("if (training)");
        training();
        context.Writer.Close();
        context.Writer.Open("else");
        EmitInference(context, fold, y);
        context.Writer.Close();
    }

    /// <summary>
    /// The inference branch, written by the chain's last layer into its output <paramref name="y"/>: the scale and shift into
    /// the normalization's (training-only) statistics space in scratch, then the convolution with the folded epilogue.
    /// </summary>
    public static void EmitInference(ForwardContext context, BatchNormFold fold, string y)
    {
        var producer = (KernelLayerSpec)context.Model.Layers[fold.Producer];
        var normalization = (BatchNormalizationSpec)context.Model.Layers[fold.Normalization];
        LayerSpec last = context.Model.Layers[fold.Last];
        double? max = fold.Last == fold.Normalization ? null : ClampMax(last);
        string min = max is null ? "float.NegativeInfinity" : "0f";
        string upper = Text.FloatLiteral(max ?? double.PositiveInfinity);
        string scaleShift = ForwardContext.Saved(normalization.Member);
        string x = context.Value(producer.Input);
        CodeWriter w = context.Writer;
        string through = fold.Last == fold.Normalization ? $"{producer.Name} and {normalization.Name}" : $"{producer.Name}, {normalization.Name} and {last.Name}";
        w.Line($"// inference: {through} in one pass, {normalization.Name} folded into a per-channel scale γ/√(var + ε) and shift");
        string arguments = $"{normalization.FoldArguments(context)}, {producer.BiasLocal(context)}, {scaleShift}";
        w.Line($"{KernelsAlias.Prefix}BatchNormalizationKernel.FoldInference({arguments}, {Text.Int(normalization.Channels)}, {Text.FloatLiteral(normalization.Epsilon)});");
        w.Line($"{producer.ForwardFoldedCall(context, x, y, scaleShift, min, upper)};");
    }
}

/// <summary>
/// A Conv2D/DepthwiseConv2D → BatchNormalization (→ relu/relu6) chain that inference runs as one call
/// (<see cref="BatchNormFolding"/>): the three layers' indices in <c>ModelSpec.Layers</c> (<see cref="Last"/> equals
/// <see cref="Normalization"/> without the activation).
/// </summary>
internal sealed record BatchNormFold(int Producer, int Normalization, int Last);
