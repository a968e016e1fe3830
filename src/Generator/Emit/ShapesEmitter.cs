using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary><c>InputSize</c>, <c>OutputSize</c> and every layer's <c>&lt;Layer&gt;OutputSize</c>.</summary>
internal static class ShapesEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        Constant(w, "Floats per input sample, shape " + Text.Shape(model.Input.Shape) + ".", "InputSize", model.Input.Size);
        Constant(w, "Floats per output sample, shape " + Text.Shape(model.Output.Shape) + ".", "OutputSize", model.Output.Size);
        foreach (LayerSpec layer in model.Layers)
        {
            TensorSpec output = model.Tensors[layer.Output];
            Constant(w, "Floats per sample out of " + layer.Name + " (" + Text.Xml(layer.Description) + "), shape " + Text.Shape(output.Shape) + ".",
                layer.Member + "OutputSize", output.Size);
        }
        foreach (LayerSpec layer in model.Layers) layer.EmitMembers(w, model);
    }

    /// <summary>A documented <c>public const int</c>.</summary>
    public static void Constant(CodeWriter w, string summary, string name, int value)
    {
        w.Line("/// <summary>" + summary + "</summary>");
        w.Line("public const int " + name + " = " + Text.Int(value) + ";");
    }
}
