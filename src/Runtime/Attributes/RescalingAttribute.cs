using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Rescaling(scale, offset=0.0)</c>: <c>y = x·scale + offset</c>, e.g. <c>[Rescaling(1.0 / 255)]</c> as the first
/// layer of an image model maps pixels to [0, 1]. No weights; output shape = input shape.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RescalingAttribute : LayerAttribute
{
    /// <summary>A layer computing <c>x·<paramref name="scale"/> + Offset</c>.</summary>
    public RescalingAttribute(double scale) => Scale = scale;

    /// <summary>The factor every input is multiplied by.</summary>
    public double Scale { get; }

    /// <summary>Added after scaling. Default 0.</summary>
    public double Offset { get; set; } = LayerArgumentDefaults.RescalingOffset;

    /// <summary>Layer name; Keras' default is <c>rescaling</c>, <c>rescaling_1</c>, ….</summary>
    public string? Name { get; set; }
}
