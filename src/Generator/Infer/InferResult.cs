using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;

namespace GenNet.Generator.Infer;

/// <summary>The spec (null when any error was found) and every diagnostic, errors and warnings.</summary>
internal sealed record InferResult(ModelSpec? Spec, EquatableArray<DiagnosticSpec> Diagnostics);
