using System;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Infer;
using GenNet.Generator.Weights;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator;

/// <summary>
/// The steps <see cref="GenNetGenerator.Initialize"/> wires together, each guarded so an unexpected exception becomes a
/// diagnostic (GN0999) instead of failing the user's build. The model's own Parse → Infer step is <see cref="ModelTransform"/>.
/// </summary>
internal static class PipelineSteps
{
    /// <summary>Adds a generated file, or reports GN0999 when its emitter failed.</summary>
    public static void AddSource(SourceProductionContext output, GeneratedFile file, string? docsFolder)
    {
        if (file.Error is null) output.AddSource(file.HintName, file.Text);
        else output.ReportDiagnostic(HelpLinks.Relink(Diagnostic.Create(Descriptors.InternalError, Location.None, file.HintName, file.Error), docsFolder));
    }

    /// <summary>The [EmbeddedWeights] request, or null; failures are swallowed on purpose: the diagnostics branch runs the same parser and reports them as GN0999.</summary>
    public static EmbeddedWeightsRequest? ParseWeightsRequest(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return EmbeddedWeightsParser.Parse(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The checked weights to embed; a failure here becomes GN0999 in the diagnostics branch, which runs the same matcher.</summary>
    public static EmbeddedWeightsResult MatchWeights(EmbeddedWeightsRequest request, System.Collections.Immutable.ImmutableArray<WeightFileContent> files)
    {
        try
        {
            return WeightFileMatcher.Match(request, files);
        }
        catch (Exception)
        {
            return EmbeddedWeightsResult.Nothing;
        }
    }

    public static GeneratedFile EmitWeights(EmbeddedWeightsSpec spec)
    {
        try
        {
            return EmbeddedWeightsEmitter.Emit(spec);
        }
        catch (Exception e)
        {
            return new GeneratedFile(spec.HintName, "", $"{e.GetType().Name}: {e.Message}");
        }
    }

    public static GeneratedFile EmitFile(ModelToEmit model)
    {
        try
        {
            return model.Spec is null ? StubEmitter.Emit(model.Type) : ModelEmitter.Emit(model.Spec);
        }
        catch (Exception e)
        {
            return new GeneratedFile($"{model.Type.FullName}.g.cs", "", $"{e.GetType().Name}: {e.Message}");
        }
    }
}
