using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>UpSampling2D(size=(2, 2), interpolation="nearest")</c> on NHWC images: <c>(h, w, c) → (h·sh, w·sw, c)</c>.
/// <c>"nearest"</c> repeats pixels; <c>"bilinear"</c> is Keras' resize with half-pixel centres. A size below 1 is GN0013,
/// another interpolation GN0262. Forward and backward change together, and with <c>GenNet.Kernels.UpSampling2DKernel</c>.
/// </summary>
internal sealed record UpSampling2DDeclaration(int SizeHeight, int SizeWidth, string SizeArgument, string? Interpolation, string? Name)
    : LayerDeclaration(Name)
{
    /// <summary>[UpSampling2D] is Keras' UpSampling2D.</summary>
    public static readonly LayerKind Kind = new("UpSampling2D", "UpSampling2D", Parse);

    public const string Nearest = "nearest";

    public const string Bilinear = "bilinear";

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "up_sampling2d";

    /// <summary><c>[UpSampling2D]</c>, <c>[UpSampling2D(s)]</c>, <c>[UpSampling2D(h, w)]</c>, <c>Interpolation = …</c>, <c>Name = …</c>.</summary>
    public static UpSampling2DDeclaration Parse(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity < 2;
        int height = attribute.Int(0, LayerArgumentDefaults.UpSamplingSize);
        return new(height, square ? height : attribute.Int(1), square ? "size" : "height",
            attribute.String(LayerArgumentNames.Interpolation), attribute.String(LayerArgumentNames.Name));
    }

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int sh = Window.Positive(context, identity, TypeName, SizeArgument, "size", SizeHeight, "[UpSampling2D(2)]");
        int sw = SizeWidth == SizeHeight ? sh : Window.Positive(context, identity, TypeName, "width", "size", SizeWidth, "[UpSampling2D(2, 2)]");
        string interpolation = Interpolation ?? Nearest;
        if (interpolation != Nearest && interpolation != Bilinear)
        {
            context.Report(Descriptors.UnknownInterpolation, Site.ForLayer(identity.Index, LayerArgumentNames.Interpolation), identity.Describe(TypeName),
                interpolation);
            interpolation = Nearest;
        }
        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        int[] shape = { x.Shape[0] * sh, x.Shape[1] * sw, x.Shape[2] };
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", shape);
        return new UpSampling2DSpec(identity, input, output, x.Shape[0], x.Shape[1], x.Shape[2], sh, sw, interpolation == Bilinear);
    }
}

/// <summary>An inferred UpSampling2D.</summary>
internal sealed record UpSampling2DSpec(LayerIdentity Identity, int Input, int Output, int Height, int Width, int Channels, int SizeHeight, int SizeWidth, bool IsBilinear)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "UpSampling2D";

    private string InterpolationName => IsBilinear ? UpSampling2DDeclaration.Bilinear : UpSampling2DDeclaration.Nearest;

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("size", PairText(SizeHeight, SizeWidth)), Entry("interpolation", InterpolationName),
    };

    public override string Description =>
        $"UpSampling2D({Window.Pair(SizeHeight, SizeWidth)}{(IsBilinear ? ", interpolation=bilinear" : "")})";

    public override string? FinalActivation => "linear";

    private string Variant => IsBilinear ? "Bilinear" : "Nearest";

    private string Sizes => $"batch, {Text.Int(Height)}, {Text.Int(Width)}, {Text.Int(Channels)}, {Text.Int(SizeHeight)}, {Text.Int(SizeWidth)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}UpSampling2DKernel.Forward{Variant}({x}, {y}, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}UpSampling2DKernel.Backward{Variant}({dy}, {dx}, {Sizes});");
    }

    /// <summary>
    /// Resize on NCHW with scales <c>[1, 1, sh, sw]</c>: nearest as <c>asymmetric</c> + <c>floor</c> (source ⌊i/s⌋), bilinear
    /// as <c>linear</c> + <c>half_pixel</c> (source (i + ½)/s − ½, clamped at the edges).
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        string scales = OnnxContext.Floats($"{Name}_scales", 1, 1, SizeHeight, SizeWidth);
        string[] attributes = IsBilinear
            ? new[] { OnnxContext.String("mode", "linear"), OnnxContext.String("coordinate_transformation_mode", "half_pixel") }
            : new[]
            {
                OnnxContext.String("mode", "nearest"), OnnxContext.String("coordinate_transformation_mode", "asymmetric"),
                OnnxContext.String("nearest_mode", "floor"),
            };
        context.SetNchw(Output, context.Node("Resize", Name, new[] { context.Nchw(Input), "\"\"", scales }, attributes));
    }
}
