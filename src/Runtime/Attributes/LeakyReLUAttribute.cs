using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>LeakyReLU(negative_slope=0.3)</c>: <c>y = x</c> for <c>x ≥ 0</c>, <c>negative_slope·x</c> below. No weights.
/// (The layer's Keras 3 default slope is 0.3; the <c>leaky_relu</c> activation's is 0.2.)
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReLUAttribute : LayerAttribute
{
    /// <summary>Slope for negative inputs, at least 0. Default 0.3.</summary>
    public double NegativeSlope { get; set; } = LayerArgumentDefaults.LeakyReLUNegativeSlope;

    /// <summary>Layer name; Keras' default is <c>leaky_re_lu</c>, <c>leaky_re_lu_1</c>, ….</summary>
    public string? Name { get; set; }
}
