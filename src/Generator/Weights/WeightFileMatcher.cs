using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Weights;

/// <summary>
/// Finds the file an <c>[EmbeddedWeights]</c> names among the AdditionalFiles and checks it against the model, in the
/// order the runtime's <c>WeightFileReader</c> checks (structure, architecture fingerprint, names, dtype, shapes,
/// layout), so a file is accepted at build time exactly when <c>model.Load(file)</c> would accept it at run time.
/// Pure; runs once per request, and both the weights file and the diagnostics are read from its result.
/// </summary>
internal static class WeightFileMatcher
{
    /// <summary>Checks <paramref name="request"/>'s file against <paramref name="model"/>, the spec of its class (null: none, or errors).</summary>
    public static EmbeddedWeightsResult Match(EmbeddedWeightsRequest request, ModelSpec? model, ImmutableArray<WeightFileContent> files)
    {
        if (!request.HasModelAttribute) return EmbeddedWeightsResult.Problem(Descriptors.EmbeddedWeightsWithoutModel, request.ClassName);
        string? declared = request.File;
        if (string.IsNullOrWhiteSpace(declared))
        {
            return EmbeddedWeightsResult.Problem(Descriptors.InvalidWeightFileName, request.ClassName, declared ?? "null");
        }
        // The model's own diagnostics explain why there is no spec; the file cannot be checked without one.
        if (model is null) return EmbeddedWeightsResult.Nothing;

        string name = FileName(declared!);
        var candidates = files.Where(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (candidates.Count == 0)
        {
            string available = files.Length == 0 ? "none" : string.Join(", ", files.Select(f => $"'{f.Name}'").Distinct().OrderBy(n => n, StringComparer.Ordinal));
            return EmbeddedWeightsResult.Problem(Descriptors.WeightFileNotFound, model.Type.Name, name, available);
        }
        var encoded = candidates.Where(f => f.Encoded).ToList();
        if (encoded.Count == 0) return EmbeddedWeightsResult.Problem(Descriptors.WeightFileNotEncoded, model.Type.Name, name, candidates[0].Path);
        if (encoded.Count > 1)
        {
            return EmbeddedWeightsResult.Problem(Descriptors.AmbiguousWeightFile, model.Type.Name, name,
                string.Join(", ", encoded.Select(f => f.Path).OrderBy(p => p, StringComparer.Ordinal)));
        }

        WeightFileContent file = encoded[0];
        if (file.Bytes is null) return Problem(WeightFileProblem.Corrupt, model, name, file.Error ?? "the file could not be read");
        try
        {
            return new EmbeddedWeightsResult(Build(model, name, file.Bytes), null, EquatableArray<string>.Empty);
        }
        catch (WeightFileException e)
        {
            return Problem(e.Problem, model, name, e.Message);
        }
    }

    /// <summary>The last path segment, split on both separators so the result does not depend on the build host.</summary>
    private static string FileName(string path) => path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);

    private static EmbeddedWeightsResult Problem(WeightFileProblem problem, ModelSpec model, string name, string detail) =>
        EmbeddedWeightsResult.Problem(Descriptor(problem), model.Type.Name, name, detail);

    private static Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor(WeightFileProblem problem) => problem switch
    {
        WeightFileProblem.Architecture => Descriptors.WeightFileArchitectureMismatch,
        WeightFileProblem.Names => Descriptors.WeightFileTensorNames,
        WeightFileProblem.DType => Descriptors.WeightFileDType,
        WeightFileProblem.Shape => Descriptors.WeightFileShape,
        WeightFileProblem.Layout => Descriptors.WeightFileLayout,
        _ => Descriptors.InvalidWeightFile,
    };

    private static EmbeddedWeightsSpec Build(ModelSpec model, string name, WeightBlob blob)
    {
        byte[] file = blob.Bytes;
        SafetensorsHeader header = SafetensorsHeader.Read(file);
        var weights = model.Weights.ToDictionary(w => w.Key, StringComparer.Ordinal);
        CheckArchitecture(header, model);
        CheckNames(header, model, weights);

        foreach (var e in header.Tensors)
        {
            if (e.DType != "F32") throw new WeightFileException(WeightFileProblem.DType, $"tensor '{e.Name}' has dtype {e.DType}; GenNet weights are F32");
            var w = weights[e.Name];
            if (!e.Shape.SequenceEqual(w.Shape.Select(d => (ulong)d)))
            {
                throw new WeightFileException(WeightFileProblem.Shape, $"tensor '{e.Name}' has shape {SafetensorsHeader.Format(e.Shape)}" +
                    $"; the model expects {SafetensorsHeader.Format(w.Shape.Select(d => (ulong)d))}");
            }
        }
        CheckLayout(header, weights, file.LongLength);

        var parameters = new byte[checked(model.ParameterCount * 4)];
        var state = new byte[checked(model.StateCount * 4)];
        foreach (var e in header.Tensors)
        {
            var w = weights[e.Name];
            // Bytes stay little-endian as in the file; the runtime swaps them on a big-endian machine.
            Buffer.BlockCopy(file, checked((int)(header.DataStart + (long)e.Begin)), w.Trainable ? parameters : state, w.Offset * 4, w.Length * 4);
        }
        var tensors = model.Weights
            .OrderBy(w => w.Trainable ? 0 : 1).ThenBy(w => w.Offset)
            .Select(w => new EmbeddedTensor(w.Key, SafetensorsHeader.Format(w.Shape.Select(d => (ulong)d)), w.Trainable, w.Offset, w.Length))
            .ToEquatableArray();
        return new EmbeddedWeightsSpec(model.Type, name, blob.Sha256, model.Fingerprint, new WeightBlob(parameters), new WeightBlob(state), tensors);
    }

    private static void CheckArchitecture(SafetensorsHeader header, ModelSpec model)
    {
        header.Metadata.TryGetValue("model", out string? fileModel);
        string fileModelText = fileModel is null ? "no model name" : $"model '{fileModel}'";
        if (!header.Metadata.TryGetValue("fingerprint", out string? fingerprint))
        {
            throw new WeightFileException(WeightFileProblem.Architecture,
                $"the file has no architecture fingerprint in its __metadata__ (it was not saved by GenNet's Model.Save); expected fingerprint {model.Fingerprint}");
        }
        if (fingerprint != model.Fingerprint)
        {
            throw new WeightFileException(WeightFileProblem.Architecture,
                $"the file was saved from a different architecture: expected fingerprint {model.Fingerprint} (model '{model.Name}'), found {fingerprint} ({fileModelText})");
        }
    }

    private static void CheckNames(SafetensorsHeader header, ModelSpec model, Dictionary<string, WeightSpec> weights)
    {
        var present = new HashSet<string>(header.Tensors.Select(e => e.Name), StringComparer.Ordinal);
        var missing = model.Weights.Select(w => w.Key).Where(n => !present.Contains(n)).ToList();
        var unexpected = header.Tensors.Select(e => e.Name).Where(n => !weights.ContainsKey(n)).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return;
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing {Names(missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected {Names(unexpected)}");
        throw new WeightFileException(WeightFileProblem.Names, $"the tensors do not match the model's weights: {string.Join("; ", parts)}");
    }

    /// <summary>The tensors must tile the data region: sorted by offset, the first at 0, each where the previous ends, the last at the end of the file.</summary>
    private static void CheckLayout(SafetensorsHeader header, Dictionary<string, WeightSpec> weights, long fileLength)
    {
        ulong cursor = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in header.Tensors.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            string offsets = $"data_offsets [{e.Begin}, {e.End}]";
            ulong needed = (ulong)weights[e.Name].Length * 4;
            if (e.End < e.Begin) throw Layout($"tensor '{e.Name}' has {offsets}, which end before they begin");
            if (e.End - e.Begin != needed) throw Layout($"tensor '{e.Name}' has {offsets}, {(e.End - e.Begin)} bytes; its F32 shape {SafetensorsHeader.Format(e.Shape)} needs {needed}");
            if (e.Begin < cursor) throw Layout($"tensor '{e.Name}' has {offsets}, overlapping tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]");
            if (e.Begin > cursor) throw Layout($"tensor '{e.Name}' has {offsets}, leaving bytes [{cursor}, {e.Begin}) of the data region unused; tensors must be contiguous");
            cursor = e.End;
            previous = e;
        }
        long found = fileLength - header.DataStart;
        if ((ulong)found != cursor)
        {
            throw Layout((ulong)found < cursor
                ? $"the file is truncated: the header describes {cursor} bytes of tensor data but {found} are present"
                : $"the file has {((ulong)found - cursor)} bytes after the last tensor; the header describes {cursor} bytes of tensor data and a safetensors file ends there");
        }
    }

    private static WeightFileException Layout(string message) => new(WeightFileProblem.Layout, message);

    private static string Names(List<string> names) => $"[{string.Join(", ", names.Select(n => $"'{n}'"))}]";
}
