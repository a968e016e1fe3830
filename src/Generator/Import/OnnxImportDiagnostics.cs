using System;
using System.Collections.Immutable;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Import;

/// <summary>The [OnnxModel] and [KerasModel] diagnostics: the class-level ones found when locating, and the import's one, at the attribute.</summary>
internal static class OnnxImportDiagnostics
{
    public static EquatableArray<Diagnostic> Diagnose(LocatedImportRequest located, ImmutableArray<OnnxImportResult> imports)
    {
        try
        {
            if (located.Failure is not null) throw new InvalidOperationException(located.Failure);
            OnnxImportResult? result = imports.FirstOrDefault(i => i.Type == located.Request!.Type);
            var warnings = (result?.Warnings ?? EquatableArray<string>.Empty)
                .Select(w => w.Split(OnnxImportResult.WarningSeparator))
                .Select(parts => Diagnostic.Create(Descriptors.Get(parts[0]), located.Attribute, parts.Skip(1).Cast<object>().ToArray()));
            if (result?.DiagnosticId is null) return located.ClassProblems.Concat(warnings).ToEquatableArray();
            object[] arguments = result.Arguments.Cast<object>().ToArray();
            var diagnostic = Diagnostic.Create(Descriptors.Get(result.DiagnosticId), located.Attribute, arguments);
            return located.ClassProblems.Concat(new[] { diagnostic }).ToEquatableArray();
        }
        catch (Exception e)
        {
            return new EquatableArray<Diagnostic>(new[] { Diagnostic.Create(Descriptors.InternalError, located.Attribute, located.TypeName, $"{e.GetType().Name}: {e.Message}") });
        }
    }
}
