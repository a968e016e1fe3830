using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>ZeroPadding1D(padding=1)</c> on sequences: steps of zeros before the first and after the last step,
/// <c>(steps, features) → (left + steps + right, features)</c>. No weights.
/// </summary>
/// <example><code>
/// [ZeroPadding1D]          // 1 step of zeros at each end
/// [ZeroPadding1D(2)]       // 2 at each end
/// [ZeroPadding1D(1, 2)]    // 1 before, 2 after (Keras padding=(1, 2))
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ZeroPadding1DAttribute : LayerAttribute
{
    /// <summary><paramref name="padding"/> steps of zeros at each end (Keras <c>padding=p</c>); default 1.</summary>
    public ZeroPadding1DAttribute(int padding = LayerArgumentDefaults.ZeroPadding)
        : this(padding, padding)
    {
    }

    /// <summary><paramref name="left"/> steps of zeros before the sequence, <paramref name="right"/> after (Keras <c>padding=(left, right)</c>).</summary>
    public ZeroPadding1DAttribute(int left, int right)
    {
        Left = left;
        Right = right;
    }

    /// <summary>Steps of zeros before the first step.</summary>
    public int Left { get; }

    /// <summary>Steps of zeros after the last step.</summary>
    public int Right { get; }

    /// <summary>Layer name; Keras' default is <c>zero_padding1d</c>, <c>zero_padding1d_1</c>, ….</summary>
    public string? Name { get; set; }
}
