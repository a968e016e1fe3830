using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras' <c>strides</c> of the 2-D convolutions: an int for both axes (<c>Strides = 2</c>) or one per axis
/// (<c>Strides = new[] { 2, 1 }</c>: height, then width). Read here once for Conv2D, DepthwiseConv2D, SeparableConv2D and
/// Conv2DTranspose, whose attributes type the argument as <c>object</c> so that both spellings compile.
/// </summary>
internal static class AxisStrides
{
    /// <summary>
    /// The written strides: <c>(s, s)</c> for an int, the pair for a two-element int array, <paramref name="fallback"/> when
    /// not written; <c>Valid</c> is false for anything else (another length, another type), reported by <see cref="Resolve"/>.
    /// </summary>
    public static (int Height, int Width, bool Valid) Read(AttributeReader attribute, int fallback)
    {
        if (attribute.Ints(LayerArgumentNames.Strides) is { } pair)
            return pair.Length == 2 ? (pair[0], pair[1], true) : (fallback, fallback, false);
        if (!attribute.Has(LayerArgumentNames.Strides)) return (fallback, fallback, true);
        const int missing = int.MinValue;
        int value = attribute.Int(LayerArgumentNames.Strides, missing);
        return value == missing ? (fallback, fallback, false) : (value, value, true);
    }

    /// <summary>GN0013 for a malformed or non-positive stride; returns positive strides so that inference can go on.</summary>
    public static (int Height, int Width) Resolve(InferContext context, LayerIdentity identity, string typeName, int height, int width, bool valid)
    {
        if (!valid)
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "Strides"), identity.Describe(typeName),
                "strides must be an int or two ints (height, width)", "strides of another form", "Write e.g. Strides = 2 or Strides = new[] { 2, 1 }");
            return (1, 1);
        }
        int h = Window.Positive(context, identity, typeName, "Strides", "strides", height, "Strides = 2");
        int w = width == height ? h : Window.Positive(context, identity, typeName, "Strides", "strides", width, "Strides = new[] { 2, 1 }");
        return (h, w);
    }

    /// <summary>Keras' spelling in descriptions: <c>strides=2</c>, <c>strides=(2, 1)</c>; empty when both are 1.</summary>
    public static string Describe(int height, int width) => height == 1 && width == 1 ? "" : $"strides={Window.Pair(height, width)}";
}
