using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Softmax(axis=-1)</c>: <c>y = e^(x − max) / Σ e^(x − max)</c> along <see cref="Axis"/>. No weights. On the last
/// axis a following categorical cross-entropy fuses with it, as with <c>Activation = Act.Softmax</c>.
/// </summary>
/// <example><code>
/// [Conv2D(8, 1)]
/// [Softmax(Axis = 1)]   // over the image rows: (height, width, channels), height is axis 1
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxAttribute : LayerAttribute
{
    /// <summary>
    /// The axis normalised over, counted as Keras does with the batch as axis 0: 1 … rank for the sample's axes, or −1 …
    /// −rank from the end. Default −1 (the last axis).
    /// </summary>
    public int Axis { get; set; } = LayerArgumentDefaults.SoftmaxAxis;

    /// <summary>Layer name; Keras' default is <c>softmax</c>, <c>softmax_1</c>, ….</summary>
    public string? Name { get; set; }
}
