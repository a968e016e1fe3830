using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Conv1D(filters, kernel_size, strides=1, padding="valid", dilation_rate=1, activation=None, use_bias=True,
/// kernel_initializer="glorot_uniform", bias_initializer="zeros")</c> on sequences <c>(steps, channels)</c>:
/// <c>y[t, f] = activation(bias[f] + Σ_{a, c} x_pad[t·s + a·d, c] · kernel[a, c, f])</c> (cross-correlation), with the
/// kernel <c>kernel[kernelSize, inputChannels, filters]</c> row-major, as Keras stores it. The input must be rank 2.
/// </summary>
/// <example><code>
/// [Sequential(100, 8)]
/// [Conv1D(16, 3, Padding = "causal", DilationRate = 2, Activation = Act.Relu)]
/// [GlobalAveragePooling1D]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute : KernelLayerAttribute
{
    /// <summary>A convolution with <paramref name="filters"/> output channels and a kernel of <paramref name="kernelSize"/> steps.</summary>
    public Conv1DAttribute(int filters, int kernelSize)
    {
        Filters = filters;
        KernelSize = kernelSize;
    }

    /// <summary>Output channels; must be positive.</summary>
    public int Filters { get; }

    /// <summary>Kernel length in steps; must be positive.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows. Default 1; must be 1 with <c>Padding = "causal"</c> (Keras refuses otherwise).</summary>
    public int Strides { get; set; } = LayerArgumentDefaults.ConvolutionStrides;

    /// <summary>
    /// <c>"valid"</c> (default: no padding, output ⌊(n − k_e)/s⌋ + 1 steps), <c>"same"</c> (zero padding, output ⌈n/s⌉, the
    /// odd extra step after) or <c>"causal"</c> (<c>(k − 1)·d</c> zeros before the first step only, so output step t sees
    /// input steps ≤ t; output length n).
    /// </summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>Spacing of kernel taps; the effective kernel is <c>(k − 1)·d + 1</c>. Default 1. Not with <see cref="Strides"/> &gt; 1.</summary>
    public int DilationRate { get; set; } = LayerArgumentDefaults.DilationRate;

    /// <summary>
    /// Keras <c>groups</c>: the input channels and the filters split into this many groups, filter <c>f</c> reading only
    /// the channels of group <c>f / (filters/groups)</c>; the kernel is then <c>kernel[k, in/groups, filters]</c>. Both the
    /// filters and the input channels must be divisible by it. Default 1 (an ordinary convolution).
    /// </summary>
    public int Groups { get; set; } = 1;

    /// <summary>Activation name (see <see cref="Act"/>); <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the layer adds a bias per filter. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>Kernel initializer, default <c>"glorot_uniform"</c> with fan_in = k·in, fan_out = k·filters.</summary>
    public string? KernelInitializer { get; set; }

    /// <summary>Bias initializer, default <c>"zeros"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Layer name; Keras' default is <c>conv1d</c>, <c>conv1d_1</c>, ….</summary>
    public string? Name { get; set; }
}
