using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True)</c> over the last axis.
/// gamma/beta are trainable (parameters); moving_mean/moving_variance are not (state). Training normalises with the
/// batch statistics, saves them in scratch for the backward pass and updates the moving ones; inference uses the moving
/// ones. Forward and backward change together, and with <c>GenNet.Kernels.BatchNormalizationKernel</c>.
/// </summary>
internal sealed record BatchNormalizationDeclaration(double Momentum, double Epsilon, bool Center, bool Scale, string? Name) : LayerDeclaration(Name)
{
    /// <summary>[BatchNormalization] is Keras' BatchNormalization.</summary>
    public static readonly LayerKind Kind = new("BatchNormalization", "BatchNormalization", Parse);

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "batch_normalization";

    /// <summary><c>[BatchNormalization(Momentum = 0.99, Epsilon = 1e-3, Center = true, Scale = true, Name = …)]</c>.</summary>
    public static BatchNormalizationDeclaration Parse(AttributeReader attribute) => new(
        attribute.Double(LayerArgumentNames.Momentum) ?? LayerArgumentDefaults.Momentum,
        attribute.Double(LayerArgumentNames.Epsilon) ?? LayerArgumentDefaults.Epsilon,
        attribute.Bool(LayerArgumentNames.Center, LayerArgumentDefaults.Center),
        attribute.Bool(LayerArgumentNames.Scale, LayerArgumentDefaults.Scale),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        if (!(Momentum >= 0 && Momentum <= 1))
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "Momentum"), who,
                "momentum must lie in [0, 1]", $"momentum={Text.Number(Momentum)}", "Write e.g. Momentum = 0.99 (Keras' default)");
        }
        if (!(Epsilon > 0) || float.IsInfinity((float)Epsilon) || (float)Epsilon == 0)
        {
            context.Report(Descriptors.InvalidLayerArgument, Site.ForLayer(identity.Index, "Epsilon"), who,
                "epsilon must be a positive float", $"epsilon={Text.Number(Epsilon)}", "Write e.g. Epsilon = 1e-3 (Keras' default)");
        }
        int channels = x.LastAxis;
        int[] shape = { channels };
        var weights = new List<WeightSpec>();
        if (Scale) weights.Add(context.AddWeight(identity, "gamma", shape, InitializerSpec.Ones, channels, channels));
        if (Center) weights.Add(context.AddWeight(identity, "beta", shape, InitializerSpec.Zeros, channels, channels));
        weights.Add(context.AddState(identity, "moving_mean", shape, InitializerSpec.Zeros));
        weights.Add(context.AddState(identity, "moving_variance", shape, InitializerSpec.Ones));
        int saved = context.AddSaved(2 * channels);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape);
        return new BatchNormalizationSpec(identity, input, output, weights.ToEquatableArray(), channels, saved, Momentum, Epsilon, Center, Scale);
    }
}

/// <summary>An inferred BatchNormalization.</summary>
/// <param name="SavedOffset">Where its 2·C batch statistics (μ, then 1/√(σ² + ε)) live in scratch.</param>
internal sealed record BatchNormalizationSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int Channels,
    int SavedOffset,
    double Momentum,
    double Epsilon,
    bool Center,
    bool Scale) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "BatchNormalization";

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("axis", "-1"),
        Entry("momentum", Text.Number(Momentum)),
        Entry("epsilon", Text.Number(Epsilon)),
        Entry("center", Center),
        Entry("scale", Scale),
    };

    public override string Description
    {
        get
        {
            var options = new List<string>();
            if ((float)Momentum != 0.99f) options.Add($"momentum={Text.Number(Momentum)}");
            if ((float)Epsilon != 1e-3f) options.Add($"epsilon={Text.Number(Epsilon)}");
            if (!Center) options.Add("center=False");
            if (!Scale) options.Add("scale=False");
            return $"BatchNormalization({string.Join(", ", options)})";
        }
    }

    public override string? FinalActivation => "linear";

    // The batch statistics are over every row of the batch: a batch cut into chunks would normalise each chunk alone.
    public override bool NeedsWholeBatch => true;

    private string Saved => ForwardContext.Saved(Member);

    private string Weight(string name, System.Func<WeightSpec, string> slice) =>
        Weights.FirstOrDefault(w => w.Key == $"{Name}.{name}") is { } weight ? slice(weight) : "default";

    public override void EmitScratchLayout(CodeWriter writer)
    {
        ShapesEmitter.Constant(writer, $"Start of {Name}'s batch statistics (mean, then 1/√(variance + ε)) in scratch.",
            $"{Member}SavedOffset", SavedOffset);
        ShapesEmitter.Constant(writer, $"Floats of {Name}'s batch statistics: 2 × {Text.Int(Channels)} channels.",
            $"{Member}SavedLength", 2 * Channels);
    }

    /// <summary>
    /// Whether the layer is trainable now (<c>model.Layers[…].Trainable</c>, its position in <c>ModelInfo.Layers</c>): a frozen
    /// BatchNormalization runs in inference mode during training too, as in Keras 3.
    /// </summary>
    private string IsTrainable(ModelSpec model)
    {
        int index = 0;
        while (!model.Layers[index].Equals(this)) index++;
        return $"LayerIsTrainable({Text.Int(index)})";
    }

    public override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string y = context.Declare(Output);
        string rows = ForwardContext.Rows(context.Tensor(Input));
        string gamma = Weight("gamma", context.Weight), beta = Weight("beta", context.Weight);
        string movingMean = Weight("moving_mean", context.Weight), movingVariance = Weight("moving_variance", context.Weight);
        CodeWriter w = context.Writer;
        w.Open($"if (training && {IsTrainable(context.Model)})");
        w.Line($"{KernelsAlias.Prefix}BatchNormalizationKernel.ForwardTraining({x}, {gamma}, {beta}, {movingMean}, " +
            $"{movingVariance}, {y}, {Saved}, {rows}, {Text.Int(Channels)}, {Text.FloatLiteral(Momentum)}, " +
            $"{Text.FloatLiteral(Epsilon)});");
        w.Close();
        // Folded (BatchNormFolding): the moving statistics here only when frozen in training; inference is the folded call.
        w.Open(InferenceFold is null ? "else" : "else if (training)");
        w.Line($"{KernelsAlias.Prefix}BatchNormalizationKernel.ForwardInference({x}, {gamma}, {beta}, {movingMean}, " +
            $"{movingVariance}, {y}, {rows}, {Text.Int(Channels)}, {Text.FloatLiteral(Epsilon)});");
        w.Close();
        if (InferenceFold is { } fold && fold.Last == fold.Normalization)
        {
            w.Open("else");
            BatchNormFolding.EmitInference(context, fold, y);
            w.Close();
        }
    }

    /// <summary>γ, β, the moving mean and the moving variance as <c>BatchNormalizationKernel.FoldInference</c> reads them.</summary>
    public string FoldArguments(ForwardContext context) =>
        $"{Weight("gamma", context.Weight)}, {Weight("beta", context.Weight)}, {Weight("moving_mean", context.Weight)}, {Weight("moving_variance", context.Weight)}";

    public override bool HasBackward(ModelSpec model) => TrainableCount > 0 || model.Tensors[Input].NeedsGradient;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string x = context.Value(Input);
        string dx = context.Tensor(Input).NeedsGradient ? context.DeclareGradient(Input) : "default";
        string gradients = $"{Weight("gamma", BackwardContext.WeightGradient)}, {Weight("beta", BackwardContext.WeightGradient)}, " +
            $"{ForwardContext.Rows(context.Tensor(Input))}, {Text.Int(Channels)}";
        string gamma = Weight("gamma", context.Weight);
        CodeWriter w = context.Writer;
        w.Open($"if ({IsTrainable(context.Model)})");
        w.Line($"{KernelsAlias.Prefix}BatchNormalizationKernel.BackwardTraining({x}, {gamma}, {Saved}, {dy}, " +
            $"{dx}, {gradients});");
        w.Close();
        w.Open("else");
        // Frozen: the forward pass used the moving statistics (Backward has no state argument: the model's State holds them).
        w.Line($"{KernelsAlias.Prefix}BatchNormalizationKernel.BackwardInference({x}, {gamma}, {Weight("moving_mean", context.Weight)}, " +
            $"{Weight("moving_variance", context.Weight)}, {dy}, {dx}, {gradients}, {Text.FloatLiteral(Epsilon)});");
        w.Close();
    }

    /// <summary>
    /// ONNX BatchNormalization in inference (the moving statistics, epsilon), which normalises axis 1: images go NCHW, a
    /// <c>[N, C]</c> tensor already has its channels there, and other ranks are transposed channels-first and back. Without
    /// <c>scale</c>/<c>center</c> the operator gets constant ones/zeros.
    /// </summary>
    public override void EmitOnnx(OnnxContext context)
    {
        int rank = context.Model.Tensors[Input].Shape.Count;
        string Statistic(string name, double fallback) =>
            Weights.FirstOrDefault(w => w.Key == $"{Name}.{name}") is { } weight ? OnnxContext.Weight(weight) : OnnxContext.Filled($"{Name}.{name}", fallback, Channels);
        string[] Operands(string x) =>
            new[] { x, Statistic("gamma", 1), Statistic("beta", 0), Statistic("moving_mean", 0), Statistic("moving_variance", 1) };
        string epsilon = OnnxContext.Float("epsilon", Epsilon);
        if (rank == 3)
        {
            context.SetNchw(Output, context.Node("BatchNormalization", Name, Operands(context.Nchw(Input)), epsilon));
            return;
        }
        if (rank == 1)
        {
            context.SetNhwc(Output, context.Node("BatchNormalization", Name, Operands(context.Nhwc(Input)), epsilon));
            return;
        }
        // [N, d1, …, C] → [N, C, d1, …] → normalised → back.
        int[] channelsFirst = new[] { 0, rank }.Concat(Enumerable.Range(1, rank - 1)).ToArray();
        int[] channelsLast = new[] { 0 }.Concat(Enumerable.Range(2, rank - 1)).Concat(new[] { 1 }).ToArray();
        string moved = context.Node("Transpose", $"{Name}_channels_first", new[] { context.Nhwc(Input) }, OnnxContext.Ints("perm", channelsFirst));
        string normalised = context.Node("BatchNormalization", $"{Name}_normalized", Operands(moved), epsilon);
        context.SetNhwc(Output, context.Node("Transpose", Name, new[] { normalised }, OnnxContext.Ints("perm", channelsLast)));
    }
}
