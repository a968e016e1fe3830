using GenNet.Shared;

namespace GenNet;

/// <summary>
/// Keras <c>UpSampling2D(size=(2, 2), interpolation="nearest")</c> on NHWC images: <c>(h, w, c) → (h·sh, w·sw, c)</c>, each
/// pixel repeated (<c>"nearest"</c>) or bilinearly interpolated with half-pixel centres (<c>"bilinear"</c>, as Keras' resize
/// and PyTorch's <c>interpolate(mode="bilinear", align_corners=False)</c>). No weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class UpSampling2DAttribute : LayerAttribute
{
    /// <summary>Both axes scaled by <paramref name="size"/> (Keras <c>size=s</c>); default 2.</summary>
    public UpSampling2DAttribute(int size = LayerArgumentDefaults.UpSamplingSize)
        : this(size, size)
    {
    }

    /// <summary>Rows scaled by <paramref name="height"/>, columns by <paramref name="width"/> (Keras <c>size=(h, w)</c>).</summary>
    public UpSampling2DAttribute(int height, int width)
    {
        SizeHeight = height;
        SizeWidth = width;
    }

    /// <summary>The factor along the rows.</summary>
    public int SizeHeight { get; }

    /// <summary>The factor along the columns.</summary>
    public int SizeWidth { get; }

    /// <summary><c>"nearest"</c> (default) or <c>"bilinear"</c>.</summary>
    public string Interpolation { get; set; } = LayerArgumentDefaults.Interpolation;

    /// <summary>Layer name; Keras' default is <c>up_sampling2d</c>, <c>up_sampling2d_1</c>, ….</summary>
    public string? Name { get; set; }
}
