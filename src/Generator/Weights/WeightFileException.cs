using System;

namespace GenNet.Generator.Weights;

/// <summary>What is wrong with a weight file; each kind is its own diagnostic (see <see cref="WeightDiagnostics"/>).</summary>
internal enum WeightFileProblem
{
    /// <summary>Not a readable safetensors file: bad base64, length prefix, header JSON or header structure (GN0304).</summary>
    Corrupt,

    /// <summary>No fingerprint, or the fingerprint of another architecture (GN0305).</summary>
    Architecture,

    /// <summary>Tensors missing or unexpected (GN0306).</summary>
    Names,

    /// <summary>A tensor that is not F32 (GN0307).</summary>
    DType,

    /// <summary>A tensor whose shape differs from the declared weight's (GN0308).</summary>
    Shape,

    /// <summary>Data offsets that do not tile the data region, or a file that is truncated or too long (GN0309).</summary>
    Layout,
}

/// <summary>A weight file that does not match; <see cref="Exception.Message"/> says what was expected and what came.</summary>
internal sealed class WeightFileException : Exception
{
    public WeightFileException(WeightFileProblem problem, string message) : base(message) => Problem = problem;

    public WeightFileProblem Problem { get; }
}
