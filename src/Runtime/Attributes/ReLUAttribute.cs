using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>ReLU(max_value=None, negative_slope=0.0, threshold=0.0)</c>: <c>y = min(x, max_value)</c> for
/// <c>x ≥ threshold</c>, <c>negative_slope·(x − threshold)</c> below it. No weights; output shape = input shape.
/// </summary>
/// <example><code>
/// [Conv2D(32, 3)]
/// [ReLU(MaxValue = 6)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : LayerAttribute
{
    /// <summary>Saturation value, at least 0; default none (positive infinity).</summary>
    public double MaxValue { get; set; } = LayerArgumentDefaults.MaxValue;

    /// <summary>Slope below the threshold, at least 0. Default 0.</summary>
    public double NegativeSlope { get; set; }

    /// <summary>Values below it are damped, at least 0. Default 0. (ONNX export has no operator for a non-zero threshold.)</summary>
    public double Threshold { get; set; }

    /// <summary>Layer name; Keras' default is <c>re_lu</c>, <c>re_lu_1</c>, ….</summary>
    public string? Name { get; set; }
}
