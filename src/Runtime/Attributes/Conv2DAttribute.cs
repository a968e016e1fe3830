using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Conv2D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1, activation=None, use_bias=True,
/// kernel_initializer="glorot_uniform", bias_initializer="zeros")</c> on NHWC images:
/// <c>y[i, j, f] = activation(bias[f] + Σ_{a, b, c} x_pad[i·s + a·d, j·s + b·d, c] · kernel[a, b, c, f])</c>
/// (cross-correlation), with the kernel HWIO <c>kernel[kernelHeight, kernelWidth, inputChannels, filters]</c> row-major.
/// The input must be rank 3: <c>(height, width, channels)</c>.
/// </summary>
/// <example><code>
/// [Sequential(28, 28, 1)]
/// [Conv2D(16, 3, Activation = Act.Relu)]
/// [Conv2D(32, 5, 3, Strides = 2, Padding = "same")]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : KernelLayerAttribute
{
    /// <summary>A convolution with <paramref name="filters"/> output channels and a square <paramref name="kernelSize"/>² kernel.</summary>
    public Conv2DAttribute(int filters, int kernelSize)
        : this(filters, kernelSize, kernelSize)
    {
    }

    /// <summary>A convolution with <paramref name="filters"/> output channels and a <paramref name="kernelHeight"/>×<paramref name="kernelWidth"/> kernel.</summary>
    public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Output channels; must be positive.</summary>
    public int Filters { get; }

    /// <summary>Kernel rows.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel columns.</summary>
    public int KernelWidth { get; }

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

    /// <summary>
    /// Keras <c>groups</c>: the input channels and the filters split into this many groups, filter <c>f</c> reading only
    /// the channels of group <c>f / (filters/groups)</c>; the kernel is then <c>kernel[kh, kw, in/groups, filters]</c>. Both
    /// the filters and the input channels must be divisible by it. Default 1 (an ordinary convolution).
    /// </summary>
    public int Groups { get; set; } = 1;

    /// <summary>Activation name (see <see cref="Act"/>); <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the layer adds a bias per filter. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>Kernel initializer, default <c>"glorot_uniform"</c> with fan_in = kh·kw·in, fan_out = kh·kw·filters.</summary>
    public string? KernelInitializer { get; set; }

    /// <summary>Bias initializer, default <c>"zeros"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Layer name; Keras' default is <c>conv2d</c>, <c>conv2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
