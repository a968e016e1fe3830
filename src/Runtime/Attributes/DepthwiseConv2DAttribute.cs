using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>DepthwiseConv2D(kernel_size, strides=1, padding="valid", depth_multiplier=1, dilation_rate=1, activation=None,
/// use_bias=True, depthwise_initializer="glorot_uniform", bias_initializer="zeros")</c> on NHWC images: each input channel
/// <c>c</c> is convolved with its own <see cref="DepthMultiplier"/> filters,
/// <c>y[i, j, c·M + m] = activation(bias[c·M + m] + Σ_{a, b} x_pad[i·s + a·d, j·s + b·d, c] · depthwise_kernel[a, b, c, m])</c>,
/// with the kernel in Keras' layout <c>depthwise_kernel[kernelHeight, kernelWidth, inputChannels, depthMultiplier]</c>.
/// The output has <c>inputChannels·DepthMultiplier</c> channels. The input must be rank 3: <c>(height, width, channels)</c>.
/// </summary>
/// <example><code>
/// [Sequential(32, 32, 3)]
/// [DepthwiseConv2D(3, Padding = "same", Activation = Act.Relu)]
/// [DepthwiseConv2D(3, 5, DepthMultiplier = 2, Strides = 2)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DepthwiseConv2DAttribute : LayerAttribute
{
    /// <summary>A depthwise convolution with a square <paramref name="kernelSize"/>² kernel.</summary>
    public DepthwiseConv2DAttribute(int kernelSize)
        : this(kernelSize, kernelSize)
    {
    }

    /// <summary>A depthwise convolution with a <paramref name="kernelHeight"/>×<paramref name="kernelWidth"/> kernel.</summary>
    public DepthwiseConv2DAttribute(int kernelHeight, int kernelWidth)
    {
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Kernel rows.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel columns.</summary>
    public int KernelWidth { get; }

    /// <summary>Filters per input channel (Keras <c>depth_multiplier</c>); must be positive. Default 1.</summary>
    public int DepthMultiplier { get; set; } = 1;

    /// <summary>
    /// Step between windows: an int for both axes (<c>Strides = 2</c>, Keras <c>strides=(2, 2)</c>) or one per axis, height then width
    /// (<c>Strides = new[] { 2, 1 }</c>, Keras <c>strides=(2, 1)</c>). Default 1. Typed <see cref="object"/> so that both
    /// spellings compile; anything else is GN0013.
    /// </summary>
    public object Strides { get; set; } = LayerArgumentDefaults.ConvolutionStrides;

    /// <summary>
    /// <c>"valid"</c> (default: no padding, output ⌊(n − k_e)/s⌋ + 1) or <c>"same"</c> (zero padding, output ⌈n/s⌉, the odd
    /// extra pixel at the bottom/right).
    /// </summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>
    /// Spacing of the kernel's taps: an int for both axes (<c>DilationRate = 2</c>) or one per axis, height then width
    /// (<c>DilationRate = new[] { 2, 1 }</c>, Keras <c>dilation_rate=(2, 1)</c>); the effective kernel is <c>(k − 1)·d + 1</c>.
    /// Default 1. Not with <see cref="Strides"/> above 1 (GN0106). Typed <see cref="object"/> like <see cref="Strides"/>.
    /// </summary>
    public object DilationRate { get; set; } = LayerArgumentDefaults.DilationRate;

    /// <summary>Activation name (see <see cref="Act"/>); <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the layer adds a bias per output channel. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>
    /// Kernel initializer (Keras <c>depthwise_initializer</c>), default <c>"glorot_uniform"</c> with fan_in = kh·kw·in,
    /// fan_out = kh·kw·DepthMultiplier (Keras' fans of the shape <c>(kh, kw, in, M)</c>).
    /// </summary>
    public string? DepthwiseInitializer { get; set; }

    /// <summary>Bias initializer, default <c>"zeros"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Keras <c>depthwise_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? DepthwiseRegularizer { get; set; }

    /// <summary>Keras <c>bias_regularizer</c>, in the spelling of <see cref="KernelLayerAttribute.KernelRegularizer"/>. Default none.</summary>
    public string? BiasRegularizer { get; set; }

    /// <summary>Keras <c>depthwise_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? DepthwiseConstraint { get; set; }

    /// <summary>Keras <c>bias_constraint</c>, in the spelling of <see cref="KernelLayerAttribute.KernelConstraint"/>. Default none.</summary>
    public string? BiasConstraint { get; set; }

    /// <summary>Layer name; Keras' default is <c>depthwise_conv2d</c>, <c>depthwise_conv2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
