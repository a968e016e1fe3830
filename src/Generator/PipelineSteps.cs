using System;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Infer;
using GenNet.Generator.Weights;
using Microsoft.CodeAnalysis;
using System.Collections.Immutable;

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

    /// <summary>
    /// Matches one [EmbeddedWeights] request against its class's model spec (found among every model's by name) and the
    /// weight files. An unexpected failure becomes GN0999 in the result, which the diagnostics read.
    /// </summary>
    public static MatchedWeights MatchWeights(EmbeddedWeightsRequest request, ModelSpecs models, ImmutableArray<WeightFileContent> files)
    {
        try
        {
            return new MatchedWeights(request.ModelName, WeightFileMatcher.Match(request, models.Find(request.ModelName), files));
        }
        catch (Exception e)
        {
            return new MatchedWeights(request.ModelName,
                EmbeddedWeightsResult.Problem(Descriptors.InternalError, request.ClassName, $"{e.GetType().Name}: {e.Message}"));
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

    /// <summary>An import's files: the model (or its placeholders), its compiled-in weights and its remarks.</summary>
    public static void AddImport(SourceProductionContext output, Import.OnnxImportResult import, string? docsFolder)
    {
        if (import.Model is not null) AddSource(output, EmitFile(import.Model), docsFolder);
        if (import.Weights is not null) AddSource(output, EmitWeights(import.Weights), docsFolder);
        if (import.Remarks is not null) AddSource(output, import.Remarks, docsFolder);
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
