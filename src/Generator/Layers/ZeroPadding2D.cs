using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// The four borders of <c>ZeroPadding2D</c> and <c>Cropping2D</c> as written: <c>(p)</c>, <c>(height, width)</c> or
/// <c>(top, bottom, left, right)</c>, with the constructor parameter each came from (for squiggles).
/// </summary>
internal sealed record ImageBorders(int Top, int Bottom, int Left, int Right, string TopArgument, string BottomArgument, string LeftArgument, string RightArgument)
{
    /// <summary>Reads the attribute's constructor: one, two or four ints (<paramref name="single"/> names the one-int form's parameter).</summary>
    public static ImageBorders Read(AttributeReader attribute, string single, int fallback) => attribute.ConstructorArity switch
    {
        4 => new(attribute.Int(0), attribute.Int(1), attribute.Int(2), attribute.Int(3), "top", "bottom", "left", "right"),
        2 => new(attribute.Int(0), attribute.Int(0), attribute.Int(1), attribute.Int(1), "height", "height", "width", "width"),
        _ => new(attribute.Int(0, fallback), attribute.Int(0, fallback), attribute.Int(0, fallback), attribute.Int(0, fallback), single, single, single, single),
    };

    /// <summary>GN0260 for each negative side (once per argument); returns whether all are at least 0.</summary>
    public bool CheckNonNegative(InferContext context, LayerIdentity identity, string typeName, string kerasName, string example)
    {
        var reported = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var (value, argument) in new[] { (Top, TopArgument), (Bottom, BottomArgument), (Left, LeftArgument), (Right, RightArgument) })
        {
            if (value >= 0 || !reported.Add(argument)) continue;
            context.Report(Descriptors.NegativePaddingOrCropping, Site.ForLayer(identity.Index, argument), identity.Describe(typeName),
                kerasName, $"{argument}={Text.Int(value)}", example);
        }
        return reported.Count == 0;
    }

    /// <summary>Keras' spelling: <c>((1, 1), (2, 2))</c>.</summary>
    public string Keras => $"(({Text.Int(Top)}, {Text.Int(Bottom)}), ({Text.Int(Left)}, {Text.Int(Right)}))";

    /// <summary>Config text: <c>1,1,2,2</c> (top, bottom, left, right).</summary>
    public string ConfigText => $"{Text.Int(Top)},{Text.Int(Bottom)},{Text.Int(Left)},{Text.Int(Right)}";
}

/// <summary>
/// Keras <c>ZeroPadding2D(padding=(1, 1))</c> on NHWC images: <c>(h, w, c) → (top + h + bottom, left + w + right, c)</c>,
/// zeros around. A negative side is GN0260. Forward and backward change together, and with <c>GenNet.Kernels.ZeroPadding2DKernel</c>.
/// </summary>
internal sealed record ZeroPadding2DDeclaration(ImageBorders Padding, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[ZeroPadding2D] is Keras' ZeroPadding2D.</summary>
    public static readonly LayerKind Kind = new("ZeroPadding2D", "ZeroPadding2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "zero_padding2d";

    /// <summary><c>[ZeroPadding2D]</c>, <c>[ZeroPadding2D(p)]</c>, <c>[ZeroPadding2D(h, w)]</c>, <c>[ZeroPadding2D(top, bottom, left, right)]</c>.</summary>
    public static ZeroPadding2DDeclaration Parse(AttributeReader attribute) => new(
        ImageBorders.Read(attribute, "padding", LayerArgumentDefaults.ZeroPadding), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        bool valid = Padding.CheckNonNegative(context, identity, TypeName, "padding", "[ZeroPadding2D(1, 1, 0, 0)]");
        if (!Window.RequireImage(context, identity, TypeName, x) || !valid) return new FailedLayerSpec(identity, input, TypeName);
        var p = Padding;
        int[] shape = { p.Top + x.Shape[0] + p.Bottom, p.Left + x.Shape[1] + p.Right, x.Shape[2] };
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", shape);
        return new ZeroPadding2DSpec(identity, input, output, x.Shape[0], x.Shape[1], x.Shape[2], p);
    }
}

/// <summary>An inferred ZeroPadding2D (or, with <see cref="Crops"/>, a Cropping2D): the input's size and the four borders.</summary>
/// <param name="Crops">Cropping2D: the borders are removed from the input (whose size this is) instead of added to it.</param>
internal sealed record ZeroPadding2DSpec(LayerIdentity Identity, int Input, int Output, int Height, int Width, int Channels, ImageBorders Borders, bool Crops = false)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => Crops ? "Cropping2D" : "ZeroPadding2D";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry(Crops ? "cropping" : "padding", Borders.ConfigText) };

    public override string Description => $"{TypeName}({Borders.Keras})";

    public override string? FinalActivation => "linear";

    private string Kernel => Crops ? "Cropping2DKernel" : "ZeroPadding2DKernel";

    private string Sizes =>
        $"batch, {Text.Int(Height)}, {Text.Int(Width)}, {Text.Int(Channels)}, " +
        $"{Text.Int(Borders.Top)}, {Text.Int(Borders.Bottom)}, {Text.Int(Borders.Left)}, {Text.Int(Borders.Right)}";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}{Kernel}.Forward({x}, {y}, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}{Kernel}.Backward({dy}, {dx}, {Sizes});");
    }

    /// <summary>
    /// ZeroPadding2D: Pad (constant 0) with the borders on H and W; Cropping2D: Slice of H and W. Either works in the input's
    /// layout (H, W are axes 1, 2 of NHWC and 2, 3 of NCHW), so no transpose is written.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        bool nchw = context.IsNchw(Input);
        string x = context.Current(Input);
        var b = Borders;
        string y;
        if (!Crops)
        {
            int[] pads = nchw ? new[] { 0, 0, b.Top, b.Left, 0, 0, b.Bottom, b.Right } : new[] { 0, b.Top, b.Left, 0, 0, b.Bottom, b.Right, 0 };
            y = context.Node("Pad", Name, new[] { x, OnnxContext.Int64s($"{Name}_pads", pads) });
        }
        else
        {
            int[] axes = nchw ? new[] { 2, 3 } : new[] { 1, 2 };
            y = context.Node("Slice", Name, new[]
            {
                x, OnnxContext.Int64s($"{Name}_starts", new[] { b.Top, b.Left }),
                OnnxContext.Int64s($"{Name}_ends", new[] { Height - b.Bottom, Width - b.Right }), OnnxContext.Int64s($"{Name}_axes", axes),
            });
        }
        context.Set(Output, y, nchw);
    }
}

/// <summary>
/// Keras <c>Cropping2D(cropping=((0, 0), (0, 0)))</c> on NHWC images: <c>(h, w, c) → (h − top − bottom, w − left − right, c)</c>.
/// A negative side is GN0260; cropping every row or column is GN0261. Shares <see cref="ZeroPadding2DSpec"/> (the two
/// layers are each other's gradient) and <c>GenNet.Kernels.Cropping2DKernel</c>.
/// </summary>
internal sealed record Cropping2DDeclaration(ImageBorders Cropping, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Cropping2D] is Keras' Cropping2D.</summary>
    public static readonly LayerKind Kind = new("Cropping2D", "Cropping2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "cropping2d";

    /// <summary><c>[Cropping2D(c)]</c>, <c>[Cropping2D(h, w)]</c>, <c>[Cropping2D(top, bottom, left, right)]</c>.</summary>
    public static Cropping2DDeclaration Parse(AttributeReader attribute) => new(
        ImageBorders.Read(attribute, "cropping", 0), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        bool valid = Cropping.CheckNonNegative(context, identity, TypeName, "cropping", "[Cropping2D(1, 1, 0, 0)]");
        if (!Window.RequireImage(context, identity, TypeName, x) || !valid) return new FailedLayerSpec(identity, input, TypeName);
        var c = Cropping;
        int height = x.Shape[0] - c.Top - c.Bottom, width = x.Shape[1] - c.Left - c.Right;
        if (height <= 0 || width <= 0)
        {
            bool rows = height <= 0;
            string argument = rows ? c.TopArgument : c.LeftArgument;
            string example = rows
                ? $"[Cropping2D({Text.Int((x.Shape[0] - 1) / 2)}, {Text.Int(System.Math.Max(0, System.Math.Min(c.Left, (x.Shape[1] - 1) / 2)))})]"
                : $"[Cropping2D({Text.Int(System.Math.Max(0, System.Math.Min(c.Top, (x.Shape[0] - 1) / 2)))}, {Text.Int((x.Shape[1] - 1) / 2)})]";
            context.ReportShape(Descriptors.CroppingExceedsInput, Site.ForLayer(identity.Index, argument), identity.Describe(TypeName),
                c.Keras, rows ? "row" : "column", Text.Shape(x.Shape), example);
            return new FailedLayerSpec(identity, input, TypeName);
        }
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { height, width, x.Shape[2] });
        return new ZeroPadding2DSpec(identity, input, output, x.Shape[0], x.Shape[1], x.Shape[2], c, Crops: true);
    }
}
