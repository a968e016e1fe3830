using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;

namespace GenNet.Generator.Infer;

/// <summary>
/// A rewrite pass, run after shapes (before the locals are named): where a Dense/Conv2D's plain relu output is read by one MaxPooling2D
/// alone (and is not a model output), the pool's backward writes the layer's dz itself — relu(z) > 0 exactly where
/// z > 0 — and the layer emits no ReluGradient; a Conv2D then applies the relu as it stores its output, and z is never
/// written. The decision is recorded on both specs (<see cref="KernelLayerSpec.ReluGradientInPool"/>,
/// <see cref="MaxPooling2DSpec.FoldsRelu"/>), so the emitters only read it. Pure: a new layer list, nothing mutated.
/// </summary>
internal static class ReluPoolFusion
{
    public static EquatableArray<LayerSpec> Apply(ModelSpec model)
    {
        LayerSpec[] layers = model.Layers.ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not KernelLayerSpec producer || !Qualifies(model, producer)) continue;
            int pool = System.Array.FindIndex(layers, l => l.InputTensors.Contains(producer.Output));
            layers[i] = producer with { ReluGradientInPool = true };
            layers[pool] = (MaxPooling2DSpec)layers[pool] with { FoldsRelu = new FoldedRelu(producer.Name, producer.PreActivation) };
        }
        return layers.ToEquatableArray();
    }

    /// <summary>
    /// A plain relu (no arguments) whose z needs a gradient, an output that is no model output, and exactly one reader,
    /// a MaxPooling2D. Then nothing else reads z, so its forward need not keep it (Conv2DKernel.ForwardRelu).
    /// </summary>
    private static bool Qualifies(ModelSpec model, KernelLayerSpec producer)
    {
        int y = producer.Output;
        if (producer.PreActivation < 0 || producer.Activation.Name != "relu" || producer.Activation.Arguments.Length != 0) return false;
        if (!model.Tensors[producer.PreActivation].NeedsGradient) return false;
        if (model.StorageOf(model.OutputTensor) == model.StorageOf(y) || model.Outputs.Any(o => model.StorageOf(o.Tensor) == model.StorageOf(y))) return false;
        var readers = model.Layers.Where(l => l.InputTensors.Contains(y)).ToList();
        return readers.Count == 1 && readers[0] is MaxPooling2DSpec;
    }
}

/// <summary>The layer whose relu gradient a MaxPooling2D's backward writes (<see cref="ReluPoolFusion"/>): its name, and its z tensor.</summary>
internal sealed record FoldedRelu(string Producer, int PreActivation);
