using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Emit;

/// <summary><c>InitializeParameters</c>: one <c>GenNet.Initializers</c> call per weight in layer order, so a seed fixes every weight.</summary>
internal static class InitializerEmitter
{
    public static void Emit(CodeWriter w, ModelSpec model)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("protected override void InitializeParameters(global::System.Span<float> parameters, global::System.Span<float> state, global::GenNet.Rng rng)");
        foreach (WeightSpec weight in model.Weights)
        {
            w.Line($"// {weight.Key} {Text.Shape(weight.Shape)} · {weight.Initializer}");
            w.Line(weight.Initializer.Call(ForwardContext.WeightSlice(weight), weight.FanIn, weight.FanOut));
        }
        w.Close();
    }
}
