using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros")</c>:
/// <c>y = activation(x · kernel + bias)</c> with <c>kernel[inputs, units]</c> row-major.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : KernelLayerAttribute
{
    /// <summary>A fully connected layer with <paramref name="units"/> outputs.</summary>
    public DenseAttribute(int units) => Units = units;

    /// <summary>Number of outputs; must be positive.</summary>
    public int Units { get; }

    /// <summary>Activation name (see <see cref="Act"/>); <c>null</c> or <c>"linear"</c> for none.</summary>
    public string? Activation { get; set; }

    /// <summary>Whether the layer adds a bias vector. Default <c>true</c>.</summary>
    public bool UseBias { get; set; } = LayerArgumentDefaults.UseBias;

    /// <summary>Kernel initializer, e.g. <c>"glorot_uniform"</c> (default), <c>"he_normal"</c>, <c>"random_uniform(-0.1, 0.1)"</c>.</summary>
    public string? KernelInitializer { get; set; }

    /// <summary>Bias initializer, e.g. <c>"zeros"</c> (default), <c>"ones"</c>, <c>"constant(0.1)"</c>.</summary>
    public string? BiasInitializer { get; set; }

    /// <summary>Layer name; Keras' default is <c>dense</c>, <c>dense_1</c>, ….</summary>
    public string? Name { get; set; }
}
