using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>PReLU(alpha_initializer="zeros", shared_axes=None)</c>: <c>y = x</c> for <c>x &gt; 0</c>, <c>α·x</c> otherwise,
/// with the trainable weight <c>alpha</c> of the sample's shape where each shared axis is 1 (Keras' layout). A shared
/// axis outside the sample is GN0264. Forward and backward change together, and with <c>GenNet.Kernels.PReLUKernel</c>.
/// </summary>
internal sealed record PReLUDeclaration(EquatableArray<int> SharedAxes, string? AlphaInitializer, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[PReLU] is Keras' PReLU.</summary>
    public static readonly LayerKind Kind = new("PReLU", "PReLU", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "p_re_lu";

    /// <summary><c>[PReLU(SharedAxes = new[] { … }, AlphaInitializer = …, Name = …)]</c>.</summary>
    public static PReLUDeclaration Parse(AttributeReader attribute) => new(
        (attribute.Ints(LayerArgumentNames.SharedAxes) ?? System.Array.Empty<int>()).ToEquatableArray(),
        attribute.String(LayerArgumentNames.AlphaInitializer),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        int rank = x.Shape.Count;
        int[] alphaShape = x.Shape.ToArray();
        foreach (int axis in SharedAxes)
        {
            if (axis < 1 || axis > rank)
            {
                context.Report(Descriptors.SharedAxisOutOfRange, Site.ForLayer(identity.Index, LayerArgumentNames.SharedAxes), who,
                    Text.Int(axis), Text.Shape(x.Shape), Text.Int(rank));
                continue;
            }
            alphaShape[axis - 1] = 1;
        }
        InitializerSpec init = InitializerSpec.Resolve(Site.ForLayer(identity.Index, LayerArgumentNames.AlphaInitializer), who, context,
            LayerArgumentNames.AlphaInitializer, AlphaInitializer, InitializerSpec.Zeros);
        int alphaSize = alphaShape.Aggregate(1, (a, d) => a * d);
        WeightSpec alpha = context.AddWeight(identity, "alpha", alphaShape, init, alphaSize, alphaSize);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        // With shared axes, element p of a sample reads alpha at its own index with every shared axis' coordinate dropped
        // (a map the runtime builds once from the two shapes).
        return new PReLUSpec(identity, input, output, new[] { alpha }.ToEquatableArray(), x.Size, alphaSize != x.Size,
            SharedAxes.Where(a => a >= 1 && a <= rank).ToEquatableArray());
    }
}

/// <summary>An inferred PReLU: its weight <c>alpha</c>, and (with shared axes) the element → α map, a static field.</summary>
/// <param name="Shared">Whether elements share an α (then they read it through the map); else each has its own.</param>
internal sealed record PReLUSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int SampleSize,
    bool Shared,
    EquatableArray<int> SharedAxes) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "PReLU";

    public override IEnumerable<KeyValuePair<string, string>> Config => SharedAxes.Count == 0
        ? new[] { Entry("shared_axes", "None") }
        : new[] { Entry("shared_axes", string.Join(",", SharedAxes.Select(a => Text.Int(a)))) };

    public override string Description => SharedAxes.Count == 0 ? "PReLU()" : $"PReLU(shared_axes={Text.Shape(SharedAxes)})";

    public override string? FinalActivation => "linear";

    private WeightSpec Alpha => Weights[0];

    private string MapMember => $"{Member}AlphaMap";

    private string MapArgument => Shared ? MapMember : "default";

    public override void EmitMembers(CodeWriter writer, ModelSpec model)
    {
        if (!Shared) return;
        writer.Line($"/// <summary>{Name} · for each element of a sample, the index of the alpha it shares (shared axes {Text.Shape(SharedAxes)}).</summary>");
        writer.Line($"private static readonly int[] {MapMember} = {KernelsAlias.Prefix}PReLUKernel.AlphaMap({Text.IntArray(model.Tensors[Input].Shape)}, " +
            $"{Text.IntArray(Alpha.Shape)});");
    }

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string alpha = context.Weight(Alpha);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}PReLUKernel.Forward({x}, {alpha}, {y}, {MapArgument}, batch, {Text.Int(SampleSize)});");
    }

    public override bool HasBackward(ModelSpec model) => true;

    public override void EmitBackward(BackwardContext context)
    {
        string x = context.Value(Input);
        string alpha = context.Weight(Alpha);
        string dy = context.Gradient(Output);
        string dx = context.Tensor(Input).NeedsGradient ? context.DeclareGradient(Input) : "default";
        string dAlpha = context.GradientOf(Alpha);
        context.Writer.Line($"{KernelsAlias.Prefix}PReLUKernel.Backward({x}, {alpha}, {dy}, {dx}, {dAlpha}, {MapArgument}, batch, {Text.Int(SampleSize)});");
    }

    /// <summary>PRelu on the NHWC value with alpha in its Keras shape (it broadcasts from the right).</summary>
    public override void EmitOnnx(OnnxContext context) =>
        context.SetNhwc(Output, context.Node("PRelu", Name, new[] { context.Nhwc(Input), OnnxContext.Weight(Alpha) }));
}
