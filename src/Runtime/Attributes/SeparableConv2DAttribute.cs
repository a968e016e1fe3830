using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>SeparableConv2D(filters, kernel_size, strides=1, padding="valid", depth_multiplier=1, dilation_rate=1,
/// activation=None, use_bias=True, depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
/// bias_initializer="zeros")</c> on NHWC images: a depthwise convolution (each input channel <c>c</c> with its own
/// <see cref="DepthMultiplier"/> filters, no bias; strides, padding and dilation apply here), then a pointwise 1×1
/// convolution to <see cref="Filters"/> channels with the bias:
/// <c>d[i, j, c·M + m] = Σ_{a, b} x_pad[i·s + a·r, j·s + b·r, c] · depthwise_kernel[a, b, c, m]</c>,
/// <c>y[i, j, f] = activation(bias[f] + Σ_k d[i, j, k] · pointwise_kernel[0, 0, k, f])</c>. Weights in Keras' layouts:
/// <c>depthwise_kernel[kh, kw, in, M]</c>, <c>pointwise_kernel[1, 1, in·M, filters]</c>, <c>bias[filters]</c>.
/// The input must be rank 3: <c>(height, width, channels)</c>.
/// </summary>
/// <example><code>
/// [Sequential(32, 32, 3)]
/// [SeparableConv2D(32, 3, Padding = "same", Activation = Act.Relu)]
/// [SeparableConv2D(64, 3, DepthMultiplier = 2, Strides = 2)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SeparableConv2DAttribute : LayerAttribute
{
    /// <summary>A separable convolution with <paramref name="filters"/> output channels and a square <paramref name="kernelSize"/>² depthwise kernel.</summary>
    public SeparableConv2DAttribute(int filters, int kernelSize)
        : this(filters, kernelSize, kernelSize)
    {
    }

    /// <summary>A separable convolution with <paramref name="filters"/> output channels and a <paramref name="kernelHeight"/>×<paramref name="kernelWidth"/> depthwise kernel.</summary>
    public SeparableConv2DAttribute(int filters, int kernelHeight, int kernelWidth)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Output channels of the pointwise step; must be positive.</summary>
    public int Filters { get; }

    /// <summary>Depthwise kernel rows.</summary>
    public int KernelHeight { get; }

    /// <summary>Depthwise kernel columns.</summary>
    public int KernelWidth { get; }

    /// <summary>Depthwise filters per input channel (Keras <c>depth_multiplier</c>); must be positive. Default 1.</summary>
    public int DepthMultiplier { get; set; } = 1;

    /// <summary>
    /// Step between the depthwise windows: an int for both axes (<c>Strides = 2</c>, Keras <c>strides=(2, 2)</c>) or one per axis, height then width
    /// (<c>Strides = new[] { 2, 1 }</c>, Keras <c>strides=(2, 1)</c>). Default 1. Typed <see cref="object"/> so that both
    /// spellings compile; anything else is GN0013.
    /// </summary>
    public object Strides { get; set; } = LayerArgumentDefaults.ConvolutionStrides;

    /// <summary>
    /// <c>"valid"</c> (default: no padding, output ⌊(n − k_e)/s⌋ + 1) or <c>"same"</c> (zero padding, output ⌈n/s⌉, the odd
    /// extra pixel at the bottom/right), for the depthwise step.
    /// </summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>
    /// Spacing of the depthwise kernel's taps: an int for both axes (<c>DilationRate = 2</c>) or one per axis, height then
    /// width (<c>DilationRate = new[] { 2, 1 }</c>, Keras <c>dilation_rate=(2, 1)</c>). Default 1. Not with
    /// <see cref="Strides"/> above 1 (GN0106). Typed <see cref="object"/> like <see cref="Strides"/>.
    /// </summary>
    public object DilationRate { get; set; } = LayerArgumentDefaults.DilationRate;

    /// <summary>Activation name (see <see cref="Act"/>), applied after the pointwise step and the bias; <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the pointwise step adds a bias per filter. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>Depthwise kernel initializer, default <c>"glorot_uniform"</c> (fans of <c>(kh, kw, in, M)</c>: kh·kw·in, kh·kw·M).</summary>
    public string? DepthwiseInitializer { get; set; }

    /// <summary>Pointwise kernel initializer, default <c>"glorot_uniform"</c> (fans of <c>(1, 1, in·M, filters)</c>: in·M, filters).</summary>
    public string? PointwiseInitializer { get; set; }

    /// <summary>Bias initializer, default <c>"zeros"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Keras <c>depthwise_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? DepthwiseRegularizer { get; set; }

    /// <summary>Keras <c>depthwise_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? DepthwiseConstraint { get; set; }

    /// <summary>Keras <c>pointwise_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? PointwiseRegularizer { get; set; }

    /// <summary>Keras <c>pointwise_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? PointwiseConstraint { get; set; }

    /// <summary>Keras <c>bias_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? BiasRegularizer { get; set; }

    /// <summary>Keras <c>bias_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? BiasConstraint { get; set; }

    /// <summary>Layer name; Keras' default is <c>separable_conv2d</c>, <c>separable_conv2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
