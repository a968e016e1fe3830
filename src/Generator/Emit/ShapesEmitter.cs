using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary><c>InputSize</c>, <c>OutputSize</c> and every layer's <c>&lt;Layer&gt;OutputSize</c>.</summary>
internal static class ShapesEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        if (model.HasNamedInputs)
        {
            Constant(w, $"Floats per input sample: {string.Join(", ", model.NamedInputs.Select(i => $"{i.Name} {Text.Shape(model.Tensors[i.Tensor].Shape)}"))}" +
                ", side by side.", "InputSize", model.InputSize);
            foreach (ModelPortSpec input in model.NamedInputs)
            {
                TensorSpec t = model.Tensors[input.Tensor];
                Constant(w, $"Floats per sample of input {input.Name}, shape {Text.Shape(t.Shape)}.", t.SizeConstant, t.Size);
                Constant(w, $"Per-sample offset of input {input.Name} in the input (its region starts at this times the batch).", t.InputOffsetConstant!, t.Offset);
            }
        }
        else
        {
            Constant(w, $"Floats per input sample, shape {Text.Shape(model.Input.Shape)}.", "InputSize", model.Input.Size);
        }
        if (model.IsMultiOutput)
        {
            Constant(w, $"Floats per output sample: {string.Join(", ", model.Outputs.Select(o => $"{o.Name} {Text.Shape(model.Tensors[o.Tensor].Shape)}"))}" +
                ", side by side.", "OutputSize", model.OutputSize);
            foreach (ModelPortSpec output in model.Outputs)
            {
                Constant(w, $"Per-sample offset of output {output.Name}'s loss gradient in outputGradient (and in a packed output row).",
                    $"{output.Member}LossGradientOffset", output.Offset);
            }
        }
        else
        {
            Constant(w, $"Floats per output sample, shape {Text.Shape(model.Output.Shape)}.", "OutputSize", model.Output.Size);
        }
        foreach (LayerSpec layer in model.Layers)
        {
            TensorSpec output = model.Tensors[layer.Output];
            Constant(w, $"Floats per sample out of {layer.Name} ({Text.Xml(layer.Description)}), shape {Text.Shape(output.Shape)}.",
                $"{layer.Member}OutputSize", output.Size);
        }
        foreach (LayerSpec layer in model.Layers) layer.EmitMembers(w, model);
    }

    /// <summary>A documented <c>public const int</c>.</summary>
    public static void Constant(CodeWriter w, string summary, string name, int value)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public const int {name} = {Text.Int(value)};");
    }
}
