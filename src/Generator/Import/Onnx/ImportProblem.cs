using System;
using Microsoft.CodeAnalysis;

namespace GenNet.Generator.Import.Onnx;

/// <summary>Why a graph cannot be imported: a GN descriptor and its message arguments (after the class and file name).</summary>
internal sealed class ImportProblem : Exception
{
    public ImportProblem(DiagnosticDescriptor descriptor, params string[] arguments) : base(string.Join("; ", arguments))
    {
        Descriptor = descriptor;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string[] Arguments { get; }
}
