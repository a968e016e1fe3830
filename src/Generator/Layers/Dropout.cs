using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Dropout(rate)</c>: in training <c>y = x ⊙ mask</c> with <c>mask</c> 0 or <c>1/(1 − rate)</c> drawn from
/// <c>random</c> (kept in the workspace for the backward pass); in inference the identity, emitted as a view of the
/// input (a copy only when the output is a model output, which the runtime reads from the workspace). Forward and backward
/// change together, and with <c>GenNet.Kernels.DropoutKernel</c>.
/// </summary>
internal sealed record DropoutDeclaration(double Rate, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[Dropout] is Keras' Dropout.</summary>
    public static readonly LayerKind Kind = new("Dropout", "Dropout", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "dropout";

    /// <summary><c>[Dropout(rate, Name = …)]</c>.</summary>
    public static DropoutDeclaration Parse(AttributeReader attribute) => new(attribute.Double(0), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!(Rate >= 0 && Rate < 1))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "rate"), identity.Describe(TypeName),
                "rate must lie in [0, 1)", $"rate={Text.Number(Rate)}", "Write e.g. [Dropout(0.2)] to drop 20% of the values in training");
        }
        string size = $"{identity.Member}OutputSize";
        int output = context.AddTensor(identity, "Output", "", size, x.Shape);
        int mask = context.AddTensor(identity, "Mask", "Mask", size, x.Shape);
        return new DropoutSpec(identity, input, output, mask, Rate);
    }
}

/// <summary>An inferred Dropout (or SpatialDropout2D): its output and its mask each have a workspace region.</summary>
/// <param name="Pixels">SpatialDropout2D: height·width of the image, whose channels are dropped whole; 0 for Dropout.</param>
/// <param name="Channels">SpatialDropout2D: the image's channels.</param>
internal sealed record DropoutSpec(LayerIdentity Identity, int Input, int Output, int Mask, double Rate, int Pixels = 0, int Channels = 0)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => Pixels == 0 ? "Dropout" : "SpatialDropout2D";

    /// <summary>The training call drawing the mask and applying it: element-wise, or one draw per sample and channel.</summary>
    private string Draw(string x, string y, string mask) => Pixels == 0
        ? $"{KernelsAlias.Prefix}DropoutKernel.Forward({x}, {y}, {mask}, {Text.FloatLiteral(Rate)}, random!);"
        : $"{KernelsAlias.Prefix}SpatialDropout2DKernel.Forward({x}, {y}, {mask}, {Text.FloatLiteral(Rate)}, random!, batch, {Text.Int(Pixels)}, {Text.Int(Channels)});";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry("rate", Text.Number(Rate)) };

    public override string Description => $"{TypeName}({Text.Number(Rate)})";

    // Not the identity in training, so a softmax before it must not fuse with the loss.
    public override string? FinalActivation => "linear";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        CodeWriter w = context.Writer;
        if (IsModelOutput(context.Model))
        {
            // The runtime reads a model output from the workspace, so inference copies into it.
            string output = context.Declare(Output);
            w.Open("if (training)");
            string outputMask = context.Declare(Mask);
            w.Line(Draw(x, output, outputMask));
            w.Close();
            w.Open("else");
            w.Line($"{x}.CopyTo({output});");
            w.Close();
            return;
        }
        TensorSpec y = context.Tensor(Output);
        string region = $"activations.Slice({y.OffsetConstant} * batch, {y.SizeConstant} * batch)";
        w.Open("if (training)");
        string mask = context.Declare(Mask);
        w.Line(Draw(x, region, mask));
        w.Close();
        // Inference is the identity: the next layer reads the input in place (a view, as Flatten's), not a copy.
        w.Line($"global::System.ReadOnlySpan<float> {y.Local} = training ? {region} : {x}; // inference: a view of {x}, no copy");
    }

    /// <summary>Whether the layer's output (or a view of it) is a model output.</summary>
    private bool IsModelOutput(ModelSpec model)
    {
        string local = model.Tensors[Output].Local;
        if (model.Output.Local == local) return true;
        foreach (ModelPortSpec port in model.Outputs)
        {
            if (model.Tensors[port.Tensor].Local == local) return true;
        }
        return false;
    }

    public override bool HasBackward(ModelSpec model) => model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string mask = context.Value(Mask);
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}DropoutKernel.Backward({dy}, {mask}, {dx});");
    }

    /// <summary>The identity in inference: no node, the output is the input's value.</summary>
    public override void EmitOnnx(OnnxContext context) => context.Alias(Output, Input);
}
