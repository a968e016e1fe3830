using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// What MaxPooling2D and AveragePooling2D share: <c>pool_size</c>, <c>strides</c> (default: the pool size),
/// <c>padding</c>, validation and the shape rule. Each kind's file adds its name and its kernel calls.
/// </summary>
internal abstract record Pooling2DDeclaration(
    int PoolHeight,
    int PoolWidth,
    string PoolArgument,
    int? Strides,
    string? Padding,
    string? Name) : LayerDeclaration(Name)
{
    /// <summary>The width stride when it differs from <see cref="Strides"/> (the height's); -1 when the same or not written.</summary>
    public int StridesWidth { get; init; } = -1;

    /// <summary>False when <c>Strides</c> was written but is neither an int nor two ints (GN0013).</summary>
    public bool StridesValid { get; init; } = true;

    /// <summary>Reads <c>(poolSize)</c> or <c>(poolHeight, poolWidth)</c>, <c>Strides</c> (an int or two), <c>Padding</c>, <c>Name</c>.</summary>
    protected static (int Height, int Width, string Argument, int? Strides, int StridesWidth, bool StridesValid, string? Padding, string? Name) Read(AttributeReader attribute)
    {
        bool square = attribute.ConstructorArity < 2;
        int height = attribute.Int(0, LayerArgumentDefaults.PoolSize);
        var strides = attribute.Has(LayerArgumentNames.Strides) ? AxisPair.ReadStrides(attribute, 0) : (Height: 0, Width: 0, Valid: true);
        int? strideH = attribute.Has(LayerArgumentNames.Strides) && strides.Valid ? strides.Height : null;
        return (height, square ? height : attribute.Int(1), square ? "poolSize" : "poolHeight", strideH,
            strides.Width == strides.Height ? -1 : strides.Width, strides.Valid, attribute.String(LayerArgumentNames.Padding), attribute.String(LayerArgumentNames.Name));
    }

    protected abstract LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same);

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string example = $"[{TypeName}(2)]";
        int ph = Window.Positive(context, identity, TypeName, PoolArgument, "pool_size", PoolHeight, example);
        int pw = PoolWidth == PoolHeight ? ph : Window.Positive(context, identity, TypeName, "poolWidth", "pool_size", PoolWidth, example);
        int sh = ph, sw = pw;
        if (Strides is int s) (sh, sw) = AxisPair.ResolveStrides(context, identity, TypeName, s, StridesWidth < 0 ? s : StridesWidth, valid: true);
        else if (!StridesValid) AxisPair.ResolveStrides(context, identity, TypeName, 1, 1, valid: false);
        bool same = Window.Same(context, identity, TypeName, Padding);
        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);

        int height = x.Shape[0], width = x.Shape[1], channels = x.Shape[2];
        var (outHeight, padTop) = Window.Resolve(height, ph, sh, 1, same);
        var (outWidth, padLeft) = Window.Resolve(width, pw, sw, 1, same);
        if (outHeight <= 0 || outWidth <= 0)
        {
            context.ReportShape(Descriptors.PoolLargerThanInput, Site.ForLayer(identity.Index, PoolArgument), identity.Describe(TypeName),
                Window.Pair(height, width), Window.Pair(ph, pw), Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        var geometry = new PoolingGeometry(height, width, channels, ph, pw, sh, sw, padTop, padLeft, outHeight, outWidth);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { outHeight, outWidth, channels });
        return Create(identity, input, output, geometry, same);
    }
}

/// <summary>An inferred pooling layer: its geometry is a static field; it has no weights.</summary>
internal abstract record Pooling2DSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    PoolingGeometry Geometry,
    bool Same) : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string Description
    {
        get
        {
            var g = Geometry;
            string text = $"{TypeName}({Window.Size(g.PoolHeight, g.PoolWidth)}";
            if (g.StrideH != g.PoolHeight || g.StrideW != g.PoolWidth) text += $", strides={Window.Pair(g.StrideH, g.StrideW)}";
            if (Same) text += ", padding=same";
            return $"{text})";
        }
    }

    public override string? FinalActivation => "linear";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("pool_size", PairText(Geometry.PoolHeight, Geometry.PoolWidth)),
        Entry("strides", PairText(Geometry.StrideH, Geometry.StrideW)),
        Entry("padding", Same ? "same" : "valid"),
    };

    protected string GeometryMember => $"{Member}Geometry";

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → " +
            $"{Text.Shape(model.Tensors[Output].Shape)}.", GeometryMember);

    /// <summary>Pooling has no weights: it back-propagates only when an earlier layer's weights need it.</summary>
    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    /// <summary>The ONNX operator (MaxPool, AveragePool) and any attributes beyond the window's.</summary>
    protected abstract (string Op, string[] Attributes) OnnxOperator { get; }

    /// <summary>The pooling operator on NCHW with the window, strides and Keras' padding as explicit pads.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        var (op, extra) = OnnxOperator;
        var attributes = new List<string>
        {
            OnnxContext.Ints("kernel_shape", g.PoolHeight, g.PoolWidth), OnnxContext.Ints("strides", g.StrideH, g.StrideW),
            OnnxContext.Ints("pads", g.PadTop, g.PadLeft, Window.PadAfter(g.Height, g.PoolHeight, g.StrideH, 1, g.PadTop, g.OutHeight),
                Window.PadAfter(g.Width, g.PoolWidth, g.StrideW, 1, g.PadLeft, g.OutWidth)),
        };
        attributes.AddRange(extra);
        context.SetNchw(Output, context.Node(op, Name, new[] { context.Nchw(Input) }, attributes.ToArray()));
    }
}
