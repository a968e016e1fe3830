using System.Collections.Generic;
using System.Linq;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Infer;

/// <summary>
/// Everything the emitters need, computed once by <see cref="Inferrer"/>: names, shapes, sizes, offsets.
/// Equatable data, so an unchanged model is not re-emitted. Built with named members (<c>new ModelSpec { Name = …, … }</c>).
/// </summary>
internal sealed record ModelSpec
{
    public required TypeDeclaration Type { get; init; }

    /// <summary>The Keras model name: the user's, else <c>sequential</c>/<c>functional</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Every tensor the forward pass produces; index 0 is the model input (not in the workspace).</summary>
    public required EquatableArray<TensorSpec> Tensors { get; init; }

    /// <summary>The layers in the order they run (a Functional model's topological order).</summary>
    public required EquatableArray<LayerSpec> Layers { get; init; }

    /// <summary>Floats of trainable weights (the parameter buffer).</summary>
    public required int ParameterCount { get; init; }

    /// <summary>Floats of non-trainable weights (the state buffer: BatchNormalization moving statistics).</summary>
    public required int StateCount { get; init; }

    /// <summary>Floats of workspace per sample: every stored tensor's region.</summary>
    public required int ActivationsPerSample { get; init; }

    /// <summary>Floats at the start of scratch holding each BatchNormalization layer's 2·C batch statistics.</summary>
    public required int SavedScratch { get; init; }

    /// <summary>Floats of im2col space after them, shared by every Conv2D (the largest one's need).</summary>
    public required int ConvolutionScratch { get; init; }

    /// <summary>The tensor the (first) output layer produces; its region is the model output.</summary>
    public required int OutputTensor { get; init; }

    /// <summary>Activation of the final operation, or "linear"; the runtime fuses losses on it.</summary>
    public required string OutputActivation { get; init; }

    /// <summary>FNV-1a 64 of <see cref="Inferrer.CanonicalText"/>: architecture, not initializers. Set last, from the rest.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>
    /// Declared with [Functional]: the summary shows each layer's inbound nodes and ModelInfo lists them. (A Sequential
    /// model is inferred as the Functional chain it stands for; only how it is described differs.)
    /// </summary>
    public bool IsFunctional { get; init; }

    /// <summary>Tensors that several layers read, and the extra region where later readers' gradients go before being added in.</summary>
    public EquatableArray<GradientPartialSpec> Partials { get; init; }

    /// <summary>The [Input] nodes, when the model declares them.</summary>
    public EquatableArray<ModelPortSpec> NamedInputs { get; init; }

    /// <summary>The outputs, when there are several.</summary>
    public EquatableArray<ModelPortSpec> Outputs { get; init; }

    /// <summary>
    /// Keras' mask on the (single) output: the model-input tensor of token ids whose zeros mask the output's steps (an
    /// Embedding(MaskZero = true) passed on to it), so the loss averages over the unmasked steps; -1 without a mask.
    /// </summary>
    public int OutputMask { get; init; } = -1;

    /// <summary>Floats of scratch for the weight gradients of a shared layer's later calls.</summary>
    public int SharedGradientScratch { get; init; }

    public TensorSpec Input => Tensors[0];

    public TensorSpec Output => Tensors[OutputTensor];

    /// <summary>Declared with [Input] attributes: inputs have names and their own regions of the <c>input</c> span.</summary>
    public bool HasNamedInputs => NamedInputs.Count > 0;

    /// <summary>Several outputs ([Functional(Outputs = …)]): each has its own loss-gradient region in <c>outputGradient</c>.</summary>
    public bool IsMultiOutput => Outputs.Count > 1;

    /// <summary>Whether ModelInfo lists its inputs and outputs (named inputs or several outputs); otherwise the runtime's defaults describe them.</summary>
    public bool HasPorts => HasNamedInputs || IsMultiOutput;

    /// <summary>Floats per input sample: all inputs side by side.</summary>
    public int InputSize => HasNamedInputs ? NamedInputs.Sum(i => Tensors[i.Tensor].Size) : Input.Size;

    /// <summary>Floats per output sample: all outputs side by side.</summary>
    public int OutputSize => IsMultiOutput ? Outputs.Sum(o => Tensors[o.Tensor].Size) : Output.Size;

    /// <summary>Every weight in layer order, trainable or not (as <c>ModelInfo.Weights</c> lists them); a shared layer's once.</summary>
    public EquatableArray<WeightSpec> Weights => Layers.SelectMany(l => l.Weights).Distinct().ToEquatableArray();

    /// <summary>Floats of batch-independent scratch: the BatchNormalization statistics, the im2col space, shared-weight gradient partials.</summary>
    public int ScratchSize => SavedScratch + ConvolutionScratch + SharedGradientScratch;

    /// <summary>The tensor whose storage (region and locals) <paramref name="tensor"/> uses: itself, or what it views.</summary>
    public int StorageOf(int tensor) => Tensors[tensor].IsAlias ? Tensors[tensor].AliasOf : tensor;

    /// <summary>Hint name of the generated file: <c>Namespace.Outer.Class.g.cs</c>.</summary>
    public string HintName => $"{Type.FullName}.g.cs";
}

/// <summary>
/// A tensor of the forward pass. Its activation region is <c>activations[Offset·batch, Size·batch)</c>; its gradient,
/// when <see cref="NeedsGradient"/>, is the region at the same offset of <c>activationGradients</c>.
/// </summary>
/// <param name="Member">PascalCase prefix of its constants, e.g. <c>Dense1Output</c>, <c>Dense1PreActivation</c>.</param>
/// <param name="Description">What it is, for doc comments: <c>dense_1 output</c>, <c>dense_1 pre-activation z</c>.</param>
/// <param name="Local">Local variable holding its activation view in Forward/Backward.</param>
/// <param name="GradientLocal">Local variable holding its gradient view in Backward.</param>
/// <param name="SizeConstant">Constant holding its per-sample size (shared by a layer's pre- and post-activation).</param>
/// <param name="OffsetConstant">Constant holding its per-sample workspace offset; null for the model input.</param>
/// <param name="NeedsGradient">Whether a trainable weight comes before it, so back-propagation must reach it.</param>
/// <param name="InputOffsetConstant">
/// A named model input ([Input]): the constant holding its per-sample offset in the <c>input</c> span (<see cref="Offset"/>
/// is that offset); null otherwise, and for the single unnamed input, which is the whole span.
/// </param>
/// <param name="AliasOf">
/// For a view of an earlier tensor with another shape (Flatten, Reshape), the stored tensor it views (never itself a
/// view): same region, locals and offset constant, so the next layer reads the workspace in place and no code runs.
/// -1 for a tensor with storage of its own.
/// </param>
/// <param name="PartialOf">For a gradient-partial region, the tensor whose gradient it adds in; else -1.</param>
internal sealed record TensorSpec(
    string Member,
    string Description,
    string Local,
    string GradientLocal,
    EquatableArray<int> Shape,
    int Size,
    string SizeConstant,
    string? OffsetConstant,
    int Offset,
    bool NeedsGradient,
    int AliasOf = -1,
    string? InputOffsetConstant = null,
    int PartialOf = -1)
{
    public bool IsModelInput => OffsetConstant is null;

    /// <summary>A view of another tensor's storage (see <see cref="AliasOf"/>).</summary>
    public bool IsAlias => AliasOf >= 0;

    /// <summary>Length of the last axis: the row length of softmax, the fan-in of Dense.</summary>
    public int LastAxis => Shape[Shape.Count - 1];

    /// <summary>Product of the leading axes: Dense applies to the last axis, so these are extra rows per sample.</summary>
    public int LeadingSize => Size / LastAxis;
}

/// <summary>One weight tensor: a named slice of the parameter buffer (trainable) or of the state buffer (not trainable).</summary>
/// <param name="Key">Safetensors key, e.g. <c>dense_1.kernel</c>.</param>
/// <param name="Member">C# prefix, e.g. <c>Dense1Kernel</c> (property), <c>Dense1KernelOffset</c>, <c>Dense1KernelLength</c>.</param>
/// <param name="Local">The collision-safe local Forward and Backward name its slice by, e.g. <c>dense1Kernel</c>.</param>
/// <param name="Trainable">In <c>parameters</c> and updated by the optimizer; else in <c>state</c> (moving statistics).</param>
internal sealed record WeightSpec(
    string Key,
    string Member,
    string Local,
    EquatableArray<int> Shape,
    int Offset,
    int Length,
    InitializerSpec Initializer,
    int FanIn,
    int FanOut,
    bool Trainable = true)
{
    /// <summary>The generated methods' parameter holding this weight: <c>parameters</c> or <c>state</c>.</summary>
    public string Buffer => Trainable ? "parameters" : "state";

    /// <summary>The layer's regularizer for this weight (<c>KernelRegularizer</c>, …), or null.</summary>
    public RegularizerSpec? Regularizer { get; init; }

    /// <summary>The layer's constraint for this weight (<c>KernelConstraint</c>, …), or null.</summary>
    public ConstraintSpec? Constraint { get; init; }
}

/// <summary>A named input or an output of a Functional model: the node name, its tensor and its member prefix.</summary>
/// <param name="Offset">Inputs: per-sample offset in the <c>input</c> span; outputs: in <c>outputGradient</c> (and a packed output row).</param>
internal sealed record ModelPortSpec(string Name, string Member, int Tensor, int Offset);

/// <summary>A tensor several layers read: its gradient local and the tensor index of its partial-gradient region.</summary>
internal sealed record GradientPartialSpec(string GradientLocal, int Partial);

/// <summary>A layer's Keras name and C# member prefix, fixed by the naming pass before shapes are inferred.</summary>
/// <param name="Index">Its attribute's position among the layer attributes (for diagnostics sites).</param>
/// <param name="Inbound">Functional models: the names of the nodes it reads (<c>input_layer</c> for the model input); else empty.</param>
/// <param name="Shares">A [Reuse] call: the name of the layer whose weights it uses; else null.</param>
internal sealed record LayerIdentity(int Index, string Name, string Member, EquatableArray<string> Inbound = default, string? Shares = null)
{
    /// <summary>The declared <c>Trainable</c>: the runtime's starting value (<c>LayerInfo.Trainable</c>).</summary>
    public bool Trainable { get; init; } = true;

    /// <summary>The declared regularizer and constraint arguments, attached to the weights they name as those are added.</summary>
    public EquatableArray<Parse.WeightRuleArgument> WeightRules { get; init; } = EquatableArray<Parse.WeightRuleArgument>.Empty;

    /// <summary>A Bidirectional: the wrapped recurrent layer's own name (Keras' <c>lstm</c>, which its halves' names extend); else null.</summary>
    public string? Wrapped { get; init; }

    public string Describe(string typeName) => $"{typeName} '{Name}'";
}

/// <summary>
/// What one layer contributes: its tensors, weights and the lines of Forward/Backward. Each layer kind in
/// Layers/ derives one; the emitters walk the list and ask each layer for its part.
/// </summary>
internal abstract record LayerSpec(LayerIdentity Identity, int Input, int Output, EquatableArray<WeightSpec> Weights)
{
    public string Name => Identity.Name;

    public string Member => Identity.Member;

    /// <summary>The tensors the layer reads, in order: <see cref="Input"/>, or a merge layer's inputs.</summary>
    public virtual System.Collections.Generic.IReadOnlyList<int> InputTensors => new[] { Input };

    /// <summary>
    /// The layer's outputs after <see cref="Output"/>, in Keras' order (a recurrent layer with <c>ReturnState</c>: h, then
    /// LSTM's c); a Functional reference <c>"name:k"</c> reads the k-th (1-based here). Empty for most layers.
    /// </summary>
    public virtual System.Collections.Generic.IReadOnlyList<int> ExtraOutputs => System.Array.Empty<int>();

    /// <summary>
    /// The layer, told which of its outputs (0 = <see cref="Output"/>, then <see cref="ExtraOutputs"/>) some layer or the
    /// loss reads, so it back-propagates from those only (the graph pass calls it once the wiring is known).
    /// </summary>
    public virtual LayerSpec WithReadOutputs(System.Collections.Generic.IReadOnlyCollection<int> ports) => this;

    /// <summary>
    /// Set by <see cref="BatchNormFolding"/> on each layer of a convolution → BatchNormalization (→ relu) chain that inference
    /// runs as one call: the layers before the last one then run in training only, and the last writes the folded call.
    /// </summary>
    public BatchNormFold? InferenceFold { get; init; }

    /// <summary>Keras class name for the summary, e.g. "Dense".</summary>
    public abstract string TypeName { get; }

    /// <summary>Short configuration for comments, e.g. <c>Dense(64, relu)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The activation this layer's last operation applies ("linear" for none), or null if the layer emits no operation.</summary>
    public abstract string? FinalActivation { get; }

    /// <summary>
    /// Keras-style configuration for <c>LayerInfo.Config</c> (what a tool reading ModelInfo needs besides shapes and weights),
    /// as Keras' <c>get_config()</c> names it: <c>units=64</c>, <c>activation=relu</c>, <c>strides=2,2</c>, <c>padding=same</c>.
    /// Values are invariant text; pairs are lists joined with a comma.
    /// </summary>
    public virtual IEnumerable<KeyValuePair<string, string>> Config => Enumerable.Empty<KeyValuePair<string, string>>();

    /// <summary>A config entry.</summary>
    protected static KeyValuePair<string, string> Entry(string key, string value) => new(key, value);

    /// <summary>A config entry for a boolean, spelled as Keras prints it in Python (<c>True</c>, <c>False</c>).</summary>
    protected static KeyValuePair<string, string> Entry(string key, bool value) => new(key, value ? "True" : "False");

    /// <summary>A pair as a config value: <c>3,3</c>.</summary>
    protected static string PairText(int first, int second) => $"{Text.Int(first)},{Text.Int(second)}";

    /// <summary>All weights of the layer, trainable or not, as the summary counts them (a shared layer's other calls count none).</summary>
    public int ParameterCount => Identity.Shares is null ? Weights.Sum(w => w.Length) : 0;

    /// <summary>The trainable part of <see cref="ParameterCount"/>.</summary>
    public int TrainableCount => Identity.Shares is null ? Weights.Where(w => w.Trainable).Sum(w => w.Length) : 0;

    /// <summary>
    /// Whether training needs the whole batch in one forward pass (batch statistics): the runtime then trains each batch as
    /// one chunk. Emitted as <c>LayerInfo.NeedsWholeBatch</c>.
    /// </summary>
    public virtual bool NeedsWholeBatch => false;

    /// <summary>
    /// Writes this layer's ONNX nodes (<see cref="Emit.OnnxEmitter"/>) and records its output's value and layout; a layer
    /// with no ONNX form calls <see cref="Emit.OnnxContext.Fail"/> with a message naming it.
    /// </summary>
    public abstract void EmitOnnx(Emit.OnnxContext context);

    /// <summary>Scratch offset constants of this layer (BatchNormalization's saved statistics).</summary>
    public virtual void EmitScratchLayout(CodeWriter writer)
    {
    }

    /// <summary>Static members the layer's code refers to (a convolution's geometry), written in the shapes section.</summary>
    public virtual void EmitMembers(CodeWriter writer, ModelSpec model)
    {
    }

    /// <summary>Writes this layer's kernel calls into Forward.</summary>
    public abstract void EmitForward(ForwardContext context);

    /// <summary>Whether the layer has anything to back-propagate (weights, or a gradient some earlier weight needs).</summary>
    public abstract bool HasBackward(ModelSpec model);

    /// <summary>Writes this layer's gradient calls into Backward (called in reverse layer order).</summary>
    public abstract void EmitBackward(BackwardContext context);

    /// <summary>The comment line above this layer's code: <c>// dense_1 · Dense(64, relu) · (128) → (64)</c>.</summary>
    public string Banner(ModelSpec model) =>
        $"// {Name} · {Description} · " +
        (InputTensors.Count == 1 ? Text.Shape(model.Tensors[Input].Shape) : $"[{string.Join(", ", InputTensors.Select(i => Text.Shape(model.Tensors[i].Shape)))}]") +
        $" → {Text.Shape(model.Tensors[Output].Shape)}";
}

/// <summary>
/// Stands in for a layer whose input shape was wrong: inference stops there (later shapes would only be noise) and the
/// model is not generated, so this spec is never emitted.
/// </summary>
internal sealed record FailedLayerSpec(LayerIdentity Identity, int Input, string FailedTypeName)
    : LayerSpec(Identity, Input, Input, EquatableArray<WeightSpec>.Empty)
{
    public override string TypeName => FailedTypeName;

    public override string Description => FailedTypeName;

    public override string? FinalActivation => null;

    public override void EmitForward(ForwardContext context) => throw new System.InvalidOperationException("A failed layer is never emitted.");

    public override bool HasBackward(ModelSpec model) => false;

    public override void EmitBackward(BackwardContext context) => throw new System.InvalidOperationException("A failed layer is never emitted.");

    public override void EmitOnnx(OnnxContext context) => throw new System.InvalidOperationException("A failed layer is never emitted.");
}
