using GenNet.Generator.Diagnostics;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras' per-axis window arguments of the 2-D layers (<c>strides</c>, <c>dilation_rate</c>, <c>output_padding</c>): an
/// int for both axes (<c>Strides = 2</c>) or one per axis (<c>Strides = new[] { 2, 1 }</c>: height, then width). Read
/// here once for every layer whose attribute types the argument as <c>object</c> so that both spellings compile.
/// </summary>
internal static class AxisPair
{
    /// <summary>
    /// The written value of <paramref name="argument"/>: <c>(v, v)</c> for an int, the pair for a two-element int array,
    /// <paramref name="fallback"/> when not written; <c>Valid</c> is false for anything else (another length, another
    /// type), reported by <see cref="Resolve"/>.
    /// </summary>
    public static (int Height, int Width, bool Valid) Read(AttributeReader attribute, string argument, int fallback)
    {
        if (attribute.Ints(argument) is { } pair)
            return pair.Length == 2 ? (pair[0], pair[1], true) : (fallback, fallback, false);
        if (!attribute.Has(argument)) return (fallback, fallback, true);
        const int missing = int.MinValue;
        int value = attribute.Int(argument, missing);
        return value == missing ? (fallback, fallback, false) : (value, value, true);
    }

    /// <summary><see cref="Read"/> for <c>Strides</c>.</summary>
    public static (int Height, int Width, bool Valid) ReadStrides(AttributeReader attribute, int fallback) =>
        Read(attribute, LayerArgumentNames.Strides, fallback);

    /// <summary>
    /// GN0013 for a malformed value of <paramref name="argument"/> (Keras' <paramref name="kerasName"/>), or a non-positive
    /// one; returns positive values so that inference can go on.
    /// </summary>
    public static (int Height, int Width) Resolve(InferContext context, LayerIdentity identity, string typeName,
        string argument, string kerasName, int height, int width, bool valid)
    {
        if (!valid)
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, argument), identity.Describe(typeName),
                $"{kerasName} must be an int or two ints (height, width)", $"{kerasName} of another form",
                $"Write e.g. {argument} = 2 or {argument} = new[] {{ 2, 1 }}");
            return (1, 1);
        }
        int h = Window.Positive(context, identity, typeName, argument, kerasName, height, $"{argument} = 2");
        int w = width == height ? h : Window.Positive(context, identity, typeName, argument, kerasName, width, $"{argument} = new[] {{ 2, 1 }}");
        return (h, w);
    }

    /// <summary><see cref="Resolve"/> for <c>Strides</c>.</summary>
    public static (int Height, int Width) ResolveStrides(InferContext context, LayerIdentity identity, string typeName, int height, int width, bool valid) =>
        Resolve(context, identity, typeName, LayerArgumentNames.Strides, "strides", height, width, valid);

    /// <summary><see cref="Resolve"/> for <c>DilationRate</c>.</summary>
    public static (int Height, int Width) ResolveDilation(InferContext context, LayerIdentity identity, string typeName, int height, int width, bool valid) =>
        Resolve(context, identity, typeName, LayerArgumentNames.DilationRate, "dilation_rate", height, width, valid);

    /// <summary>Keras' spelling in descriptions: <c>strides=2</c>, <c>strides=(2, 1)</c>; empty when both are 1.</summary>
    public static string Describe(int height, int width) => Describe("strides", height, width);

    /// <summary>Keras' spelling of <paramref name="kerasName"/> in descriptions (<c>dilation_rate=(2, 1)</c>); empty when both are 1.</summary>
    public static string Describe(string kerasName, int height, int width) =>
        height == 1 && width == 1 ? "" : $"{kerasName}={Window.Pair(height, width)}";
}
