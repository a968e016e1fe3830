namespace GenNet;

/// <summary>
/// Keras <c>PReLU(alpha_initializer="zeros", shared_axes=None)</c>: <c>y = x</c> for <c>x &gt; 0</c>, <c>α·x</c> otherwise,
/// with a trainable <c>alpha</c> of the input's shape (without the batch) where every axis in <see cref="SharedAxes"/> is
/// 1, so those axes share one α.
/// </summary>
/// <example><code>
/// [Conv2D(16, 3)]
/// [PReLU(SharedAxes = new[] { 1, 2 })]   // one α per channel, shared over height and width
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PReLUAttribute : LayerAttribute
{
    /// <summary>Axes (1-based, as Keras counts them after the batch axis) along which α is shared. Default none.</summary>
    public int[]? SharedAxes { get; set; }

    /// <summary>Initializer of α, default <c>"zeros"</c> (so the layer starts as a relu).</summary>
    public string? AlphaInitializer { get; set; }

    /// <summary>Keras <c>alpha_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? AlphaRegularizer { get; set; }

    /// <summary>Keras <c>alpha_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? AlphaConstraint { get; set; }

    /// <summary>Layer name; Keras' default is <c>p_re_lu</c>, <c>p_re_lu_1</c>, ….</summary>
    public string? Name { get; set; }
}
