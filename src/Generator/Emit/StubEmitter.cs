using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Emit;

/// <summary>
/// The file written for a model whose declaration has GN errors: the class's members with placeholder bodies, so the
/// user's code that names them (<c>new Model(seed: 1)</c>, <c>Model.OutputSize</c>, <c>model.Summary()</c>) still binds
/// and the GN error is the only error the build prints. It cannot run: the build fails on that error.
/// </summary>
internal static class StubEmitter
{
    public static GeneratedFile Emit(TypeDeclaration type)
    {
        var w = new CodeWriter();
        ModelEmitter.OpenClass(w, type, withKernelsAlias: false,
            () => w.Line("/// <summary>Placeholder: this model's declaration has GenNet errors (GN diagnostics); fix them to generate the model.</summary>"));
        w.Line("/// <summary>Placeholder until the GN errors are fixed.</summary>");
        w.Line("public const int InputSize = 0;");
        w.Line("/// <summary>Placeholder until the GN errors are fixed.</summary>");
        w.Line("public const int OutputSize = 0;");
        w.Line("/// <summary>Placeholder until the GN errors are fixed.</summary>");
        w.Line("public const int ParameterCount = 0;");
        w.Line();
        w.Line("/// <summary>Placeholder until the GN errors are fixed.</summary>");
        w.Line("public static readonly global::GenNet.ModelInfo ModelInfo = null!;");
        w.Line();
        w.Line("/// <summary>Placeholder until the GN errors are fixed.</summary>");
        w.Line($$"""public {{type.Name}}(int seed = 0) : base(Invalid(), seed) { }""");
        w.Line();
        w.Line("private static global::GenNet.ModelInfo Invalid() =>");
        w.Line("    throw new global::System.InvalidOperationException(" +
            $"{Text.StringLiteral($"Model {type.FullName} has GenNet errors (GN diagnostics); it was not generated.")});");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override void InitializeParameters(global::System.Span<float> parameters, global::System.Span<float> state, global::GenNet.Rng rng) { }");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override void Forward(global::System.ReadOnlySpan<float> parameters, global::System.Span<float> state, global::System.ReadOnlySpan<float> input,");
        w.Line("    global::System.Span<float> activations, global::System.Span<float> scratch, int batch, bool training, global::GenNet.Rng? random) { }");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override void Backward(global::System.ReadOnlySpan<float> parameters, global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> activations,");
        w.Line("    global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> activationGradients, global::System.Span<float> gradients,");
        w.Line("    global::System.Span<float> scratch, int batch, bool outputGradientIsLogits) { }");
        ModelEmitter.CloseClass(w, type);
        return new GeneratedFile($"{type.FullName}.g.cs", w.ToString());
    }
}
