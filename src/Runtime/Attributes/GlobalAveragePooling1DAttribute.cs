namespace GenNet;

/// <summary>
/// Keras <c>GlobalAveragePooling1D()</c>: the mean over the steps of each channel, <c>(steps, C) → (C)</c>. The input must be rank 2.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling1DAttribute : LayerAttribute
{
    /// <summary>Layer name; Keras' default is <c>global_average_pooling1d</c>, ….</summary>
    public string? Name { get; set; }
}
