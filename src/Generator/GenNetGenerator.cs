using System;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Import;
using GenNet.Generator.Infer;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Generator.Weights;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("GenNet.Generator.Tests")]

namespace GenNet.Generator;

/// <summary>
/// Writes the other half of every <c>[Sequential]</c> and <c>[Functional]</c> partial class: constant shapes, the parameter layout,
/// <c>ModelInfo</c>, and straight-line InitializeParameters, Forward and Backward. Parse → Infer (one transform) → Emit and Report.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GenNetGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The package's docs folder, for help links that open on the user's machine (Diagnostics/HelpLinks.cs).
        IncrementalValueProvider<string?> docs = HelpLinks.DocsFolder(context);

        var modelsPerAttribute = new System.Collections.Generic.List<IncrementalValuesProvider<ModelToEmit>>();
        foreach (string modelAttribute in AttributeNames.Models)
        {
            // Parse → Infer, once per model: runs when the compilation changes (it reads the semantic model), and holds
            // both what to emit and the located diagnostics (ModelTransform.cs).
            IncrementalValuesProvider<ModelTransform> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(modelAttribute, static (node, _) => node is TypeDeclarationSyntax, ModelTransform.Run)
                .WithTrackingName(TrackingNames.Transform);

            // Generation branch: the location-free half (the ModelSpec, or the type for placeholders when the model has
            // errors). Moving the class or editing elsewhere leaves it equal, so nothing below re-runs.
            IncrementalValuesProvider<ModelToEmit> specs = models
                .Select(static (model, _) => model.ToEmit)
                .WithTrackingName(TrackingNames.Spec)
                .Where(static model => model is not null)!;

            // Emit: one file per model, text only (placeholders when the model has errors, so GN errors stand alone).
            IncrementalValuesProvider<GeneratedFile> files = specs
                .Select(static (model, _) => PipelineSteps.EmitFile(model))
                .WithTrackingName(TrackingNames.Emit);
            context.RegisterSourceOutput(files.Combine(docs), static (output, input) => PipelineSteps.AddSource(output, input.Left, input.Right));
            modelsPerAttribute.Add(specs);

            // Diagnostics branch: the located half of the same transform (re-reports when code moves; nothing is inferred again).
            context.RegisterSourceOutput(
                models.Select(static (model, _) => model.Diagnostics).WithTrackingName(TrackingNames.Diagnose).Combine(docs),
                DiagnosticReporter.Report);
        }

        // Every model's spec, for the steps that need another class's model (equal while no model changed).
        IncrementalValueProvider<ModelSpecs> allModels = modelsPerAttribute[0].Collect().Combine(modelsPerAttribute[1].Collect())
            .Select(static (pair, _) => ModelSpecs.Of(pair.Left, pair.Right));

        // Compiled-in weights ([EmbeddedWeights]): the safetensors AdditionalFiles, decoded once per change of a file and
        // compared by content hash. Each request is found once with its attribute's place; its location-free half (file
        // name, class) is matched once against its model's spec, taken from the model's own transform, so the model is
        // never parsed again. The weights file holds the bytes and CreateTrained(); the diagnostics read the same match.
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<WeightFileContent>> weightFiles = context.AdditionalTextsProvider
            .Where(static text => WeightFileContent.IsWeightFile(text))
            .Select(static (text, cancellationToken) => WeightFileContent.Read(text, cancellationToken))
            .WithTrackingName(TrackingNames.WeightFiles)
            .Collect();
        IncrementalValuesProvider<LocatedWeightsRequest> weightRequests = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.EmbeddedWeights, static (node, _) => node is TypeDeclarationSyntax, EmbeddedWeightsDiagnostics.Locate)
            .WithTrackingName(TrackingNames.EmbeddedWeightsLocate)
            .Where(static located => located is not null)!;
        IncrementalValuesProvider<MatchedWeights> matched = weightRequests
            .Select(static (located, _) => located.Request)
            .WithTrackingName(TrackingNames.EmbeddedWeightsParse)
            .Where(static request => request is not null)
            .Combine(allModels)
            .Combine(weightFiles)
            .Select(static (input, _) => PipelineSteps.MatchWeights(input.Left.Left!, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.EmbeddedWeightsMatch);
        IncrementalValuesProvider<EmbeddedWeightsSpec> embedded = matched
            .Select(static (match, _) => match.Result.Spec)
            .Where(static spec => spec is not null)!;
        context.RegisterSourceOutput(embedded.Select(static (spec, _) => PipelineSteps.EmitWeights(spec)).Combine(docs),
            static (output, input) => PipelineSteps.AddSource(output, input.Left, input.Right));

        // Their diagnostics, at the [EmbeddedWeights] attribute: each located request reads its match.
        context.RegisterSourceOutput(
            weightRequests
                .Combine(matched.Collect())
                .Select(static (pair, _) => EmbeddedWeightsDiagnostics.Diagnose(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.EmbeddedWeightsDiagnose)
                .Combine(docs),
            DiagnosticReporter.Report);

        // Models imported at build time ([OnnxModel]): the file is decoded, lowered to the layer declarations a hand
        // declaration would give and inferred like one, once per change of the request or the file (OnnxImportTransform.cs).
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<WeightFileContent>> onnxFiles = context.AdditionalTextsProvider
            .Where(static text => WeightFileContent.IsOnnxFile(text))
            .Select(static (text, cancellationToken) => WeightFileContent.Read(text, cancellationToken))
            .WithTrackingName(TrackingNames.OnnxFiles)
            .Collect();
        IncrementalValuesProvider<LocatedImportRequest> importRequests = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.OnnxModel, static (node, _) => node is TypeDeclarationSyntax, OnnxImportLocator.Locate)
            .WithTrackingName(TrackingNames.OnnxLocate)
            .Where(static located => located is not null)!;
        IncrementalValuesProvider<OnnxImportResult> imports = importRequests
            .Select(static (located, _) => located.Request)
            .WithTrackingName(TrackingNames.OnnxRequest)
            .Where(static request => request is not null)
            .Combine(onnxFiles)
            .Select(static (input, _) => OnnxImportTransform.Run(input.Left!, input.Right))
            .WithTrackingName(TrackingNames.OnnxImport);
        context.RegisterSourceOutput(imports.Combine(docs), static (output, input) => PipelineSteps.AddImport(output, input.Left, input.Right));
        context.RegisterSourceOutput(
            importRequests
                .Combine(imports.Collect())
                .Select(static (pair, _) => OnnxImportDiagnostics.Diagnose(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.OnnxDiagnose)
                .Combine(docs),
            DiagnosticReporter.Report);

        // Models imported at build time from Keras files ([KerasModel]): the same request, result and outputs as
        // [OnnxModel]; the .keras/.h5 file is read and lowered by KerasImportTransform.cs.
        IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<WeightFileContent>> kerasFiles = context.AdditionalTextsProvider
            .Where(static text => WeightFileContent.IsKerasFile(text))
            .Select(static (text, cancellationToken) => WeightFileContent.Read(text, cancellationToken))
            .WithTrackingName(TrackingNames.KerasFiles)
            .Collect();
        IncrementalValuesProvider<LocatedImportRequest> kerasRequests = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.KerasModel, static (node, _) => node is TypeDeclarationSyntax, OnnxImportLocator.LocateKeras)
            .WithTrackingName(TrackingNames.KerasLocate)
            .Where(static located => located is not null)!;
        IncrementalValuesProvider<OnnxImportResult> kerasImports = kerasRequests
            .Select(static (located, _) => located.Request)
            .WithTrackingName(TrackingNames.KerasRequest)
            .Where(static request => request is not null)
            .Combine(kerasFiles)
            .Select(static (input, _) => KerasImportTransform.Run(input.Left!, input.Right))
            .WithTrackingName(TrackingNames.KerasImport);
        context.RegisterSourceOutput(kerasImports.Combine(docs), static (output, input) => PipelineSteps.AddImport(output, input.Left, input.Right));
        context.RegisterSourceOutput(
            kerasRequests
                .Combine(kerasImports.Collect())
                .Select(static (pair, _) => OnnxImportDiagnostics.Diagnose(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.KerasDiagnose)
                .Combine(docs),
            DiagnosticReporter.Report);

        // Layer attributes on a class without [Sequential] or [Functional]: a warning each, nothing generated.
        foreach (string layerAttribute in LayerKinds.AttributeNames)
        {
            context.RegisterSourceOutput(
                context.SyntaxProvider
                    .ForAttributeWithMetadataName(layerAttribute, static (node, _) => node is TypeDeclarationSyntax, DiagnosticReporter.FindOrphanLayers)
                    .WithTrackingName(TrackingNames.OrphanLayers)
                    .Combine(docs),
                DiagnosticReporter.Report);
        }
    }
}
