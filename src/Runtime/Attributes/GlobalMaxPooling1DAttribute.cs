namespace GenNet;

/// <summary>
/// Keras <c>GlobalMaxPooling1D()</c>: the largest value over the steps of each channel, <c>(steps, C) → (C)</c>. The gradient goes to the step holding the maximum (split evenly between tied steps, as Keras' <c>max</c>). The input must be rank 2.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling1DAttribute : LayerAttribute
{
    /// <summary>Layer name; Keras' default is <c>global_max_pooling1d</c>, ….</summary>
    public string? Name { get; set; }
}
