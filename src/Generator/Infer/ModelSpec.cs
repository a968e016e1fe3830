using System.Linq;
using GenNet.Generator.Emit;
using GenNet.Generator.Helpers;
using GenNet.Generator.Parse;

namespace GenNet.Generator.Infer;

/// <summary>
/// Everything the emitters need, computed once by <see cref="Inferrer"/>: names, shapes, sizes, offsets.
/// Equatable data, so an unchanged model is not re-emitted.
/// </summary>
/// <param name="Tensors">Every tensor the forward pass produces; index 0 is the model input (not in the workspace).</param>
/// <param name="OutputTensor">The tensor the last layer produces; its region is the model output.</param>
/// <param name="OutputActivation">Activation of the final operation, or "linear"; the runtime fuses losses on it.</param>
/// <param name="Fingerprint">FNV-1a 64 of <see cref="Inferrer.CanonicalText"/>: architecture, not initializers.</param>
internal sealed record ModelSpec(
    TypeDeclaration Type,
    string Name,
    EquatableArray<TensorSpec> Tensors,
    EquatableArray<LayerSpec> Layers,
    int ParameterCount,
    int ActivationsPerSample,
    int OutputTensor,
    string OutputActivation,
    string Fingerprint)
{
    public TensorSpec Input => Tensors[0];

    public TensorSpec Output => Tensors[OutputTensor];

    public EquatableArray<WeightSpec> Weights => Layers.SelectMany(l => l.Weights).ToEquatableArray();

    /// <summary>Hint name of the generated file: <c>Namespace.Outer.Class.g.cs</c>.</summary>
    public string HintName => Type.FullName + ".g.cs";
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
    bool NeedsGradient)
{
    public bool IsModelInput => OffsetConstant is null;

    /// <summary>Length of the last axis: the row length of softmax, the fan-in of Dense.</summary>
    public int LastAxis => Shape[Shape.Count - 1];

    /// <summary>Product of the leading axes: Dense applies to the last axis, so these are extra rows per sample.</summary>
    public int LeadingSize => Size / LastAxis;
}

/// <summary>One weight tensor: a named slice of the parameter buffer.</summary>
/// <param name="Key">Safetensors key, e.g. <c>dense_1.kernel</c>.</param>
/// <param name="Member">C# prefix, e.g. <c>Dense1Kernel</c> (property), <c>Dense1KernelOffset</c>, <c>Dense1KernelLength</c>.</param>
internal sealed record WeightSpec(
    string Key,
    string Member,
    EquatableArray<int> Shape,
    int Offset,
    int Length,
    InitializerSpec Initializer,
    int FanIn,
    int FanOut);

/// <summary>A layer's Keras name and C# member prefix, fixed by the naming pass before shapes are inferred.</summary>
internal sealed record LayerIdentity(int Index, string Name, string Member)
{
    public string Describe(string typeName) => typeName + " '" + Name + "'";
}

/// <summary>
/// What one layer contributes: its tensors, weights and the lines of Forward/Backward. Each layer kind in
/// Layers/ derives one; the emitters walk the list and ask each layer for its part.
/// </summary>
internal abstract record LayerSpec(LayerIdentity Identity, int Input, int Output, EquatableArray<WeightSpec> Weights)
{
    public string Name => Identity.Name;

    public string Member => Identity.Member;

    /// <summary>Keras class name for the summary, e.g. "Dense".</summary>
    public abstract string TypeName { get; }

    /// <summary>Short configuration for comments, e.g. <c>Dense(64, relu)</c>.</summary>
    public abstract string Description { get; }

    /// <summary>The activation this layer's last operation applies ("linear" for none), or null if the layer emits no operation.</summary>
    public abstract string? FinalActivation { get; }

    public int ParameterCount => Weights.Sum(w => w.Length);

    /// <summary>Writes this layer's kernel calls into Forward.</summary>
    public abstract void EmitForward(ForwardContext context);

    /// <summary>Whether the layer has anything to back-propagate (weights, or a gradient some earlier weight needs).</summary>
    public abstract bool HasBackward(ModelSpec model);

    /// <summary>Writes this layer's gradient calls into Backward (called in reverse layer order).</summary>
    public abstract void EmitBackward(BackwardContext context);

    /// <summary>The comment line above this layer's code: <c>// dense_1 · Dense(64, relu) · (128) → (64)</c>.</summary>
    public string Banner(ModelSpec model) =>
        "// " + Name + " · " + Description + " · " + Text.Shape(model.Tensors[Input].Shape) + " → " + Text.Shape(model.Tensors[Output].Shape);
}
