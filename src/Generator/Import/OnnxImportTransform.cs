using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Import.Onnx;
using GenNet.Generator.Infer;
using GenNet.Generator.Layers;
using GenNet.Generator.Parse;
using GenNet.Generator.Weights;

namespace GenNet.Generator.Import;

/// <summary>
/// [OnnxModel] request + the .onnx AdditionalFiles → decode → lower to layer declarations → the same inference a
/// declared model gets → the model, its weights in GenNet's layout, and the remarks. Pure and location-free; never
/// throws (an unexpected failure becomes GN0999 in the result).
/// </summary>
internal static class OnnxImportTransform
{
    public static OnnxImportResult Run(OnnxImportRequest request, ImmutableArray<WeightFileContent> files)
    {
        string className = request.Type.Name;
        string? declared = request.File;
        OnnxImportResult Fail(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments) =>
            OnnxImportResult.Problem(request.Type, request.CanTakeMembers, descriptor, arguments);

        if (!request.CanTakeMembers) return new OnnxImportResult(request.Type, null, null, null, null, EquatableArray<string>.Empty);
        if (string.IsNullOrWhiteSpace(declared)) return Fail(Descriptors.InvalidOnnxFileName, className, declared ?? "null");
        string name = declared!.Substring(declared.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        try
        {
            var candidates = files.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (candidates.Count == 0)
            {
                string available = files.Length == 0 ? "none" : string.Join(", ", files.Select(f => $"'{f.Name}'").Distinct().OrderBy(n => n, StringComparer.Ordinal));
                return Fail(Descriptors.OnnxFileNotFound, className, name, available);
            }
            WeightFileContent? file = candidates.FirstOrDefault(f => f.Encoded);
            if (file is null) return Fail(Descriptors.OnnxFileNotEncoded, className, name, candidates[0].Path);
            if (file.Bytes is null) return Fail(Descriptors.InvalidOnnxFile, className, name, file.Error ?? "the file could not be read");

            OnnxModel onnx;
            try
            {
                onnx = OnnxDecoder.Decode(file.Bytes.Bytes);
            }
            catch (OnnxFormatException e)
            {
                return Fail(Descriptors.InvalidOnnxFile, className, name, e.Message);
            }

            ImportedModel imported;
            try
            {
                imported = OnnxLowering.Lower(onnx);
            }
            catch (ImportProblem problem)
            {
                return Fail(problem.Descriptor, new[] { className, name }.Concat(problem.Arguments).ToArray());
            }

            var declaration = new ModelDeclaration(request.Type, null, imported.Input.ToEquatableArray(), imported.Layers.ToEquatableArray(), imported.IsFunctional);
            InferResult inferred = Inferrer.Infer(declaration);
            DiagnosticSpec? error = inferred.Diagnostics.FirstOrDefault(d => d.IsError);
            if (inferred.Spec is null || error is not null)
            {
                string message = error is null ? "the model could not be inferred" : Format(error);
                return Fail(Descriptors.OnnxImportDoesNotInfer, className, name, message);
            }
            ModelSpec spec = inferred.Spec;
            EmbeddedWeightsSpec weights = Weights(spec, imported, name, file.Bytes.Sha256);
            var remarks = OnnxRemarksEmitter.Emit(request.Type, name, onnx, imported);
            return new OnnxImportResult(request.Type, new ModelToEmit(spec, request.Type), weights, remarks, null, EquatableArray<string>.Empty);
        }
        catch (Exception e)
        {
            return Fail(Descriptors.InternalError, className, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The first error in words, as the user would have seen it on a hand declaration.</summary>
    private static string Format(DiagnosticSpec error) =>
        $"{error.Id}: {string.Format(CultureInfo.InvariantCulture, Descriptors.Get(error.Id).MessageFormat.ToString(CultureInfo.InvariantCulture), error.Arguments.Cast<object>().ToArray())}";

    /// <summary>Each layer's imported values into the spec's buffers, by the Keras variable name its weight key ends with.</summary>
    private static EmbeddedWeightsSpec Weights(ModelSpec spec, ImportedModel imported, string fileName, string sha256)
    {
        var parameters = new byte[checked(spec.ParameterCount * 4)];
        var state = new byte[checked(spec.StateCount * 4)];
        foreach (LayerSpec layer in spec.Layers)
        {
            int index = layer.Identity.Index;
            if (index < 0 || index >= imported.Weights.Count) continue;
            Dictionary<string, float[]> values = imported.Weights[index];
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (WeightSpec weight in layer.Weights)
            {
                string variable = weight.Key.Substring(weight.Key.LastIndexOf('.') + 1);
                if (layer is BidirectionalSpec bidirectional)
                {
                    // Each half's weights under its direction: forward.kernel, backward.kernel, …
                    variable = $"{(weight.Key.StartsWith(bidirectional.Backward.Identity.Name + ".", StringComparison.Ordinal) ? "backward" : "forward")}.{variable}";
                }
                if (!values.TryGetValue(variable, out float[]? data) || data.Length != weight.Length)
                {
                    throw new InvalidOperationException($"layer '{layer.Name}' expects {weight.Length} values for '{variable}', the import has {(data is null ? "none" : data.Length.ToString(CultureInfo.InvariantCulture))}");
                }
                ImportWeights.Write(weight.Trainable ? parameters : state, weight.Offset, data);
                used.Add(variable);
            }
            string? unused = values.Keys.FirstOrDefault(k => !used.Contains(k));
            if (unused is not null) throw new InvalidOperationException($"layer '{layer.Name}' has no weight '{unused}' for the imported values");
        }
        return ImportWeights.Spec(spec, parameters, state, fileName, sha256, "[OnnxModel]", "ONNX");
    }
}
