namespace GenNet.Shared;

/// <summary>Keras' <c>padding=</c> values for Conv2D and pooling.</summary>
internal static class PaddingNames
{
    /// <summary>No padding: windows that do not fit are dropped.</summary>
    public const string Valid = "valid";

    /// <summary>Zero padding so the output length is ⌈n/s⌉, the odd extra pixel after (bottom/right).</summary>
    public const string Same = "same";

    // seq1: Conv1D.
    /// <summary>Conv1D only: <c>(k − 1)·d</c> zeros before the first step, none after, so step t sees steps ≤ t.</summary>
    public const string Causal = "causal";
}
