using System.Collections.Generic;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>SpatialDropout2D(rate)</c> on NHWC images: Dropout whose mask is drawn per sample and channel
/// (<c>noise_shape = (batch, 1, 1, channels)</c>), so it is a <see cref="DropoutSpec"/> with the image's pixels and channels;
/// training calls <c>GenNet.Kernels.SpatialDropout2DKernel</c>, backward and inference are Dropout's.
/// </summary>
internal sealed record SpatialDropout2DDeclaration(double Rate, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[SpatialDropout2D] is Keras' SpatialDropout2D.</summary>
    public static readonly LayerKind Kind = new("SpatialDropout2D", "SpatialDropout2D", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "spatial_dropout2d";

    /// <summary><c>[SpatialDropout2D(rate, Name = …)]</c>.</summary>
    public static SpatialDropout2DDeclaration Parse(AttributeReader attribute) => new(attribute.Double(0), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!(Rate >= 0 && Rate < 1))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "rate"), identity.Describe(TypeName),
                "rate must lie in [0, 1)", $"rate={Text.Number(Rate)}", "Write e.g. [SpatialDropout2D(0.2)] to drop 20% of the channels in training");
        }
        if (!Window.RequireImage(context, identity, TypeName, x)) return new FailedLayerSpec(identity, input, TypeName);
        string size = $"{identity.Member}OutputSize";
        int output = context.AddTensor(identity, "Output", "", size, x.Shape);
        int mask = context.AddTensor(identity, "Mask", "Mask", size, x.Shape);
        return new DropoutSpec(identity, input, output, mask, Rate, x.Shape[0] * x.Shape[1], x.Shape[2]);
    }
}

/// <summary>
/// Keras <c>GaussianNoise(stddev)</c>: in training <c>y = x + stddev·z</c> (<c>GenNet.Kernels.GaussianNoiseKernel</c>, drawn
/// from <c>random</c>), <c>dx = dy</c>; in inference the identity, a view of the input as Dropout's. A negative or infinite
/// stddev is GN0013.
/// </summary>
internal sealed record GaussianNoiseDeclaration(double Stddev, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[GaussianNoise] is Keras' GaussianNoise.</summary>
    public static readonly LayerKind Kind = new("GaussianNoise", "GaussianNoise", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "gaussian_noise";

    /// <summary><c>[GaussianNoise(stddev, Name = …)]</c>.</summary>
    public static GaussianNoiseDeclaration Parse(AttributeReader attribute) => new(attribute.Double(0), attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!(Stddev >= 0) || float.IsInfinity((float)Stddev))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "stddev"), identity.Describe(TypeName),
                "stddev must be a finite number at least 0", $"stddev={Text.Number(Stddev)}", "Write e.g. [GaussianNoise(0.1)]");
        }
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new GaussianNoiseSpec(identity, input, output, Stddev);
    }
}

/// <summary>An inferred GaussianNoise: its output has a region (written in training; inference reads the input in place).</summary>
internal sealed record GaussianNoiseSpec(LayerIdentity Identity, int Input, int Output, double Stddev)
    : LayerSpec(Identity, Input, Output, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => "GaussianNoise";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[] { Entry("stddev", Text.Number(Stddev)) };

    public override string Description => $"GaussianNoise({Text.Number(Stddev)})";

    // Not the identity in training, so a softmax before it must not fuse with the loss.
    public override string? FinalActivation => "linear";

    private string Draw(string x, string y) => $"{KernelsAlias.Prefix}GaussianNoiseKernel.Forward({x}, {y}, {Text.FloatLiteral(Stddev)}, random!);";

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        CodeWriter w = context.Writer;
        if (IsModelOutput(context.Model))
        {
            // The runtime reads a model output from the workspace, so inference copies into it.
            string output = context.Declare(Output);
            w.Open("if (training)");
            w.Line(Draw(x, output));
            w.Close();
            w.Open("else");
            w.Line($"{x}.CopyTo({output});");
            w.Close();
            return;
        }
        TensorSpec y = context.Tensor(Output);
        string region = $"activations.Slice({y.OffsetConstant} * batch, {y.SizeConstant} * batch)";
        w.Open("if (training)");
        w.Line(Draw(x, region));
        w.Close();
        w.Line($"global::System.ReadOnlySpan<float> {y.Local} = training ? {region} : {x}; // inference: a view of {x}, no copy");
    }

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
        string dx = context.DeclareGradient(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}GaussianNoiseKernel.Backward({dy}, {dx});");
    }

    /// <summary>The identity in inference: no node, the output is the input's value.</summary>
    public override void EmitOnnx(OnnxContext context) => context.Alias(Output, Input);
}
