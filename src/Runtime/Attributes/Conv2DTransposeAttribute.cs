using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Conv2DTranspose(filters, kernel_size, strides=1, padding="valid", output_padding=None, dilation_rate=1,
/// activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")</c> on NHWC images
/// (a "deconvolution", the input gradient of a convolution run forwards): every input pixel adds its channels, through
/// the kernel, onto a window of the output,
/// <c>y[i·s − p + a, j·s − p + b, f] += Σ_c x[i, j, c] · kernel[a, b, f, c]</c>, then <c>y = activation(y + bias[f])</c>,
/// with the kernel in Keras' layout <c>kernel[kernelHeight, kernelWidth, filters, inputChannels]</c>.
/// Output size per axis (Keras' rule): "valid" <c>n·s + max(k − s, 0)</c>, "same" <c>n·s</c>; with an
/// <see cref="OutputPadding"/> <c>op</c>, "valid" <c>(n − 1)·s + k + op</c> and "same" <c>(n − 1)·s + k mod 2 + op</c>.
/// The input must be rank 3: <c>(height, width, channels)</c>.
/// </summary>
/// <example><code>
/// [Sequential(7, 7, 32)]
/// [Conv2DTranspose(32, 3, Strides = 2, Padding = "same", Activation = Act.Relu)]   // (14, 14, 32)
/// [Conv2DTranspose(1, 3, 2, Strides = 2, OutputPadding = 1)]                      // (30, 29, 1)
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DTransposeAttribute : KernelLayerAttribute
{
    /// <summary>A transposed convolution with <paramref name="filters"/> output channels and a square <paramref name="kernelSize"/>² kernel.</summary>
    public Conv2DTransposeAttribute(int filters, int kernelSize)
        : this(filters, kernelSize, kernelSize)
    {
    }

    /// <summary>A transposed convolution with <paramref name="filters"/> output channels and a <paramref name="kernelHeight"/>×<paramref name="kernelWidth"/> kernel.</summary>
    public Conv2DTransposeAttribute(int filters, int kernelHeight, int kernelWidth)
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
    /// Step between the windows input pixels write (the upsampling factor): an int for both axes (<c>Strides = 2</c>, Keras <c>strides=(2, 2)</c>) or one per axis, height then width
    /// (<c>Strides = new[] { 2, 1 }</c>, Keras <c>strides=(2, 1)</c>). Default 1. Typed <see cref="object"/> so that both
    /// spellings compile; anything else is GN0013.
    /// </summary>
    public object Strides { get; set; } = LayerArgumentDefaults.ConvolutionStrides;

    /// <summary><c>"valid"</c> (default: output <c>n·s + max(k − s, 0)</c>) or <c>"same"</c> (output <c>n·s</c>, the full result cropped evenly, the odd row/column off the bottom/right).</summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>
    /// Extra rows and columns at the bottom/right of the output (Keras <c>output_padding</c>): an int for both axes or one
    /// per axis, height then width (<c>OutputPadding = new[] { 1, 0 }</c>); each must be smaller than its axis' stride
    /// (GN0280). The default −1 is Keras' None (the output size follows from <see cref="Padding"/> alone).
    /// </summary>
    public object OutputPadding { get; set; } = -1;

    /// <summary>
    /// Spacing of the kernel's taps: an int for both axes (<c>DilationRate = 2</c>) or one per axis, height then width
    /// (<c>DilationRate = new[] { 2, 1 }</c>, Keras <c>dilation_rate=(2, 1)</c>); the effective kernel is <c>(k − 1)·d + 1</c>.
    /// Default 1. Typed <see cref="object"/> like <see cref="Strides"/>.
    /// </summary>
    public object DilationRate { get; set; } = LayerArgumentDefaults.DilationRate;

    /// <summary>Activation name (see <see cref="Act"/>); <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the layer adds a bias per filter. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>
    /// Kernel initializer, default <c>"glorot_uniform"</c> with Keras' fans of the shape <c>(kh, kw, filters, in)</c>:
    /// fan_in = kh·kw·filters, fan_out = kh·kw·in.
    /// </summary>
    public string? KernelInitializer { get; set; }

    /// <summary>Bias initializer, default <c>"zeros"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Layer name; Keras' default is <c>conv2d_transpose</c>, <c>conv2d_transpose_1</c>, ….</summary>
    public string? Name { get; set; }
}
