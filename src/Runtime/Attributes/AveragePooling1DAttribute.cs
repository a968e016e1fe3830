using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>AveragePooling1D(pool_size=2, strides=None, padding="valid")</c> on sequences <c>(steps, channels)</c>: each output step is the mean of a <c>poolSize</c>-step window, per channel, over the real steps it covers (with <c>"same"</c> padding the zeros are not counted).
/// The input must be rank 2.
/// </summary>
/// <example><code>
/// [Conv1D(16, 3, Activation = Act.Relu)]
/// [AveragePooling1D(2)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling1DAttribute : LayerAttribute
{
    /// <summary>Pools windows of <paramref name="poolSize"/> steps (default 2).</summary>
    public AveragePooling1DAttribute(int poolSize = LayerArgumentDefaults.PoolSize)
    {
        PoolSize = poolSize;
    }

    /// <summary>Window length in steps.</summary>
    public int PoolSize { get; }

    /// <summary>Step between windows. Not set (0): the pool size, as Keras' <c>strides=None</c>.</summary>
    public int Strides { get; set; }

    /// <summary><c>"valid"</c> (default: leftover steps are dropped) or <c>"same"</c> (output ⌈n/s⌉).</summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>Layer name; Keras' default is <c>average_pooling1d</c>, <c>average_pooling1d_1</c>, ….</summary>
    public string? Name { get; set; }
}
