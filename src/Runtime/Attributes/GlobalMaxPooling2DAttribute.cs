namespace GenNet;

/// <summary>
/// Keras <c>GlobalMaxPooling2D()</c>: the largest value over height and width of each channel, <c>(H, W, C) → (C)</c>. The gradient goes to the pixel holding the maximum (split evenly between tied pixels, as Keras' <c>max</c>). The input must be rank 3.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling2DAttribute : LayerAttribute
{
    /// <summary>Layer name; Keras' default is <c>global_max_pooling2d</c>, ….</summary>
    public string? Name { get; set; }
}
