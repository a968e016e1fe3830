using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Diagnostics;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Layers;

/// <summary>
/// Keras <c>Embedding(input_dim, output_dim, embeddings_initializer="uniform", mask_zero=False)</c>: token ids (the model's
/// float input, holding exact integers) → rows of the table <c>embeddings[input_dim, output_dim]</c>; input shape S gives
/// S + (output_dim). The gradient reaches only the table (GenNet's input is data, never trained). <c>mask_zero</c> is
/// recorded (spec, <c>LayerInfo.Config</c>) for the layers that will read a mask; nothing applies it yet. Forward and
/// backward change together, and with <c>GenNet.Kernels.EmbeddingKernel</c>, which checks every id.
/// </summary>
internal sealed record EmbeddingDeclaration(int InputDim, int OutputDim, string? EmbeddingsInitializer, bool MaskZero, string? Name)
    : LayerDeclaration(Name)
{
    /// <summary>Floats hold every integer up to 2²⁴ exactly; larger ids could not be told apart.</summary>
    public const int MaxInputDim = 1 << 24;

    /// <summary>[Embedding] is Keras' Embedding.</summary>
    public static readonly LayerKind Kind = new("Embedding", "Embedding", Parse);

    /// <summary>Keras' <c>"uniform"</c>: <c>RandomUniform(-0.05, 0.05)</c>.</summary>
    private static readonly InitializerSpec Uniform = new("random_uniform", new[] { -0.05, 0.05 }.ToEquatableArray());

    public override string TypeName => Kind.KerasName;

    public override string DefaultName => "embedding";

    /// <summary><c>[Embedding(inputDim, outputDim, EmbeddingsInitializer = …, MaskZero = false, Name = …)]</c>.</summary>
    public static EmbeddingDeclaration Parse(AttributeReader attribute) => new(
        attribute.Int(0),
        attribute.Int(1),
        attribute.String(LayerArgumentNames.EmbeddingsInitializer),
        attribute.Bool(LayerArgumentNames.MaskZero, false),
        attribute.String(LayerArgumentNames.Name));

    public override LayerSpec Infer(InferContext context, LayerIdentity identity, int input)
    {
        TensorSpec x = context.Tensor(input);
        string who = identity.Describe(TypeName);
        int inputDim = Window.Positive(context, identity, TypeName, "inputDim", "input_dim", InputDim, "[Embedding(1000, 16)] for 1000 tokens");
        int outputDim = Window.Positive(context, identity, TypeName, "outputDim", "output_dim", OutputDim, "[Embedding(1000, 16)] for vectors of 16");
        if (inputDim > MaxInputDim)
        {
            context.Report(Descriptors.EmbeddingInputDimTooLarge, Site.ForLayer(identity.Index, "inputDim"), who, Text.Count(inputDim), Text.Count(MaxInputDim));
        }
        InitializerSpec init = InitializerSpec.Resolve(Site.ForLayer(identity.Index, nameof(EmbeddingsInitializer)), who,
            context, nameof(EmbeddingsInitializer), EmbeddingsInitializer, Uniform);
        if (!x.IsModelInput)
        {
            context.ReportShape(Descriptors.EmbeddingNotOnInput, Site.ForLayer(identity.Index), who, x.Description, Text.Shape(x.Shape));
            return new FailedLayerSpec(identity, input, TypeName);
        }
        var weight = context.AddWeight(identity, "embeddings", new[] { inputDim, outputDim }, init, inputDim, outputDim);
        int output = context.AddTensor(identity, "Output", "", $"{identity.Member}OutputSize", x.Shape.Concat(new[] { outputDim }).ToArray());
        return new EmbeddingSpec(identity, input, output, new[] { weight }.ToEquatableArray(), x.Size, inputDim, outputDim, MaskZero);
    }
}

/// <summary>An inferred Embedding: <paramref name="Positions"/> ids per sample, a table of InputDim × OutputDim.</summary>
/// <param name="MaskZero">Keras' <c>mask_zero</c>: id 0 masks the steps of the recurrent layers after it (<see cref="Masking"/>).</param>
internal sealed record EmbeddingSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int Positions,
    int InputDim,
    int OutputDim,
    bool MaskZero) : LayerSpec(Identity, Input, Output, Weights)
{
    public override string TypeName => "Embedding";

    /// <summary>
    /// Every reader of the output reads projection tables at inference (<see cref="ProjectionTables"/>), so inference
    /// checks the ids and gathers nothing when the tables are current.
    /// </summary>
    public bool GatherSkippedAtInference { get; init; }

    public override IEnumerable<KeyValuePair<string, string>> Config => new[]
    {
        Entry("input_dim", Text.Int(InputDim)),
        Entry("output_dim", Text.Int(OutputDim)),
        Entry("mask_zero", MaskZero),
    };

    public override string Description =>
        MaskZero ? $"Embedding({Text.Int(InputDim)}, {Text.Int(OutputDim)}, mask_zero=True)" : $"Embedding({Text.Int(InputDim)}, {Text.Int(OutputDim)})";

    public override string? FinalActivation => "linear";

    private string Sizes => $"{Text.Int(Positions)}, {Text.Int(InputDim)}, {Text.Int(OutputDim)}, {Text.StringLiteral(Name)}";

    public override void EmitForward(ForwardContext context)
    {
        string ids = context.Value(Input);
        string y = context.Declare(Output);
        string gather = $"{KernelsAlias.Prefix}EmbeddingKernel.Forward({ids}, {context.Weight(Weights[0])}, {y}, batch, {Sizes});";
        if (!GatherSkippedAtInference)
        {
            context.Writer.Line(gather);
            return;
        }
        // Inference with current tables: the recurrent layers read E·kernel + b by id, so the ids are only checked.
        context.Writer.Line($"if ({ProjectionTablesEmitter.Local}.IsEmpty) {gather}");
        context.Writer.Line($"else {KernelsAlias.Prefix}EmbeddingKernel.CheckIds({ids}, batch, {Text.Int(Positions)}, {Text.Int(InputDim)}, {Text.StringLiteral(Name)});");
    }

    public override bool HasBackward(ModelSpec model) => true;

    public override void EmitBackward(BackwardContext context)
    {
        string dy = context.Gradient(Output);
        string ids = context.Value(Input);
        context.Writer.Line($"{KernelsAlias.Prefix}EmbeddingKernel.Backward({ids}, {dy}, {context.GradientOf(Weights[0])}, batch, {Sizes});");
    }

    /// <summary>Gather on axis 0 of the table, with the float ids cast to int64 first.</summary>
    public override void EmitOnnx(OnnxContext context)
    {
        string ids = context.Node("Cast", $"{Name}_ids", new[] { context.Nhwc(Input) }, OnnxContext.Int("to", 7));   // 7 = INT64
        context.SetNhwc(Output, context.Node("Gather", Name, new[] { OnnxContext.Weight(Weights[0]), ids }, OnnxContext.Int("axis", 0)));
    }
}
