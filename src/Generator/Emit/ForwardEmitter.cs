using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary><c>Forward</c>: each layer's kernel calls in order, under a comment with its name and shapes.</summary>
internal static class ForwardEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("protected override void Forward(global::System.ReadOnlySpan<float> parameters, global::System.Span<float> state, " +
            "global::System.ReadOnlySpan<float> input, global::System.Span<float> activations, global::System.Span<float> scratch, " +
            "int batch, bool training, global::GenNet.Rng? random)");
        var context = new ForwardContext(model, w);
        ProjectionTablesEmitter.EmitLocal(w, model);
        bool first = true;
        foreach (LayerSpec layer in model.Layers)
        {
            if (!first) w.Line();
            first = false;
            w.Line(layer.Banner(model));
            context.Section(() => layer.EmitForward(context));
        }
        w.Close();
    }
}
