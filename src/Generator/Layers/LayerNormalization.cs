using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True)</c>: each row of the last axis normalised
/// by its own mean and biased variance, then <c>·γ + β</c> (both trainable, created gamma first, as Keras). No state and
/// no batch statistics, so chunks of a batch train independently. Forward and backward change together, and with
/// <c>GenNet.Kernels.LayerNormalizationKernel</c>.
/// </summary>
internal sealed record LayerNormalizationDeclaration(double Epsilon, bool Center, bool Scale, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[LayerNormalization] is Keras' LayerNormalization.</summary>
    public static readonly LayerKind Kind = new("LayerNormalization", "LayerNormalization", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "layer_normalization";

    /// <summary><c>[LayerNormalization(Epsilon = 1e-3, Center = true, Scale = true, Name = …)]</c>.</summary>
    public static LayerNormalizationDeclaration Parse(AttributeReader attribute) => new(
        attribute.Double(LayerArgumentNames.Epsilon) ?? LayerArgumentDefaults.Epsilon,
        attribute.Bool(LayerArgumentNames.Center, LayerArgumentDefaults.Center),
        attribute.Bool(LayerArgumentNames.Scale, LayerArgumentDefaults.Scale),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        if (!(Epsilon > 0) || float.IsInfinity((float)Epsilon) || (float)Epsilon == 0)
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "Epsilon"), identity.Describe(TypeName),
                "epsilon must be a positive float", $"epsilon={Text.Number(Epsilon)}", "Write e.g. Epsilon = 1e-3 (Keras' default)");
        }
        int features = x.LastAxis;
        int[] shape = { features };
        var weights = new List<WeightSpec>();
        if (Scale) weights.Add(context.AddWeight(identity, "gamma", shape, InitializerSpec.Ones, features, features));
        if (Center) weights.Add(context.AddWeight(identity, "beta", shape, InitializerSpec.Zeros, features, features));
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new LayerNormalizationSpec(identity, input, output, weights.ToEquatableArray(), features, Epsilon, Center, Scale);
    }
}

/// <summary>An inferred LayerNormalization over <paramref name="Features"/> values per row.</summary>
internal sealed record LayerNormalizationSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int Features,
    double Epsilon,
    bool Center,
    bool Scale) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "LayerNormalization";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("axis", "-1"),
        Entry("epsilon", Text.Number(Epsilon)),
        Entry("center", Center),
        Entry("scale", Scale),
    };

    public override string Description
    {
        get
        {
            var options = new List<string>();
            if ((float)Epsilon != 1e-3f) options.Add($"epsilon={Text.Number(Epsilon)}");
            if (!Center) options.Add("center=False");
            if (!Scale) options.Add("scale=False");
            return $"LayerNormalization({string.Join(", ", options)})";
        }
    }

    public override string? FinalActivation => "linear";

    private WeightSpec? Find(string name) => Weights.FirstOrDefault(w => w.Key == $"{Name}.{name}");

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        string gamma = Find("gamma") is { } g ? context.Weight(g) : "default";
        string beta = Find("beta") is { } b ? context.Weight(b) : "default";
        string rows = ForwardContext.Rows(context.Tensor(Input));
        context.Writer.Line($"{KernelsAlias.Prefix}LayerNormalizationKernel.Forward({x}, {gamma}, {beta}, {y}, {rows}, {Text.Int(Features)}, {Text.FloatLiteral(Epsilon)});");
    }

    public override bool HasBackward(ModelSpec model) => Weights.Count > 0 || model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        string dx = context.Tensor(Input).NeedsGradient ? context.DeclareGradient(Input) : "default";
        string gamma = Find("gamma") is { } g ? context.Weight(g) : "default";
        string dGamma = Find("gamma") is { } gw ? context.GradientOf(gw) : "default";
        string dBeta = Find("beta") is { } bw ? context.GradientOf(bw) : "default";
        string rows = ForwardContext.Rows(context.Tensor(Input));
        context.Writer.Line($"{KernelsAlias.Prefix}LayerNormalizationKernel.Backward({x}, {gamma}, {dy}, {dx}, {dGamma}, {dBeta}, {rows}, {Text.Int(Features)}, {Text.FloatLiteral(Epsilon)});");
    }

    /// <summary>
    /// ONNX LayerNormalization (opset 17, the opset the exporter writes) over <c>axis = −1</c> of the channels-last value,
    /// with <c>epsilon</c>; without <c>scale</c>/<c>center</c> a constant ones scale / no bias.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        var inputs = new List<string>
        {
            context.Nhwc(Input),
            Find("gamma") is { } g ? OnnxContext.Weight(g) : OnnxContext.Filled($"{Name}.gamma", 1, Features),
        };
        if (Find("beta") is { } b) inputs.Add(OnnxContext.Weight(b));
        context.SetNhwc(Output, context.Node("LayerNormalization", Name, inputs, OnnxContext.Int("axis", -1), OnnxContext.Float("epsilon", Epsilon)));
    }
}
