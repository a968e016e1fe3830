namespace GenNet;

/// <summary>
/// Keras <c>Cropping2D(cropping=((0, 0), (0, 0)))</c> on NHWC images: removes rows at the top and bottom and columns at
/// the left and right, <c>(h, w, c) → (h − top − bottom, w − left − right, c)</c>. No weights.
/// </summary>
/// <example><code>
/// [Cropping2D(2)]               // 2 on every side
/// [Cropping2D(2, 1)]            // 2 rows at top and bottom, 1 column at left and right
/// [Cropping2D(1, 2, 0, 3)]      // top, bottom, left, right
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Cropping2DAttribute : LayerAttribute
{
    /// <summary><paramref name="cropping"/> rows and columns off every side (Keras <c>cropping=c</c>); default 0.</summary>
    public Cropping2DAttribute(int cropping = 0)
        : this(cropping, cropping, cropping, cropping)
    {
    }

    /// <summary><paramref name="height"/> rows off the top and bottom, <paramref name="width"/> columns off the left and right.</summary>
    public Cropping2DAttribute(int height, int width)
        : this(height, height, width, width)
    {
    }

    /// <summary>Each side on its own (Keras <c>cropping=((top, bottom), (left, right))</c>).</summary>
    public Cropping2DAttribute(int top, int bottom, int left, int right)
    {
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    /// <summary>Rows removed at the top.</summary>
    public int Top { get; }

    /// <summary>Rows removed at the bottom.</summary>
    public int Bottom { get; }

    /// <summary>Columns removed at the left.</summary>
    public int Left { get; }

    /// <summary>Columns removed at the right.</summary>
    public int Right { get; }

    /// <summary>Layer name; Keras' default is <c>cropping2d</c>, <c>cropping2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
