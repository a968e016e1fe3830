using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>ZeroPadding2D(padding=(1, 1))</c> on NHWC images: rows of zeros above and below, columns left and right,
/// <c>(h, w, c) → (top + h + bottom, left + w + right, c)</c>. No weights.
/// </summary>
/// <example><code>
/// [ZeroPadding2D]               // 1 on every side
/// [ZeroPadding2D(2, 1)]         // 2 rows above and below, 1 column left and right
/// [ZeroPadding2D(1, 2, 0, 3)]   // top, bottom, left, right
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ZeroPadding2DAttribute : LayerAttribute
{
    /// <summary><paramref name="padding"/> rows and columns of zeros on every side (Keras <c>padding=p</c>); default 1.</summary>
    public ZeroPadding2DAttribute(int padding = LayerArgumentDefaults.ZeroPadding)
        : this(padding, padding, padding, padding)
    {
    }

    /// <summary><paramref name="height"/> rows above and below, <paramref name="width"/> columns left and right (Keras <c>padding=(h, w)</c>).</summary>
    public ZeroPadding2DAttribute(int height, int width)
        : this(height, height, width, width)
    {
    }

    /// <summary>Each side on its own (Keras <c>padding=((top, bottom), (left, right))</c>).</summary>
    public ZeroPadding2DAttribute(int top, int bottom, int left, int right)
    {
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    /// <summary>Rows of zeros above the image.</summary>
    public int Top { get; }

    /// <summary>Rows of zeros below the image.</summary>
    public int Bottom { get; }

    /// <summary>Columns of zeros left of the image.</summary>
    public int Left { get; }

    /// <summary>Columns of zeros right of the image.</summary>
    public int Right { get; }

    /// <summary>Layer name; Keras' default is <c>zero_padding2d</c>, <c>zero_padding2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
