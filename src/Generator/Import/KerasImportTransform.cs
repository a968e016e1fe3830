using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Import.Keras;
using GenNet.Generator.Import.Onnx;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;
using GenNet.Generator.Weights;
using GenNet.Serialization.Keras;

namespace GenNet.Generator.Import;

/// <summary>
/// [KerasModel] request + the .keras/.h5 AdditionalFiles → read the config and weights (src/Shared/Keras, the reader the
/// runtime's LoadKeras uses) → lower to layer declarations → the same inference a declared model gets → the model, its
/// weights (the file's, in Keras' order, matched by position and shape) and the remarks. Pure and location-free; never
/// throws (an unexpected failure becomes GN0999 in the result).
/// </summary>
internal static class KerasImportTransform
{
    public static OnnxImportResult Run(OnnxImportRequest request, ImmutableArray<WeightFileContent> files)
    {
        string className = request.Type.Name;
        string? declared = request.File;
        OnnxImportResult Fail(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments) =>
            OnnxImportResult.Problem(request.Type, request.CanTakeMembers, descriptor, arguments);

        if (!request.CanTakeMembers) return new OnnxImportResult(request.Type, null, null, null, null, EquatableArray<string>.Empty);
        if (string.IsNullOrWhiteSpace(declared)) return Fail(Descriptors.InvalidKerasFileName, className, declared ?? "null");
        string name = declared!.Substring(declared.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        try
        {
            // The file (and a bare .weights.h5's config file) among the AdditionalFiles: a miss lists those of its kind.
            OnnxImportResult? Find(string wanted, bool config, out WeightFileContent? found)
            {
                found = null;
                var candidates = files.Where(f => string.Equals(f.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
                if (candidates.Count == 0)
                {
                    var kind = files.Where(f => f.Name.EndsWith(WeightFileContent.KerasConfigExtension, StringComparison.OrdinalIgnoreCase) == config).ToList();
                    string available = kind.Count == 0 ? "none" : string.Join(", ", kind.Select(f => $"'{f.Name}'").Distinct().OrderBy(n => n, StringComparer.Ordinal));
                    return Fail(Descriptors.KerasFileNotFound, className, wanted, available);
                }
                found = candidates.FirstOrDefault(f => f.Encoded);
                if (found is null) return Fail(Descriptors.KerasFileNotEncoded, className, wanted, candidates[0].Path);
                if (found.Bytes is null) return Fail(Descriptors.InvalidKerasFile, className, wanted, found.Error ?? "the file could not be read");
                return null;
            }
            if (Find(name, config: false, out WeightFileContent? file) is { } missing) return missing;
            WeightFileContent? configFile = null;
            string? configName = request.Config?.Substring(request.Config.LastIndexOfAny(new[] { '/', '\\' }) + 1);
            if (configName is not null && Find(configName, config: true, out configFile) is { } missingConfig) return missingConfig;

            KerasModelFile keras;
            try
            {
                keras = configFile is null
                    ? KerasFile.ReadModel(file!.Bytes!.Bytes, name)
                    : KerasFile.ReadBareWithConfig(file!.Bytes!.Bytes, name, configFile.Bytes!.Bytes, configName!);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                return Fail(Descriptors.InvalidKerasFile, className, name, Trim(e.Message, name));
            }

            KerasImported imported;
            try
            {
                imported = KerasLowering.Lower(keras);
            }
            catch (ImportProblem problem)
            {
                return Fail(problem.Descriptor, new[] { className, name }.Concat(problem.Arguments).ToArray());
            }

            ImportedModel model = imported.Model;
            var declaration = new ModelDeclaration(request.Type, null, model.Input.ToEquatableArray(), model.Layers.ToEquatableArray(), model.IsFunctional);
            InferResult inferred = Inferrer.Infer(declaration);
            DiagnosticSpec? error = inferred.Diagnostics.FirstOrDefault(d => d.IsError);
            if (inferred.Spec is null || error is not null)
            {
                string message = error is null ? "the model could not be inferred" : Format(error);
                return Fail(Descriptors.KerasImportDoesNotInfer, className, name, message);
            }
            ModelSpec spec = inferred.Spec;
            foreach (AxisClaim claim in imported.Axes)
            {
                LayerSpec? layer = spec.Layers.FirstOrDefault(l => l.Identity.Index == claim.Layer);
                int rank = layer is null ? -1 : spec.Tensors[layer.Input].Shape.Count;
                if (layer is not null && claim.Axis != rank)
                {
                    KerasLayer source = imported.Layers[claim.Layer];
                    return Fail(Descriptors.KerasUnsupportedAttribute, className, name, $"'{source.Name}'", source.ClassName ?? "", claim.Argument, claim.Written,
                        $"the last axis of its input ({rank.ToString(CultureInfo.InvariantCulture)} or -1; GenNet normalizes channels last)");
                }
            }
            EmbeddedWeightsSpec weights;
            try
            {
                weights = Weights(spec, imported, name, file!.Bytes!.Sha256);
            }
            catch (ImportProblem problem)
            {
                return Fail(problem.Descriptor, new[] { className, name }.Concat(problem.Arguments).ToArray());
            }
            var remarks = KerasRemarksEmitter.Emit(request.Type, name, keras, model);
            var warnings = imported.Warnings
                .Select(w => string.Join(OnnxImportResult.WarningSeparator.ToString(), new[] { className, name }.Concat(w.Skip(1)).Prepend(w[0])))
                .ToEquatableArray();
            return new OnnxImportResult(request.Type, new ModelToEmit(spec, request.Type), weights, remarks, null, EquatableArray<string>.Empty) { Warnings = warnings };
        }
        catch (Exception e)
        {
            return Fail(Descriptors.InternalError, className, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The reader's message without its "Cannot read Keras file 'x': " lead (the diagnostic names the file already).</summary>
    private static string Trim(string message, string name)
    {
        string lead = $"Cannot read Keras file '{name}': ";
        string text = message.StartsWith(lead, StringComparison.Ordinal) ? message.Substring(lead.Length) : message;
        return text.TrimEnd('.');
    }

    private static string Format(DiagnosticSpec error) =>
        $"{error.Id}: {string.Format(CultureInfo.InvariantCulture, Descriptors.Get(error.Id).MessageFormat.ToString(CultureInfo.InvariantCulture), error.Arguments.Cast<object>().ToArray())}";

    /// <summary>
    /// Each layer's file weights into the spec's buffers in order: GenNet creates a layer's weights in Keras' order with
    /// Keras' shapes (Dense kernel then bias; BatchNormalization gamma, beta, moving mean, moving variance; LSTM kernel,
    /// recurrent kernel, bias), so the n-th file weight is the n-th spec weight, checked by count and shape.
    /// </summary>
    private static EmbeddedWeightsSpec Weights(ModelSpec spec, KerasImported imported, string fileName, string sha256)
    {
        var parameters = new byte[checked(spec.ParameterCount * 4)];
        var state = new byte[checked(spec.StateCount * 4)];
        var matched = new HashSet<int>();
        foreach (LayerSpec layer in spec.Layers)
        {
            int index = layer.Identity.Index;
            if (index < 0 || index >= imported.Layers.Count) continue;
            matched.Add(index);
            KerasLayer source = imported.Layers[index];
            IReadOnlyList<KerasWeight> file = source.Weights;
            var mine = layer.Weights;
            string who = $"'{source.Name}'";
            if (file.Count != mine.Count)
            {
                throw new ImportProblem(Descriptors.KerasWeightsMismatch, who, source.ClassName ?? "", $"{mine.Count} weights ({Shapes(mine.Select(w => w.Shape.ToArray()))})",
                    $"{file.Count} ({Shapes(file.Select(w => w.Shape))})");
            }
            for (int k = 0; k < mine.Count; k++)
            {
                WeightSpec weight = mine[k];
                KerasWeight theirs = file[k];
                if (!weight.Shape.SequenceEqual(theirs.Shape) || theirs.Values.Length != weight.Length)
                {
                    string variable = weight.Key.Substring(weight.Key.LastIndexOf('.') + 1);
                    throw new ImportProblem(Descriptors.KerasWeightsMismatch, who, source.ClassName ?? "", $"{variable} of shape {Shape(weight.Shape.ToArray())}",
                        $"'{theirs.Path}' of shape {Shape(theirs.Shape)}");
                }
                ImportWeights.Write(weight.Trainable ? parameters : state, weight.Offset, theirs.Values);
            }
        }
        for (int i = 0; i < imported.Layers.Count; i++)
        {
            // A layer the output does not depend on is dropped by inference; weights it holds would be silently lost.
            if (!matched.Contains(i) && imported.Layers[i].Weights.Count > 0)
            {
                throw new ImportProblem(Descriptors.KerasModelShape, $"layer '{imported.Layers[i].Name}' ({imported.Layers[i].ClassName})",
                    "weights but no path to the output", "models whose every layer leads to the output");
            }
        }
        return ImportWeights.Spec(spec, parameters, state, fileName, sha256, "[KerasModel]", "Keras");
    }

    private static string Shape(int[] shape) => $"({string.Join(", ", shape)})";

    private static string Shapes(IEnumerable<int[]> shapes) => string.Join(", ", shapes.Select(Shape));
}
