namespace GenNet;

/// <summary>
/// Keras <c>GlobalAveragePooling2D()</c>: the mean over height and width of each channel, <c>(H, W, C) → (C)</c>.
/// The input must be rank 3.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling2DAttribute : LayerAttribute
{
    /// <summary>Layer name; Keras' default is <c>global_average_pooling2d</c>, ….</summary>
    public string? Name { get; set; }
}
