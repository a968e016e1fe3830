using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary>
/// <c>Backward</c>: the layers reversed, each writing its gradient calls; layers with nothing to propagate (no
/// weights at or before them) are left out.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("protected override void Backward(global::System.ReadOnlySpan<float> parameters, global::System.ReadOnlySpan<float> input, " +
            "global::System.ReadOnlySpan<float> activations, global::System.ReadOnlySpan<float> outputGradient, " +
            "global::System.Span<float> activationGradients, global::System.Span<float> gradients, global::System.Span<float> scratch, " +
            "int batch, bool outputGradientIsLogits)");
        var context = new BackwardContext(model, w);
        context.EmitOutputGradients();
        bool first = true;
        foreach (LayerSpec layer in model.Layers.Reverse().Where(l => l.HasBackward(model)))
        {
            if (!first) w.Line();
            first = false;
            w.Line(layer.Banner(model));
            context.Section(() => layer.EmitBackward(context));
            context.FlushAccumulations();
        }
        w.Close();
    }
}
