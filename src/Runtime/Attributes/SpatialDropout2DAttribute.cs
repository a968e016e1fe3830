namespace GenNet;

/// <summary>
/// Keras <c>SpatialDropout2D(rate)</c> on NHWC images: in training whole channels of a sample are dropped (zeroed at every
/// pixel) with probability <c>rate</c> and the kept ones scaled by <c>1/(1 − rate)</c>; the identity in inference.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SpatialDropout2DAttribute : LayerAttribute
{
    /// <summary>A spatial dropout layer dropping a channel with probability <paramref name="rate"/> (in [0, 1)).</summary>
    public SpatialDropout2DAttribute(double rate) => Rate = rate;

    /// <summary>Fraction of channels dropped in training.</summary>
    public double Rate { get; }

    /// <summary>Layer name; Keras' default is <c>spatial_dropout2d</c>, <c>spatial_dropout2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
