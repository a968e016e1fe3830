using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// Per-sample offsets of every stored tensor in the forward workspace. A tensor's gradient uses the same offset in
/// the backward workspace, so both are <c>ActivationsPerSample</c> floats per sample.
/// </summary>
internal static class WorkspaceLayoutEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        foreach (TensorSpec tensor in model.Tensors)
        {
            if (tensor.IsModelInput || tensor.IsAlias) continue;
            ShapesEmitter.Constant(w, $"Per-sample offset of the {tensor.Description} in the workspace.", tensor.OffsetConstant!, tensor.Offset);
        }
        ShapesEmitter.Constant(w, "Floats of forward workspace per sample.", "ActivationsPerSample", model.ActivationsPerSample);
        ShapesEmitter.Constant(w, "Floats of backward workspace per sample (a tensor's gradient sits at its own offset).",
            "ActivationGradientsPerSample", model.ActivationsPerSample);
        ShapesEmitter.Constant(w, model.IsMultiOutput ? $"Per-sample offset of the first output ({model.Outputs[0].Name}) in the workspace." :
            "Per-sample offset of the model output in the workspace.", "OutputOffset", model.Output.Offset);
    }

    /// <summary>
    /// The batch-independent scratch: each BatchNormalization layer's saved statistics (written by the training forward
    /// pass, read by the backward pass), then the im2col space all Conv2D layers share (used within one call only).
    /// </summary>
    public static void EmitScratch(CodeWriter w, ModelSpec model)
    {
        foreach (LayerSpec layer in model.Layers) layer.EmitScratchLayout(w);
        if (model.ConvolutionScratch > 0)
        {
            ShapesEmitter.Constant(w, "Start of the im2col space every Conv2D shares.", "ConvolutionScratchOffset", model.SavedScratch);
            ShapesEmitter.Constant(w, "Floats of im2col space: the largest Conv2D's patch matrix plus its transposed kernel.",
                "ConvolutionScratchLength", model.ConvolutionScratch);
        }
        if (model.SharedGradientScratch > 0)
        {
            ShapesEmitter.Constant(w, "Start of the space where a shared layer's further call sites write their weight gradients before adding them in.",
                "SharedGradientScratchOffset", model.SavedScratch + model.ConvolutionScratch);
            ShapesEmitter.Constant(w, "Floats of that space: the largest shared layer's trainable weights.", "SharedGradientScratchLength", model.SharedGradientScratch);
        }
        ShapesEmitter.Constant(w, "Floats of scratch one forward/backward pass needs, whatever the batch size.", "ScratchSize", model.ScratchSize);
    }
}
