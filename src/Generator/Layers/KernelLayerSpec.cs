using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Infer;

namespace GenNet.Generator.Layers;

/// <summary>
/// A layer that computes <c>z = op(x, kernel) + bias</c> and then an optional activation (Dense, Conv2D). The
/// activation wiring — z and y kept apart when there is an activation, its gradient first in backward, the input
/// gradient skipped for the model input — lives here once; each layer writes only its kernel calls.
/// </summary>
/// <param name="PreActivation">Tensor index of z, or -1 without an activation (then the output is z).</param>
internal abstract record KernelLayerSpec(
    LayerIdentity Identity,
    int Input,
    int Output,
    EquatableArray<WeightSpec> Weights,
    int PreActivation,
    ActivationFunction Activation,
    bool UseBias) : LayerSpec(Identity, Input, Output, Weights)
{
    public sealed override string? FinalActivation => Activation.Name;

    /// <summary>
    /// Infer's tensors for such a layer: z (only with an activation, whose gradient needs both) and then the output y,
    /// both of <paramref name="shape"/>, in this order.
    /// </summary>
    public static (int PreActivation, int Output) AddOutputs(InferContext context, LayerIdentity identity, ActivationFunction activation, int[] shape)
    {
        string size = $"{identity.Member}OutputSize";
        int preActivation = activation.IsLinear ? -1 : context.AddTensor(identity, "PreActivation", "Z", size, shape);
        return (preActivation, context.AddTensor(identity, "Output", "", size, shape));
    }

    protected WeightSpec Kernel => Weights[0];

    protected WeightSpec? Bias => UseBias ? Weights[1] : null;

    /// <summary>The forward kernel call writing <paramref name="z"/> (without the trailing semicolon).</summary>
    protected abstract string ForwardCall(ForwardContext context, string x, string kernel, string bias, string z);

    /// <summary>The backward kernel call reading <paramref name="dz"/> (without the trailing semicolon).</summary>
    protected abstract string BackwardCall(BackwardContext context, string x, string kernel, string dz, string dx, string dKernel, string dBias);

    /// <summary>
    /// The forward call writing <c>relu(z)</c> straight to <paramref name="y"/>, or null where the layer has none; used when
    /// nothing reads z (<see cref="ReluGradientInReader"/>).
    /// </summary>
    protected virtual string? ForwardReluCall(ForwardContext context, string x, string kernel, string bias, string y) => null;

    /// <summary>
    /// The backward call that also applies the relu gradient of the layer before (<see cref="FoldsRelu"/>): its input is
    /// <c>relu(z)</c> of that layer, and it writes that layer's <paramref name="dz"/> instead of <c>dL/dx</c>; null where the
    /// layer has none (then <see cref="ReluFusion"/> does not fold into it).
    /// </summary>
    public virtual string? BackwardReluInputCall(BackwardContext context, string x, string kernel, string dy, string dz, string dKernel, string dBias) => null;

    /// <summary>
    /// Set by <see cref="ReluFusion"/>: the one layer reading this layer's relu output (a MaxPooling2D, or a Dense) writes its
    /// dz, so Backward has no ReluGradient here and Forward, where the layer can (<see cref="ForwardReluCall"/>), never stores z.
    /// </summary>
    public bool ReluGradientInReader { get; init; }

    /// <summary>Set by <see cref="ReluFusion"/>: the producer whose relu gradient this layer's backward writes, or null.</summary>
    public FoldedRelu? FoldsRelu { get; init; }

    /// <summary>
    /// Whether the layer has a folded inference call (<see cref="ForwardFoldedCall"/>): then <see cref="BatchNormFolding"/>
    /// may fold a BatchNormalization reading its output into it.
    /// </summary>
    public virtual bool CanFoldNormalization => false;

    /// <summary>
    /// The inference call writing <c>min(max(conv(x)·scale + shift, min), max)</c> to <paramref name="y"/>, scale and shift
    /// in <paramref name="scaleShift"/> (without the trailing semicolon); only called where <see cref="CanFoldNormalization"/>.
    /// </summary>
    public virtual string ForwardFoldedCall(ForwardContext context, string x, string y, string scaleShift, string min, string max) =>
        throw new System.InvalidOperationException($"{TypeName} has no folded inference call.");

    /// <summary>The bias's local, or <c>default</c> without one.</summary>
    public string BiasLocal(ForwardContext context) => Bias is { } b ? context.Weight(b) : "default";

    public sealed override void EmitForward(ForwardContext context)
    {
        string x = context.Value(Input);
        string bias = BiasLocal(context);
        if (InferenceFold is { } fold)
        {
            // Training only: inference runs this layer with the normalization folded in, at the chain's last layer.
            string output = context.Declare(Output);
            context.Writer.Line($"// training only: at inference {context.Model.Layers[fold.Last].Name} runs this convolution with {context.Model.Layers[fold.Normalization].Name} folded in");
            context.Writer.Open("if (training)");
            context.Writer.Line($"{ForwardCall(context, x, context.Weight(Kernel), bias, output)};");
            context.Writer.Close();
            return;
        }
        if (ReluGradientInReader &&
            ForwardReluCall(context, x, context.Weight(Kernel), bias, context.Tensor(Output).Local) is { } fused)
        {
            context.Writer.Line("// relu applied as the outputs are stored: the next layer's backward needs only relu(z), so z is not kept");
            context.Declare(Output);
            context.Writer.Line($"{fused};");
            return;
        }
        string z = context.Declare(PreActivation >= 0 ? PreActivation : Output);
        if (PreActivation >= 0 && HasPlainRelu &&
            ForwardReluCall(context, x, context.Weight(Kernel), bias, context.Tensor(Output).Local) is { } inference)
        {
            // Only training's relu gradient reads z: inference stores relu(z) straight away (the same bits).
            context.Declare(Output);
            context.Writer.Line("// z is kept for training's relu gradient; inference applies the relu as the outputs are stored");
            context.Writer.Open("if (training)");
            context.Writer.Line($"{ForwardCall(context, x, context.Weight(Kernel), bias, z)};");
            Activation.EmitForward(context, PreActivation, Output);
            context.Writer.Close();
            context.Writer.Open("else");
            context.Writer.Line($"{inference};");
            context.Writer.Close();
            return;
        }
        context.Writer.Line($"{ForwardCall(context, x, context.Weight(Kernel), bias, z)};");
        if (PreActivation >= 0)
        {
            context.Declare(Output);
            Activation.EmitForward(context, PreActivation, Output);
        }
    }

    /// <summary>Relu without arguments (no slope, bound or threshold): what the fused relu calls apply.</summary>
    public bool HasPlainRelu => Activation.Name == "relu" && Activation.Arguments.Length == 0;

    public sealed override bool HasBackward(ModelSpec model) => true;

    public sealed override void EmitBackward(BackwardContext context)
    {
        string dz;
        if (PreActivation >= 0)
        {
            // With the relu folded into its reader, the reader (earlier in Backward) has written dz already.
            if (!ReluGradientInReader) Activation.EmitBackward(context, PreActivation, Output);
            dz = context.Gradient(PreActivation);
        }
        else
        {
            dz = context.Gradient(Output);
        }
        string x = context.Value(Input);
        string dKernel = context.GradientOf(Kernel);
        string dBias = Bias is { } b ? context.GradientOf(b) : "default";
        if (FoldsRelu is { } fold)
        {
            string dzBefore = context.DeclareGradient(fold.PreActivation);
            string folded = BackwardReluInputCall(context, x, context.Weight(Kernel), dz, dzBefore, dKernel, dBias)!;
            context.Writer.Line($"// {fold.Producer}'s relu gradient folded in: relu(z) > 0 exactly where z > 0, so one pass writes its dz");
            context.Writer.Line($"{folded};");
            return;
        }
        string dx = context.Tensor(Input).NeedsGradient ? context.DeclareGradient(Input) : "default";
        context.Writer.Line($"{BackwardCall(context, x, context.Weight(Kernel), dz, dx, dKernel, dBias)};");
    }
}
