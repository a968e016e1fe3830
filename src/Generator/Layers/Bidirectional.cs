using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Bidirectional(layer, merge_mode="concat")</c> (keras/src/layers/rnn/bidirectional.py, KERAS-SEMANTICS.md 5b).
/// C# attributes cannot nest, so <c>[Bidirectional]</c> is written immediately before the recurrent layer's attribute and
/// the parser folds the pair into this one declaration (<see cref="Inner"/>; null when no recurrent attribute follows,
/// GN0270). The layer is two copies of the inner layer with their own weights, named as Keras names them: the forward
/// copy <c>forward_&lt;inner&gt;</c> and a <c>go_backwards</c> copy <c>backward_&lt;inner&gt;</c>, weights forward first.
/// </summary>
internal sealed record BidirectionalDeclaration(RecurrentDeclaration? Inner, string MergeMode, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Bidirectional] is Keras' Bidirectional.</summary>
    public static readonly LayerKind Kind = new("Bidirectional", "Bidirectional", Parse);

    /// <summary>Keras' merge modes GenNet runs (Keras' <c>None</c>, two outputs, is not one of them).</summary>
    public static readonly string[] MergeModes = { "concat", "sum", "mul", "ave" };

    public override string TypeName => "Bidirectional";

    public override string DefaultName => "bidirectional";

    /// <summary>
    /// Keras' <c>Bidirectional(LSTM(return_state=True))</c> returns <c>[output, fw_h, fw_c, bw_h, bw_c]</c> (GRU and
    /// SimpleRNN <c>[output, fw_h, bw_h]</c>): outputs <c>"bidirectional:1"</c> … in that order.
    /// </summary>
    public override int OutputCount => Inner is not { ReturnState: true } ? 1 : Inner.Cell == RecurrentCell.Lstm ? 5 : 3;

    /// <summary>Whether <paramref name="kind"/> is a layer <c>[Bidirectional]</c> can wrap.</summary>
    public static bool CanWrap(LayerKind kind) =>
        kind == RecurrentDeclaration.SimpleRnnKind || kind == RecurrentDeclaration.LstmKind || kind == RecurrentDeclaration.GruKind;

    /// <summary><c>[Bidirectional(MergeMode = …, Name = …)]</c>; the wrapped layer is attached by the parser.</summary>
    public static BidirectionalDeclaration Parse(AttributeReader attribute) => new(
        null,
        attribute.String(LayerArgumentNames.MergeMode) ?? LayerArgumentDefaults.MergeMode,
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        string who = identity.Describe(TypeName);
        if (Inner is null)
        {
            context.ReportShape(Descriptors.BidirectionalWithoutRecurrentLayer, Site.ForLayer(identity.Index), who);
            return new FailedLayerSpec(identity, input, TypeName);
        }
        BidirectionalMergeMode mode = MergeMode switch
        {
            "sum" => BidirectionalMergeMode.Sum,
            "mul" => BidirectionalMergeMode.Mul,
            "ave" => BidirectionalMergeMode.Ave,
            _ => BidirectionalMergeMode.Concat,
        };
        if (!MergeModes.Contains(MergeMode))
        {
            context.Report(Descriptors.InvalidMergeMode, Site.ForLayer(identity.Index, LayerArgumentNames.MergeMode), who, MergeMode);
        }
        if (Inner.GoBackwards)
        {
            context.Report(Descriptors.BidirectionalGoBackwards, Site.ForLayer(identity.Index, LayerArgumentNames.GoBackwards), who, Inner.TypeName);
        }
        if (!RecurrentDeclaration.RequireSequence(context, identity, who, input)) return new FailedLayerSpec(identity, input, TypeName);

        // Keras: forward_lstm and backward_lstm, after the wrapped layer's own name (which used up a default name: lstm).
        string inner = identity.Wrapped ?? Inner.DefaultName;
        LayerIdentity Half(string direction)
        {
            string name = $"{identity.Name}.{direction}_{inner}";
            return new LayerIdentity(identity.Index, name, Text.Pascal($"{identity.Member}_{direction}_{inner}")) { Trainable = identity.Trainable, WeightRules = identity.WeightRules };
        }
        string innerWho = $"{Inner.TypeName} in {who}";
        RecurrentSpec forward = Inner.Build(context, identity, Half("forward"), innerWho, input, goBackwards: false, report: true);
        RecurrentSpec backward = Inner.Build(context, identity, Half("backward"), innerWho, input, goBackwards: true, report: false);
        int mask = RecurrentDeclaration.MaskOf(context, input);
        if (mask >= 0)
        {
            // Keras' Bidirectional sets zero_output_for_mask = return_sequences on both halves.
            forward = forward with { Mask = mask, ZeroMaskedOutputs = Inner.ReturnSequences };
            backward = backward with { Mask = mask, ZeroMaskedOutputs = Inner.ReturnSequences };
        }
        if (Inner.ReturnState)
        {
            forward = RecurrentDeclaration.WithReturnedStates(context, forward);
            backward = RecurrentDeclaration.WithReturnedStates(context, backward);
        }
        if (context.Tensor(input).NeedsGradient)
        {
            // The backward half's input gradient, added into the input's (which the forward half writes).
            int partial = context.AddTensor(backward.Identity, "InputGradient", "InputGradient", $"{backward.Member}InputGradientSize",
                context.Tensor(input).Shape.ToArray());
            backward = backward with { InputGradient = partial };
        }
        int units = forward.Units;
        int width = mode == BidirectionalMergeMode.Concat ? 2 * units : units;
        int[] shape = Inner.ReturnSequences ? new[] { forward.Steps, width } : new[] { width };
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", shape);
        if (!Inner.ReturnSequences) context.FinalStates.Add(output);
        return new BidirectionalSpec(identity, input, output, forward.Weights.Concat(backward.Weights).ToEquatableArray(), forward, backward,
            mode, Inner.ReturnSequences);
    }
}

/// <summary>The merge modes of <see cref="BidirectionalSpec"/>, as the runtime's <c>BidirectionalMergeMode</c> names them.</summary>
internal enum BidirectionalMergeMode
{
    Concat,
    Sum,
    Mul,
    Ave,
}

/// <summary>
/// An inferred Bidirectional: its two recurrent halves (each a complete <see cref="RecurrentSpec"/> with its own tensors,
/// geometry and weights; <see cref="Backward"/> reads the steps last to first) and the merge
/// (<c>BidirectionalKernel</c>), which flips the backward half's sequence back first.
/// </summary>
internal sealed record BidirectionalSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    RecurrentSpec Forward,
    RecurrentSpec Backward,
    BidirectionalMergeMode Mode,
    bool ReturnSequences) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "Bidirectional";

    private string ModeName => Mode.ToString().ToLowerInvariant();

    /// <summary>Whether some layer or the loss reads the merged output (with ReturnState it may be read through the states only).</summary>
    public bool OutputRead { get; init; } = true;

    // Keras' order: the forward half's states (h, then LSTM's c), then the backward half's.
    public override IReadOnlyList<int> ExtraOutputs => Forward.ExtraOutputs.Concat(Backward.ExtraOutputs).ToArray();

    public override LayerSpec WithReadOutputs(IReadOnlyCollection<int> ports)
    {
        if (Forward.State < 0) return this;
        int perHalf = Forward.ExtraOutputs.Count;
        bool merged = ports.Contains(0);
        // Each half's ports: 0 when the merged output is read, then its own states 1 … perHalf.
        HashSet<int> Half(int first) => new(ports.Where(p => p >= first && p < first + perHalf).Select(p => p - first + 1).Concat(merged ? new[] { 0 } : new int[0]));
        return this with
        {
            OutputRead = merged,
            Forward = (RecurrentSpec)Forward.WithReadOutputs(Half(1)),
            Backward = (RecurrentSpec)Backward.WithReadOutputs(Half(1 + perHalf)),
        };
    }

    private string ModeArgument => $"{KernelsAlias.Prefix}BidirectionalMergeMode.{Mode}";

    public override IEnumerable<KeyValuePair<string, string>> Config =>
        new[] { Entry("merge_mode", ModeName), Entry("layer", Forward.TypeName) }
            .Concat(Forward.Config.Select(e => Entry($"layer.{e.Key}", e.Value)));

    public override string Description => $"Bidirectional({Forward.Description}, merge_mode={ModeName})";

    // The merged output is no activation's output, so no loss fuses with it.
    public override string? FinalActivation => ActivationNames.Linear;

    public override void EmitMembers(CodeWriter writer, ModelSpec model)
    {
        foreach (RecurrentSpec half in new[] { Forward, Backward })
        {
            TensorSpec y = model.Tensors[half.Output];
            ShapesEmitter.Constant(writer, $"Floats per sample of {half.Name}'s output, shape {Text.Shape(y.Shape)}.", y.SizeConstant, y.Size);
            half.EmitMembers(writer, model);
        }
        if (Backward.InputGradient >= 0)
        {
            TensorSpec g = model.Tensors[Backward.InputGradient];
            ShapesEmitter.Constant(writer, $"Floats per sample of {Backward.Name}'s input gradient (added into the input's), shape {Text.Shape(g.Shape)}.",
                g.SizeConstant, g.Size);
        }
    }

    private string Sizes => $"batch, {Text.Int(Forward.Steps)}, {Text.Int(Forward.Units)}, sequences: {(ReturnSequences ? "true" : "false")}, {ModeArgument}";

    public override void EmitForward(ForwardContext context)
    {
        Forward.EmitForward(context);
        Backward.EmitForward(context);
        string y = context.Declare(Output);
        context.Writer.Line($"{KernelsAlias.Prefix}BidirectionalKernel.Forward({context.Value(Forward.Output)}, {context.Value(Backward.Output)}, {y}, {Sizes});");
    }

    public override bool HasBackward(ModelSpec model) => true;

    public override void EmitBackward(BackwardContext context)
    {
        if (OutputRead)
        {
            string dy = context.Gradient(Output);
            string dForward = context.DeclareGradient(Forward.Output), dBackward = context.DeclareGradient(Backward.Output);
            context.Writer.Line($"{KernelsAlias.Prefix}BidirectionalKernel.Backward({context.Value(Forward.Output)}, {context.Value(Backward.Output)}, {dy}, " +
                $"{dForward}, {dBackward}, {Sizes});");
        }
        string? dInput = Forward.EmitBackwardReturningInputGradient(context);
        string? dBackwardInput = Backward.EmitBackwardReturningInputGradient(context);
        if (dInput is not null && dBackwardInput is not null)
        {
            context.Writer.Line($"{KernelsAlias.Prefix}AddKernel.Accumulate({dBackwardInput}, {dInput}); // the backward half's share of the input gradient");
        }
    }

    /// <summary>
    /// Two ONNX recurrent nodes (each half as a plain layer exports, the backward one on the reversed steps), the backward
    /// sequence flipped back (Gather on the step axis), then Concat on the last axis, Add, Mul, or Add and a division by 2.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        Forward.EmitOnnx(context);
        Backward.EmitOnnx(context);
        if (context.Unsupported is not null) return;
        string f = context.Nhwc(Forward.Output), b = context.Nhwc(Backward.Output);
        if (ReturnSequences)
        {
            b = context.ReversedSteps($"{Name}_backward_flipped", b, Forward.Steps);
        }
        string y = Mode switch
        {
            BidirectionalMergeMode.Concat => context.Node("Concat", Name, new[] { f, b }, OnnxContext.Int("axis", -1)),
            BidirectionalMergeMode.Sum => context.Node("Add", Name, new[] { f, b }),
            BidirectionalMergeMode.Mul => context.Node("Mul", Name, new[] { f, b }),
            _ => context.Node("Div", Name, new[] { context.Node("Add", $"{Name}_sum", new[] { f, b }), OnnxContext.Scalar($"{Name}.two", 2) }),
        };
        context.SetNhwc(Output, y);
    }
}
