using System.Linq;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary><c>ParameterCount</c>, each weight's offset and length, and a <c>Span&lt;float&gt;</c> view per weight.</summary>
internal static class ParameterLayoutEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        ShapesEmitter.Constant(w, "Trainable floats in <see cref=\"global::GenNet.Model.Parameters\"/> (and in <see cref=\"global::GenNet.Model.Gradients\"/>).",
            "ParameterCount", model.ParameterCount);
        foreach (WeightSpec weight in model.Weights.Where(x => x.Trainable)) Layout(w, weight, "parameter");
        if (model.StateCount > 0)
        {
            ShapesEmitter.Constant(w, "Non-trainable floats in <see cref=\"global::GenNet.Model.State\"/> (moving statistics).",
                "StateCount", model.StateCount);
            foreach (WeightSpec weight in model.Weights.Where(x => !x.Trainable)) Layout(w, weight, "state");
        }
        foreach (WeightSpec weight in model.Weights)
        {
            string buffer = weight.Trainable ? "Parameters" : "State";
            w.Line($"/// <summary>{weight.Key} {Text.Shape(weight.Shape)}, row-major: a view of <see cref=\"global::GenNet.Model.{buffer}\"/>.</summary>");
            w.Line($"public global::System.Span<float> {weight.Member} => {buffer}.Slice({weight.Member}Offset, {weight.Member}Length);");
        }
    }

    private static void Layout(CodeWriter w, WeightSpec weight, string buffer)
    {
        ShapesEmitter.Constant(w, $"Start of {weight.Key} {Text.Shape(weight.Shape)} in the {buffer} buffer.",
            $"{weight.Member}Offset", weight.Offset);
        ShapesEmitter.Constant(w, $"Floats in {weight.Key}.", $"{weight.Member}Length", weight.Length);
    }
}
