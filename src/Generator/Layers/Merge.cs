using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// What the merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate) share: their inputs are the node names in the attribute's constructor
/// (<see cref="LayerDeclaration.From"/>), and they exist only in Functional models.
/// </summary>
internal abstract record MergeDeclaration(string? Name) : LayerDeclaration(Name)
{
    public override bool IsMerge => true;

    /// <summary>The constructor's <c>params string[] inputs</c>, where a squiggle about an input name goes.</summary>
    public override string FromArgument => "inputs";

    /// <summary>Reached only through a Sequential model, which already reported GN0209; never generated.</summary>
    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input) => new FailedLayerSpec(identity, input, TypeName);

    /// <summary>"(8), (4)": the inputs' shapes, for messages.</summary>
    protected static string Shapes(InferContext context, IReadOnlyList<int> inputs) =>
        string.Join(", ", inputs.Select(i => (context.Tensor(i).IsModelInput && context.Tensor(i).InputOffsetConstant is null ? ModelDeclaration.InputName : context.Tensor(i).Description.Split(' ')[0]) +
            $" {Text.Shape(context.Tensor(i).Shape)}"));
}

/// <summary>
/// An inferred merge: reads <see cref="Sources"/> (tensor indices, in order). Backward writes each input's gradient with one
/// call per input when an input repeats (<c>Add("a", "a")</c>), so each contribution is added in before the next.
/// </summary>
internal abstract record MergeSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output)
    : LayerSpec(Identity, Sources[0], Output, EquatableArray<WeightSpec>.Empty)
{
    public override IReadOnlyList<int> InputTensors => Sources;

    public override string? FinalActivation => "linear";

    public override bool HasBackward(ModelSpec model) => Sources.Any(s => model.Tensors[s].NeedsGradient);

    /// <summary>Whether one call can write every input's gradient: two inputs with different gradient regions.</summary>
    protected bool PairCall(BackwardContext context) =>
        Sources.Count == 2 && context.Tensor(Sources[0]).GradientLocal != context.Tensor(Sources[1]).GradientLocal;

    /// <summary>
    /// The inputs' ONNX values in one layout, and whether it is NCHW: when they are images and one of them already is (a
    /// convolution made it, and the next layer is likely one too), else NHWC.
    /// </summary>
    protected (string[] Values, bool Nchw) OnnxOperands(OnnxContext context)
    {
        bool nchw = context.Model.Tensors[Sources[0]].Shape.Count == 3 && Sources.Any(context.IsNchw);
        return (Sources.Select(s => nchw ? context.Nchw(s) : context.Nhwc(s)).ToArray(), nchw);
    }

    /// <summary>ONNX's binary <paramref name="op"/> applied left to right over the inputs, as the kernels accumulate.</summary>
    protected void EmitOnnxFold(OnnxContext context, string op)
    {
        var (values, nchw) = OnnxOperands(context);
        string y = values[0];
        for (int k = 1; k < values.Length; k++)
        {
            y = context.Node(op, k == values.Length - 1 ? Name : $"{Name}_{Text.Int(k)}", new[] { y, values[k] });
        }
        context.Set(Output, y, nchw);
    }

    /// <summary>ONNX's variadic <paramref name="op"/> (Mean, Max, Min) over every input.</summary>
    protected void EmitOnnxVariadic(OnnxContext context, string op)
    {
        var (values, nchw) = OnnxOperands(context);
        context.Set(Output, context.Node(op, Name, values), nchw);
    }

    /// <summary>The gradient view of input <paramref name="k"/>, or <c>default</c> when it needs none.</summary>
    protected string InputGradient(BackwardContext context, int k) =>
        context.Tensor(Sources[k]).NeedsGradient ? context.DeclareGradient(Sources[k]) : "default";
}

/// <summary>
/// What the element-wise merges (Add, Subtract, Multiply, Average, Maximum, Minimum) share: inputs of one shape (GN0206),
/// an output of that shape. A subclass names the layer and makes its spec.
/// </summary>
internal abstract record ElementwiseMergeDeclaration(string? Name) : MergeDeclaration(Name)
{
    /// <summary>The exact number of inputs the layer takes, or null for "two or more" (GN0208 covers fewer).</summary>
    protected virtual int? ExactInputs => null;

    protected abstract LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output);

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, IReadOnlyList<int> inputs)
    {
        if (inputs.Count < 2) return new FailedLayerSpec(identity, inputs[0], TypeName);   // GN0208, reported with the wiring
        if (ExactInputs is int exact && inputs.Count > exact)
        {
            context.ReportShape(Descriptors.MergeInputCount, Site.ForLayer(identity.Index), identity.Describe(TypeName), Text.Int(exact),
                Text.Int(inputs.Count), TypeName);
            return new FailedLayerSpec(identity, inputs[0], TypeName);
        }
        TensorSpec first = context.Tensor(inputs[0]);
        if (inputs.Any(i => !context.Tensor(i).Shape.Equals(first.Shape)))
        {
            context.ReportShape(Descriptors.MergeShapeMismatch, Site.ForLayer(identity.Index), identity.Describe(TypeName), Shapes(context, inputs));
            return new FailedLayerSpec(identity, inputs[0], TypeName);
        }
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", first.Shape);
        return Create(identity, inputs.ToEquatableArray(), output);
    }
}

/// <summary>
/// Keras <c>Add()</c>: <c>y = x₀ + x₁ + …</c> over inputs of one shape; each input's gradient is <c>dy</c>. Forward and
/// backward change together, and with <c>GenNet.Kernels.AddKernel</c>.
/// </summary>
internal sealed record AddDeclaration(string? Name) : ElementwiseMergeDeclaration(Name)
{
    /// <summary>[Add] is Keras' Add.</summary>
    public static readonly LayerKind Kind = new("Add", "Add", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "add";

    /// <summary><c>[Add("a", "b", …, Name = …)]</c>.</summary>
    public static AddDeclaration Parse(AttributeReader attribute) =>
        new(attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    protected override LayerSpec Create(LayerIdentity identity, EquatableArray<int> sources, int output) => new AddSpec(identity, sources, output);
}

/// <summary>An inferred Add layer.</summary>
internal sealed record AddSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output) : MergeSpec(Identity, Sources, Output)
{
    public override string TypeName => "Add";

    public override string Description => "Add()";

    public override void EmitOnnx(OnnxContext context) => EmitOnnxFold(context, "Add");

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}AddKernel.Forward({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y});");
        for (int k = 2; k < Sources.Count; k++)
        {
            context.Writer.Line($"{KernelsAlias.Prefix}AddKernel.Accumulate({context.Value(Sources[k])}, {y});");
        }
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        if (PairCall(context))
        {
            context.Writer.Line($"{KernelsAlias.Prefix}AddKernel.Backward({dy}, {InputGradient(context, 0)}, {InputGradient(context, 1)});");
            return;
        }
        for (int k = 0; k < Sources.Count; k++)
        {
            if (!context.Tensor(Sources[k]).NeedsGradient) continue;
            context.Writer.Line($"{KernelsAlias.Prefix}AddKernel.Backward({dy}, {InputGradient(context, k)}, default);");
            context.FlushAccumulations();
        }
    }
}

/// <summary>
/// Keras <c>Concatenate(axis=-1)</c>. With <c>p</c> the per-sample axis, each input is <c>[outer, inner_k]</c> where
/// <c>outer</c> = batch × the dimensions before <c>p</c> and <c>inner_k</c> = its dimensions from <c>p</c> on; the output row
/// is the inputs' rows one after the other. Forward and backward change together, and with <c>GenNet.Kernels.ConcatenateKernel</c>.
/// </summary>
internal sealed record ConcatenateDeclaration(int Axis, string? Name) : MergeDeclaration(Name)
{
    /// <summary>[Concatenate] is Keras' Concatenate.</summary>
    public static readonly LayerKind Kind = new("Concatenate", "Concatenate", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "concatenate";

    /// <summary><c>[Concatenate("a", "b", …, Axis = -1, Name = …)]</c>.</summary>
    public static ConcatenateDeclaration Parse(AttributeReader attribute) =>
        new(attribute.Int(LayerArgumentNames.Axis, LayerArgumentDefaults.ConcatenateAxis), attribute.String(LayerArgumentNames.Name)) { From = attribute.Strings(0).ToEquatableArray() };

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, IReadOnlyList<int> inputs)
    {
        string who = identity.Describe(TypeName);
        TensorSpec first = context.Tensor(inputs[0]);
        int rank = first.Shape.Count;
        // Keras counts the batch as axis 0: per-sample axis p is Axis − 1, or rank + Axis from the end.
        int p = Axis < 0 ? rank + Axis : Axis - 1;
        if (Axis == 0 || p < 0 || p >= rank)
        {
            context.ReportShape(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "Axis"), who,
                "the axis must be a per-sample axis of the inputs (Keras counts the batch as axis 0)", $"axis={Text.Int(Axis)}" +
                $" for inputs of rank {Text.Int(rank + 1)} with the batch", $"Use -1 (the last axis) or a value from 1 to {Text.Int(rank)}");
            return new FailedLayerSpec(identity, inputs[0], TypeName);
        }
        bool matches = inputs.All(i =>
        {
            EquatableArray<int> shape = context.Tensor(i).Shape;
            return shape.Count == rank && Enumerable.Range(0, rank).All(d => d == p || shape[d] == first.Shape[d]);
        });
        if (!matches)
        {
            context.ReportShape(Descriptors.ConcatenateShapeMismatch, Site.ForLayer(identity.Index), who, Text.Int(Axis), Shapes(context, inputs));
            return new FailedLayerSpec(identity, inputs[0], TypeName);
        }
        int[] shape = first.Shape.ToArray();
        shape[p] = inputs.Sum(i => context.Tensor(i).Shape[p]);
        int outer = first.Shape.Take(p).Aggregate(1, (a, b) => a * b);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", shape);
        return new ConcatenateSpec(identity, inputs.ToEquatableArray(), output, Axis, outer);
    }
}

/// <summary>An inferred Concatenate layer.</summary>
/// <param name="Outer">Per-sample product of the dimensions before the axis (times the batch in the calls).</param>
internal sealed record ConcatenateSpec(LayerIdentity Identity, EquatableArray<int> Sources, int Output, int Axis, int Outer)
    : MergeSpec(Identity, Sources, Output)
{
    public override string TypeName => "Concatenate";

    public override string Description => $"Concatenate(axis={Text.Int(Axis)})";

    private string Rows => Outer == 1 ? "batch" : $"batch * {Text.Int(Outer)}";

    private int Inner(ModelSpec model, int k) => model.Tensors[Sources[k]].Size / Outer;

    /// <summary>ONNX Concat, whose axis counts the batch: per-sample axis p is p + 1 on NHWC, and H/W/C → 2/3/1 on NCHW images.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var (values, nchw) = OnnxOperands(context);
        int rank = context.Model.Tensors[Sources[0]].Shape.Count;
        int p = Axis < 0 ? rank + Axis : Axis - 1;
        int onnxAxis = nchw ? new[] { 2, 3, 1 }[p] : p + 1;
        context.Set(Output, context.Node("Concat", Name, values, OnnxContext.Int("axis", onnxAxis)), nchw);
    }

    public override void EmitForward(ForwardContext context)
    {
        string y = context.Declare(Output);
        if (Sources.Count == 2)
        {
            context.Writer.Line($"{KernelsAlias.Prefix}ConcatenateKernel.Forward({context.Value(Sources[0])}, {context.Value(Sources[1])}, {y}" +
                $", {Rows}, {Text.Int(Inner(context.Model, 0))}, {Text.Int(Inner(context.Model, 1))});");
            return;
        }
        int total = context.Tensor(Output).Size / Outer, offset = 0;
        for (int k = 0; k < Sources.Count; k++)
        {
            context.Writer.Line($"{KernelsAlias.Prefix}ConcatenateKernel.ForwardPart({context.Value(Sources[k])}, {y}, {Rows}, " +
                $"{Text.Int(Inner(context.Model, k))}, {Text.Int(offset)}, {Text.Int(total)});");
            offset += Inner(context.Model, k);
        }
    }

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        if (PairCall(context))
        {
            context.Writer.Line($"{KernelsAlias.Prefix}ConcatenateKernel.Backward({dy}, {InputGradient(context, 0)}, {InputGradient(context, 1)}" +
                $", {Rows}, {Text.Int(Inner(context.Model, 0))}, {Text.Int(Inner(context.Model, 1))});");
            return;
        }
        int total = context.Tensor(Output).Size / Outer, offset = 0;
        for (int k = 0; k < Sources.Count; k++)
        {
            int inner = Inner(context.Model, k);
            if (context.Tensor(Sources[k]).NeedsGradient)
            {
                context.Writer.Line($"{KernelsAlias.Prefix}ConcatenateKernel.BackwardPart({dy}, {InputGradient(context, k)}, {Rows}, " +
                    $"{Text.Int(inner)}, {Text.Int(offset)}, {Text.Int(total)});");
                context.FlushAccumulations();
            }
            offset += inner;
        }
    }
}
