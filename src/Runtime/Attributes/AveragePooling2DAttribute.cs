using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>AveragePooling2D(pool_size=2, strides=None, padding="valid")</c> on NHWC images: each output cell is the mean
/// of a <c>poolHeight×poolWidth</c> window, per channel. With "same" padding only the real cells of a window are averaged. The input must be rank 3: <c>(height, width, channels)</c>.
/// </summary>
/// <example><code>
/// [Conv2D(16, 3, Activation = Act.Relu)]
/// [AveragePooling2D(2)]
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling2DAttribute : LayerAttribute
{
    /// <summary>Pools square <paramref name="poolSize"/>² windows (default 2×2).</summary>
    public AveragePooling2DAttribute(int poolSize = LayerArgumentDefaults.PoolSize)
        : this(poolSize, poolSize)
    {
    }

    /// <summary>Pools <paramref name="poolHeight"/>×<paramref name="poolWidth"/> windows.</summary>
    public AveragePooling2DAttribute(int poolHeight, int poolWidth)
    {
        PoolHeight = poolHeight;
        PoolWidth = poolWidth;
    }

    /// <summary>Window rows.</summary>
    public int PoolHeight { get; }

    /// <summary>Window columns.</summary>
    public int PoolWidth { get; }

    /// <summary>
    /// Step between windows: an int for both axes (<c>Strides = 2</c>) or one per axis, height then width
    /// (<c>Strides = new[] { 2, 1 }</c>, Keras <c>strides=(2, 1)</c>). Not set: the pool size, as Keras' <c>strides=None</c>.
    /// Typed <see cref="object"/> so that both spellings compile; anything else is GN0013.
    /// </summary>
    public object? Strides { get; set; }

    /// <summary><c>"valid"</c> (default: leftover rows and columns are dropped) or <c>"same"</c> (output ⌈n/s⌉).</summary>
    public string Padding { get; set; } = LayerArgumentDefaults.Padding;

    /// <summary>Layer name; Keras' default is <c>average_pooling2d</c>, <c>average_pooling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
