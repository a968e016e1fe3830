using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Layers;

namespace GenNet.Generator.Infer;

/// <summary>
/// A rewrite pass, run after shapes (before the locals are named): where a Dense/Conv2D's plain relu output is read by one
/// layer alone (and is not a model output), and that layer is a MaxPooling2D or a Dense, the reader's backward writes the
/// producer's dz itself — relu(z) > 0 exactly where z > 0 — and the producer emits no ReluGradient; the producer then applies
/// the relu as it stores its output, and z is never written. The decision is recorded on both specs
/// (<see cref="KernelLayerSpec.ReluGradientInReader"/>, <see cref="MaxPooling2DSpec.FoldsRelu"/> /
/// <see cref="KernelLayerSpec.FoldsRelu"/>), so the emitters only read it. Pure: a new layer list, nothing mutated.
/// </summary>
internal static class ReluFusion
{
    public static EquatableArray<LayerSpec> Apply(ModelSpec model)
    {
        LayerSpec[] layers = model.Layers.ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not KernelLayerSpec producer || !Qualifies(model, producer)) continue;
            int reader = System.Array.FindIndex(layers, l => l.InputTensors.Contains(producer.Output));
            var fold = new FoldedRelu(producer.Name, producer.PreActivation);
            layers[i] = (KernelLayerSpec)layers[i] with { ReluGradientInReader = true };
            layers[reader] = layers[reader] switch
            {
                MaxPooling2DSpec pool => pool with { FoldsRelu = fold },
                KernelLayerSpec kernelLayer => kernelLayer with { FoldsRelu = fold },
                var other => other,
            };
        }
        return layers.ToEquatableArray();
    }

    /// <summary>
    /// A plain relu (no arguments) whose z needs a gradient, an output that is no model output, and exactly one reader:
    /// a MaxPooling2D, or a layer with a relu-folding backward (<see cref="KernelLayerSpec.BackwardReluInputCall"/>: Dense)
    /// that reads it as its input. Then nothing else reads z, so its forward need not keep it.
    /// </summary>
    private static bool Qualifies(ModelSpec model, KernelLayerSpec producer)
    {
        int y = producer.Output;
        if (producer.PreActivation < 0 || !producer.HasPlainRelu) return false;
        if (!model.Tensors[producer.PreActivation].NeedsGradient) return false;
        if (model.StorageOf(model.OutputTensor) == model.StorageOf(y) || model.Outputs.Any(o => model.StorageOf(o.Tensor) == model.StorageOf(y))) return false;
        var readers = model.Layers.Where(l => l.InputTensors.Contains(y)).ToList();
        if (readers.Count != 1) return false;
        return readers[0] is MaxPooling2DSpec ||
            readers[0] is DenseSpec dense && dense.Input == y && dense.InputTensors.Count(t => t == y) == 1;
    }
}

/// <summary>The layer whose relu gradient a reader's backward writes (<see cref="ReluFusion"/>): its name, and its z tensor.</summary>
internal sealed record FoldedRelu(string Producer, int PreActivation);
