using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// What MaxPooling1D and AveragePooling1D share: <c>pool_size</c> (default 2), <c>strides</c> (default: the pool size),
/// <c>padding</c>, validation and the shape rule. A sequence <c>(steps, channels)</c> is a one-row image, so both run the
/// 2-D pooling kernels on the geometry <c>(1, steps, channels)</c> with a <c>1×poolSize</c> window: MaxPooling1D's padded
/// steps never win, AveragePooling1D's "same" averages count only the real steps, exactly as in 2-D.
/// </summary>
internal abstract record Pooling1DDeclaration(int PoolSize, int? Strides, string? Padding, string? Name) : LayerDeclaration(Name)
{
    /// <summary>Reads <c>(poolSize = 2)</c>, <c>Strides</c>, <c>Padding</c>, <c>Name</c>.</summary>
    protected static (int PoolSize, int? Strides, string? Padding, string? Name) Read(AttributeReader attribute) =>
        (attribute.Int(0, LayerArgumentDefaults.PoolSize),
            attribute.Has(LayerArgumentNames.Strides) ? attribute.Int(LayerArgumentNames.Strides, 0) : null,
            attribute.String(LayerArgumentNames.Padding), attribute.String(LayerArgumentNames.Name));

    protected abstract LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same);

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        int pool = Window.Positive(context, identity, TypeName, "poolSize", "pool_size", PoolSize, $"[{TypeName}(2)]");
        int stride = Strides is int s ? Window.Positive(context, identity, TypeName, "Strides", "strides", s, "Strides = 2") : pool;
        bool same = Window.Same(context, identity, TypeName, Padding);
        if (!Sequence.Require(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);

        int steps = x.Shape[0], channels = x.Shape[1];
        var (outSteps, padBefore) = Window.Resolve(steps, pool, stride, 1, same);
        if (outSteps <= 0)
        {
            context.ReportShape(Descriptors.WindowLargerThanSequence, Site.ForLayer(identity.Index, "poolSize"), identity.Describe(TypeName),
                "pooling window", Text.Int(steps), Text.Int(pool), $"pool_size={Text.Int(pool)}", Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        var geometry = new PoolingGeometry(1, steps, channels, 1, pool, 1, stride, 0, padBefore, 1, outSteps);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", new[] { outSteps, channels });
        return Create(identity, input, output, geometry, same);
    }
}

/// <summary>An inferred 1-D pooling layer: its (one-row) geometry is a static field; it has no weights.</summary>
internal abstract record Pooling1DSpec(LayerIdentity Identity, int Input, int Output, PoolingGeometry Geometry, bool Same)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string Description
    {
        get
        {
            var g = Geometry;
            string text = $"{TypeName}({Text.Int(g.PoolWidth)}";
            if (g.StrideW != g.PoolWidth) text += $", strides={Text.Int(g.StrideW)}";
            if (Same) text += ", padding=same";
            return $"{text})";
        }
    }

    public override string? FinalActivation => "linear";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("pool_size", Text.Int(Geometry.PoolWidth)),
        Entry("strides", Text.Int(Geometry.StrideW)),
        Entry("padding", Same ? "same" : "valid"),
    };

    protected string GeometryMember => $"{Member}Geometry";

    /// <summary>The 2-D kernel both kinds run: <c>MaxPooling2DKernel</c> or <c>AveragePooling2DKernel</c>.</summary>
    protected abstract string KernelName { get; }

    public override void EmitMembers(CodeWriter writer, ModelSpec model) =>
        Geometry.Emit(writer, $"{Name} · {Description} · {Text.Shape(model.Tensors[Input].Shape)} → " +
            $"{Text.Shape(model.Tensors[Output].Shape)}: a one-row 2-D pool.", GeometryMember);

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}{KernelName}.Forward({x}, {y}, batch, {GeometryMember});");
    }

    /// <summary>Pooling has no weights: it back-propagates only when an earlier layer's weights need it.</summary>
    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    /// <summary>The ONNX operator (MaxPool, AveragePool) and any attributes beyond the window's.</summary>
    protected abstract (string Op, string[] Attributes) OnnxOperator { get; }

    /// <summary>The pooling operator on NCW (transposed from and back to <c>[N, steps, C]</c>), Keras' padding as explicit pads.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var g = Geometry;
        var (op, extra) = OnnxOperator;
        var attributes = new List<string>
        {
            OnnxContext.Ints("kernel_shape", g.PoolWidth), OnnxContext.Ints("strides", g.StrideW),
            OnnxContext.Ints("pads", g.PadLeft, Window.PadAfter(g.Width, g.PoolWidth, g.StrideW, 1, g.PadLeft, g.OutWidth)),
        };
        attributes.AddRange(extra);
        string x = context.Node("Transpose", $"{Name}_ncw", new[] { context.Nhwc(Input) }, OnnxContext.Ints("perm", 0, 2, 1));
        string pooled = context.Node(op, Name, new[] { x }, attributes.ToArray());
        context.SetNhwc(Output, context.Node("Transpose", $"{Name}_nwc", new[] { pooled }, OnnxContext.Ints("perm", 0, 2, 1)));
    }
}

/// <summary>
/// Keras <c>MaxPooling1D(pool_size=2, strides=None, padding="valid")</c>: the window maxima, per channel. Forward and
/// backward change together, and with <c>GenNet.Kernels.MaxPooling2DKernel</c> (whose backward re-finds each winner in x).
/// </summary>
internal sealed record MaxPooling1DDeclaration(int PoolSize, int? Strides, string? Padding, string? Name)
    : Pooling1DDeclaration(PoolSize, Strides, Padding, Name)
{
    /// <summary>[MaxPooling1D] is Keras' MaxPooling1D.</summary>
    public static readonly LayerKind Kind = new("MaxPooling1D", "MaxPooling1D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "max_pooling1d";

    /// <summary><c>[MaxPooling1D(poolSize = 2, Strides = …, Padding = …, Name = …)]</c>.</summary>
    public static MaxPooling1DDeclaration Parse(AttributeReader attribute)
    {
        var a = Read(attribute);
        return new(a.PoolSize, a.Strides, a.Padding, a.Name);
    }

    protected override LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same) =>
        new MaxPooling1DSpec(identity, input, output, geometry, same);
}

/// <summary>An inferred MaxPooling1D.</summary>
internal sealed record MaxPooling1DSpec(LayerIdentity Identity, int Input, int Output, PoolingGeometry Geometry, bool Same)
    : Pooling1DSpec(Identity, Input, Output, Geometry, Same)
{
    public override string TypeName => "MaxPooling1D";

    protected override string KernelName => "MaxPooling2DKernel";

    protected override (string Op, string[] Attributes) OnnxOperator => ("MaxPool", System.Array.Empty<string>());

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}MaxPooling2DKernel.Backward({x}, {dy}, {dx}, batch, {GeometryMember});");
    }
}

/// <summary>
/// Keras <c>AveragePooling1D(pool_size=2, strides=None, padding="valid")</c>: the window means over the real steps, per
/// channel. Forward and backward change together, and with <c>GenNet.Kernels.AveragePooling2DKernel</c>.
/// </summary>
internal sealed record AveragePooling1DDeclaration(int PoolSize, int? Strides, string? Padding, string? Name)
    : Pooling1DDeclaration(PoolSize, Strides, Padding, Name)
{
    /// <summary>[AveragePooling1D] is Keras' AveragePooling1D.</summary>
    public static readonly LayerKind Kind = new("AveragePooling1D", "AveragePooling1D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "average_pooling1d";

    /// <summary><c>[AveragePooling1D(poolSize = 2, Strides = …, Padding = …, Name = …)]</c>.</summary>
    public static AveragePooling1DDeclaration Parse(AttributeReader attribute)
    {
        var a = Read(attribute);
        return new(a.PoolSize, a.Strides, a.Padding, a.Name);
    }

    protected override LayerSpec Create(LayerIdentity identity, int input, int output, PoolingGeometry geometry, bool same) =>
        new AveragePooling1DSpec(identity, input, output, geometry, same);
}

/// <summary>An inferred AveragePooling1D.</summary>
internal sealed record AveragePooling1DSpec(LayerIdentity Identity, int Input, int Output, PoolingGeometry Geometry, bool Same)
    : Pooling1DSpec(Identity, Input, Output, Geometry, Same)
{
    public override string TypeName => "AveragePooling1D";

    protected override string KernelName => "AveragePooling2DKernel";

    // Keras averages over the input steps a window covers, never the padding ("same"): count_include_pad = 0.
    protected override (string Op, string[] Attributes) OnnxOperator => ("AveragePool", new[] { OnnxContext.Int("count_include_pad", 0) });

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}AveragePooling2DKernel.Backward({dy}, {dx}, batch, {GeometryMember});");
    }
}
