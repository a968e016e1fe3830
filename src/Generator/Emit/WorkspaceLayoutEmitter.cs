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
            if (tensor.IsModelInput) continue;
            ShapesEmitter.Constant(w, "Per-sample offset of the " + tensor.Description + " in the workspace.", tensor.OffsetConstant!, tensor.Offset);
        }
        ShapesEmitter.Constant(w, "Floats of forward workspace per sample.", "ActivationsPerSample", model.ActivationsPerSample);
        ShapesEmitter.Constant(w, "Floats of backward workspace per sample (a tensor's gradient sits at its own offset).",
            "ActivationGradientsPerSample", model.ActivationsPerSample);
        ShapesEmitter.Constant(w, "Per-sample offset of the model output in the workspace.", "OutputOffset", model.Output.Offset);
    }
}
